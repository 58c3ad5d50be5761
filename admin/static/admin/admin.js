/* Administration: one table and one form per kind of thing; errors shown next to their field. */
(function () {
  "use strict";
  const XH = window.XH;
  const $ = (id) => document.getElementById(id);
  let config = null;
  let tab = "services";
  let lastUpload = [];  // the lines telling what the last upload did, kept across re-renders

  const sessionsToText = (s) => (s || []).map(([a, b]) => `${a}-${b}`).join(", ");
  const textToSessions = (text) => text.split(",").map((p) => p.trim()).filter(Boolean).map((p) => p.split("-").map((x) => x.trim()));

  const SCHEMAS = {
    services: {
      key: "code", url: "/api/admin/services", rows: () => config.services,
      columns: ["code", "name_vi", "name_en", "icon", "daily_cap", "sessions", "active"],
      fields: [
        { name: "code", type: "text", createOnly: true, maxlength: 1 },
        { name: "name_vi", type: "text" }, { name: "name_en", type: "text" },
        { name: "icon", type: "icons" },
        { name: "daily_cap", type: "number", nullable: true },
        { name: "sessions", type: "sessions" },
        { name: "active", type: "checkbox" },
        { name: "position", type: "number" },
      ],
    },
    counters: {
      key: "number", url: "/api/admin/counters", rows: () => config.counters,
      columns: ["number", "name", "services", "display_group"],
      fields: [
        { name: "number", type: "number", createOnly: true },
        { name: "name", type: "text" },
        { name: "services", type: "codes" },
        { name: "display_group", type: "text", initial: "main" }, // the default group, shown in the new form
      ],
    },
    users: {
      key: "id", url: "/api/admin/users", rows: () => config.users,
      columns: ["username", "full_name", "role", "active"],
      fields: [
        { name: "username", type: "text", createOnly: true },
        { name: "full_name", type: "text" },
        { name: "role", type: "select", choices: () => ["clerk", "manager", "admin"].map((r) => [r, XH.t("admin.role." + r)]) },
        { name: "password", type: "password", createOnly: true },
        { name: "active", type: "checkbox" },
      ],
      actions: (row) => [XH.el("button", { type: "button", "data-reset": row.id, text: XH.t("admin.reset_password"),
        onclick: () => resetPassword(row) })],
    },
    priorities: {
      key: "code", url: "/api/admin/priorities", rows: () => config.priorities,
      columns: ["code", "name_vi", "name_en", "active"],
      fields: [
        { name: "code", type: "text", createOnly: true },
        { name: "name_vi", type: "text" }, { name: "name_en", type: "text" },
        { name: "active", type: "checkbox" },
      ],
    },
  };

  function flash(text, bad) {
    const el = $("flash");
    el.textContent = text;
    el.className = "flash" + (bad ? " bad" : "");
    el.hidden = false;
    setTimeout(() => { if (el.textContent === text) el.hidden = true; }, 6000);
  }

  function show(value, column) {
    if (column === "icon") {  // drawn as on the kiosk, named in words for a screen reader
      const svg = window.adminLists.icon(value || "dots");
      return XH.el("span", { class: "icon-cell", title: XH.t("admin.icon." + (value || "dots")) }, svg);
    }
    if (column === "sessions") return sessionsToText(value);
    if (column === "services") return (value || []).join(", ");
    if (column === "active") return XH.t(value ? "admin.yes" : "admin.no");
    if (column === "role") return XH.t("admin.role." + value);
    return value === null || value === undefined ? "—" : String(value);
  }

  // ------------------------------------------------------------ tables

  function renderTable(kind) {
    const schema = SCHEMAS[kind];
    const table = XH.el("table", { class: "grid", "data-table": kind },
      XH.el("thead", {}, XH.el("tr", {}, ...schema.columns.map((c) => XH.el("th", { text: XH.t("admin.col." + c) })), XH.el("th"))));
    const body = XH.el("tbody");
    for (const row of schema.rows()) {
      body.append(XH.el("tr", { "data-key": row[schema.key], class: row.active === 0 || row.active === false ? "inactive" : "" },
        ...schema.columns.map((c) => {
          const shown = show(row[c], c);
          return typeof shown === "string" ? XH.el("td", { text: shown }) : XH.el("td", {}, shown);
        }),
        XH.el("td", { class: "actions" }, XH.el("button", { type: "button", "data-edit": row[schema.key], text: XH.t("admin.edit"),
          onclick: () => openEditor(kind, row) }), ...(schema.actions ? schema.actions(row) : []))));
    }
    table.append(body);
    return [XH.el("button", { type: "button", class: "primary", "data-add": kind, text: XH.t("admin.add"),
      onclick: () => openEditor(kind, null) }), table];
  }

  // ------------------------------------------------------------ the form

  function input(field, value) {
    const id = "f-" + field.name;
    let control;
    if (field.type === "checkbox") {
      control = XH.el("input", { type: "checkbox", id, name: field.name });
      control.checked = value === undefined ? true : !!value;
    } else if (field.type === "select") {
      control = XH.el("select", { id, name: field.name }, ...field.choices().map(([v, label]) => {
        const o = XH.el("option", { value: v, text: label });
        o.selected = v === value;
        return o;
      }));
    } else if (field.type === "icons") {
      control = window.adminLists.iconPicker(field.name, value);
    } else if (field.type === "codes") {
      control = XH.el("div", { class: "codes", id }, ...config.services.map((s) => {
        const box = XH.el("input", { type: "checkbox", name: field.name, value: s.code });
        box.checked = (value || []).includes(s.code);
        return XH.el("label", {}, box, ` ${s.code} — ${s.name_vi}`);
      }));
    } else {
      control = XH.el("input", { id, name: field.name, type: field.type === "number" ? "number" : field.type === "password" ? "password" : "text",
        maxlength: field.maxlength || null });
      if (value === undefined && field.initial !== undefined) value = field.initial;
      control.value = field.type === "sessions" ? sessionsToText(value) : value === null || value === undefined ? "" : value;
      if (field.type === "sessions") control.placeholder = XH.t("admin.sessions_hint");
    }
    return XH.el(field.type === "icons" ? "div" : "label", { class: "field" }, XH.el("span", { text: XH.t("admin.col." + field.name) }), control,
      XH.el("span", { class: "error", "data-error-for": field.name }));
  }

  function read(field, form) {
    if (field.type === "icons") return (form.querySelector(`input[name="${field.name}"]:checked`) || {}).value;
    if (field.type === "codes") return [...form.querySelectorAll(`input[name="${field.name}"]:checked`)].map((b) => b.value);
    const el = form.querySelector(`[name="${field.name}"]`);
    if (field.type === "checkbox") return el.checked;
    if (field.type === "number") return el.value === "" ? (field.nullable ? null : undefined) : Number(el.value);
    if (field.type === "sessions") return el.value.trim() ? textToSessions(el.value) : undefined;
    return el.value;
  }

  function openEditor(kind, row) {
    const schema = SCHEMAS[kind];
    const form = $("editor-form");
    const fields = schema.fields.filter((f) => !(row && f.createOnly));
    form.replaceChildren(XH.el("h2", { text: XH.t("admin.tab." + kind) + (row ? ` — ${row[schema.key]}` : "") }),
      ...fields.map((f) => input(f, row ? row[f.name] : undefined)),
      XH.el("p", { class: "error", "data-error-for": "_" }),
      XH.el("div", { class: "buttons" }, XH.el("button", { type: "submit", class: "primary", text: XH.t("admin.save") }),
        XH.el("button", { type: "button", text: XH.t("admin.cancel"), onclick: () => $("editor").close() })));
    form.onsubmit = async (e) => {
      e.preventDefault();
      const body = {};
      for (const f of fields) {
        const v = read(f, form);
        if (v !== undefined) body[f.name] = v;
      }
      form.querySelectorAll(".error").forEach((el) => { el.textContent = ""; });
      try {
        if (row) await XH.api("PUT", `${schema.url}/${encodeURIComponent(row[schema.key])}`, body);
        else await XH.api("POST", schema.url, body);
        $("editor").close();
        flash(XH.t("admin.saved"));
        await load();
      } catch (error) {
        const problems = (error.body && error.body.fields) || { _: error.message };
        for (const [name, text] of Object.entries(problems)) {
          const el = form.querySelector(`[data-error-for="${name}"]`) || form.querySelector('[data-error-for="_"]');
          el.textContent = text;
        }
      }
    };
    $("editor").showModal();
  }

  async function resetPassword(row) {
    const form = $("editor-form");
    form.replaceChildren(XH.el("h2", { text: `${XH.t("admin.reset_password")} — ${row.username}` }),
      XH.el("label", { class: "field" }, XH.el("span", { text: XH.t("admin.new_password") }),
        XH.el("input", { type: "password", name: "password", id: "f-password" }), XH.el("span", { class: "error", "data-error-for": "password" })),
      XH.el("div", { class: "buttons" }, XH.el("button", { type: "submit", class: "primary", text: XH.t("admin.save") }),
        XH.el("button", { type: "button", text: XH.t("admin.cancel"), onclick: () => $("editor").close() })));
    form.onsubmit = async (e) => {
      e.preventDefault();
      try {
        await XH.api("POST", `/api/admin/users/${row.id}/password`, { password: form.querySelector("[name=password]").value });
        $("editor").close();
        flash(XH.t("admin.saved"));
      } catch (error) {
        form.querySelector('[data-error-for="password"]').textContent = (error.body.fields || {}).password || error.message;
      }
    };
    $("editor").showModal();
  }

  // ------------------------------------------------------------ procedures (options: options.js, audit: lists.js)

  function renderProcedures() {
    const info = XH.el("p", { id: "procedures-info", text: XH.t("admin.current_list", { source: config.procedures.source, n: config.procedures.count }) });
    const file = XH.el("input", { type: "file", id: "procedures-file", accept: ".csv,.xlsx" });
    const result = XH.el("div", { id: "procedures-result" }, ...lastUpload);
    const button = XH.el("button", { type: "button", class: "primary", id: "procedures-upload", text: XH.t("admin.upload"),
      onclick: async () => {
        const data = new FormData();
        if (file.files[0]) data.append("file", file.files[0]);
        try {
          const r = await XH.api("POST", "/api/admin/procedures", data, true);
          lastUpload = [XH.el("p", { class: "good", text: XH.t("admin.imported", { n: r.imported }) }),
            ...r.rejected.map((x) => XH.el("p", { class: "bad", text: XH.t("admin.rejected_line", x) }))];
          await load();
        } catch (error) {
          lastUpload = [XH.el("p", { class: "bad", text: ((error.body.fields || {}).file) || error.message }),
            ...(error.body.rejected || []).map((x) => XH.el("p", { class: "bad", text: XH.t("admin.rejected_line", x) }))];
          result.replaceChildren(...lastUpload);
        }
      } });
    return [info, XH.el("div", { class: "upload" }, file, button), result];
  }

  // ------------------------------------------------------------ devices

  async function renderDevices() {
    const list = await XH.api("GET", "/api/admin/devices");
    const form = XH.el("form", { class: "pair", id: "pair-form", novalidate: true },
      XH.el("label", { class: "field" }, XH.el("span", { text: XH.t("admin.devices.code") }),
        XH.el("input", { name: "code", id: "pair-code", inputmode: "numeric", autocomplete: "off", maxlength: 7, required: true }),
        XH.el("span", { class: "error", "data-error-for": "code" })),
      XH.el("label", { class: "field" }, XH.el("span", { text: XH.t("admin.devices.name") }),
        XH.el("input", { name: "name", id: "pair-name", maxlength: 60 }), XH.el("span", { class: "error", "data-error-for": "name" })),
      XH.el("button", { type: "submit", class: "primary", text: XH.t("admin.devices.confirm") }));
    form.onsubmit = async (e) => {
      e.preventDefault();
      form.querySelectorAll(".error").forEach((el) => { el.textContent = ""; });
      const body = { code: form.code.value };
      if (form.name.value.trim()) body.name = form.name.value.trim();
      try {
        const device = await XH.api("POST", "/api/admin/devices/confirm", body);
        flash(XH.t("admin.devices.paired", { name: device.name }));
        await render();
      } catch (error) {
        const problems = (error.body && error.body.fields) || { code: error.message };
        for (const [name, text] of Object.entries(problems)) {
          (form.querySelector(`[data-error-for="${name}"]`) || form.querySelector('[data-error-for="code"]')).textContent = text;
        }
      }
    };
    const cols = ["name", "kind", "config", "last_seen_at", "status", "address"];
    const lists = window.adminLists;
    const table = XH.el("table", { class: "grid", "data-table": "devices" },
      XH.el("thead", {}, XH.el("tr", {}, ...cols.map((c) => XH.el("th", { text: XH.t("admin.col." + c) })), XH.el("th"))),
      XH.el("tbody", {}, ...list.map((d) => XH.el("tr", { "data-key": d.id, "data-status": d.status, class: d.status === "revoked" ? "inactive" : "" },
        XH.el("td", {}, d.name, XH.el("small", { class: "id", text: `#${d.id}` })),
        XH.el("td", { text: lists.deviceKind(d) }), XH.el("td", { text: lists.deviceJob(d) }),
        XH.el("td", { class: "nowrap", "data-seen": d.last_seen_at || "", title: d.last_seen_at ? lists.when(d.last_seen_at) : "",
          text: d.last_seen_at ? lists.ago(d.last_seen_at) : XH.t("admin.devices.never") }),
        XH.el("td", { text: XH.t("admin.device_status." + d.status) + (d.code ? ` — ${d.code.slice(0, 3)} ${d.code.slice(3)}` : "") }),
        XH.el("td", { text: d.address || "" }),
        XH.el("td", { class: "actions" }, d.status === "revoked" ? null : XH.el("button", { type: "button", "data-revoke": d.id,
          text: XH.t("admin.devices.revoke"), onclick: async () => {
            if (!window.confirm(XH.t("admin.devices.revoke_confirm", { name: d.name }))) return;
            try {
              await XH.api("POST", `/api/admin/devices/${d.id}/revoke`);
              flash(XH.t("admin.devices.revoked", { name: d.name }));
              await render();
            } catch (error) { flash(error.message, true); }
          } }))))));
    return [XH.el("p", { class: "help", text: XH.t("admin.devices.help") }), form, table];
  }

  async function render() {
    document.querySelectorAll("#tabs [data-tab]").forEach((b) => b.classList.toggle("active", b.dataset.tab === tab));
    let content;
    if (SCHEMAS[tab]) content = renderTable(tab);
    else if (tab === "procedures") content = renderProcedures();
    else if (tab === "devices") content = await renderDevices();
    else content = await window.adminTabs[tab]({ flash, render, load });  // options, integration, audit
    $("panel").replaceChildren(...content);
  }

  async function load() {
    config = await XH.api("GET", "/api/admin/config");
    await render();
  }

  document.querySelectorAll("#tabs [data-tab]").forEach((b) => b.addEventListener("click", () => { tab = b.dataset.tab; render(); }));
  let socket = null;
  window.onManager = () => {
    load();
    if (!socket) {  // a device asking to pair shows up at once on the devices tab
      socket = XH.connect("/admin", {});
      socket.on("devices_changed", () => { if (tab === "devices" && !document.activeElement.closest("#pair-form")) render(); });
    }
  };
  window.adminPage = { get config() { return config; } };
})();
