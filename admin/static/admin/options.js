/* Administration → Tùy chọn: each centre option with its Vietnamese label, help and the widget that fits; no JSON. */
(function () {
  "use strict";
  const XH = window.XH;
  const SECTIONS = {
    centre: ["authority_name", "centre_name", "hotline", "address"],
    hours: ["enforce_hours", "working_days", "holidays", "closed_early_on"],
    queue: ["priority_policy", "default_service_time_s", "wait_target_s"],
    voice: ["voice_reading", "voice_zero_tens", "voice_thousand", "voice_repeat", "display_volume",
      "display_quiet_hours", "display_notice", "recent_calls_shown"],
    rating: ["rating_scale", "rating_reasons", "rating_timeout_s", "short_service_s", "satisfaction_target",
      "satisfaction_targets", "satisfaction_denominator"],
    report: ["report_parent_body", "report_unit", "report_place", "report_number", "report_symbol",
      "report_addressee", "report_signer_title", "report_signer_name", "report_recipients"],
    public: ["public_officers", "public_on_displays", "public_on_kiosk", "public_every_s", "public_show_s"],
  };
  const INSIDE = ["priority_every"];  // drawn inside another option's widget (the interleave choice)
  const PERCENT = ["satisfaction_target", "display_volume"];
  const LINES = ["report_signer_title", "report_recipients"];
  const pct = (v) => String(Math.round(v * 1000) / 10);

  /** A client-side problem (an empty row): said next to the field like the server's. */
  class Problem extends Error {}

  const radio = (name, value, checked, ...label) => {
    const box = XH.el("input", { type: "radio", name, value: String(value) });
    box.checked = checked;
    return XH.el("label", { class: "choice" }, box, ...label);
  };
  const numberBox = (name, value, allowed, attrs) => XH.el("input", Object.assign({ type: "number", name,
    value: String(value), min: allowed.low === null ? null : String(allowed.low),
    max: allowed.high === null ? null : String(allowed.high), step: "1" }, attrs || {}));
  const readNumber = (el, scale) => {
    if (el.value.trim() === "" || Number.isNaN(Number(el.value))) throw new Problem(XH.t("option.ui.not_number"));
    // A percentage is checked here, in the unit the manager typed (the server's message would say 0 to 1).
    if (scale === 100 && !(Number(el.value) >= 0 && Number(el.value) <= 100)) throw new Problem(XH.t("option.ui.percent"));
    return scale ? Number(el.value) / scale : Number(el.value);
  };

  /** Rows added and removed (holidays, quiet hours): `row(value)` builds one row's inputs. */
  function rows(name, values, row, addKey) {
    const list = XH.el("div", { class: "rows", "data-rows": name });
    const none = XH.el("p", { class: "none", text: XH.t("option.ui.none") });
    const refresh = () => { none.hidden = list.children.length > 0; };
    const add = (value) => {
      const line = XH.el("div", { class: "row" }, ...row(value),
        XH.el("button", { type: "button", class: "remove", text: XH.t("option.ui.remove"),
          onclick: () => { line.remove(); refresh(); } }));
      list.append(line);
      refresh();
      return line;
    };
    values.forEach(add);
    refresh();
    const button = XH.el("button", { type: "button", "data-add-row": name, text: XH.t(addKey), onclick: () => {
      const line = add(undefined);
      line.querySelector("input").focus();
    } });
    return XH.el("div", {}, list, none, button);
  }

  /** A typed day (dd/mm/yyyy) as the ISO day the server keeps, or a Problem naming what was typed. */
  function readDay(input) {
    if (!input.value.trim()) throw new Problem(XH.t("option.ui.no_date"));
    const iso = XH.isoDay(input.value);
    if (!iso) throw new Problem(XH.t("report.bad_day", { text: input.value.trim() }));
    return iso;
  }

  /** {node, read} for one option: read() gives its value, or throws a Problem said next to the field. */
  function widget(name, value, config) {
    const allowed = config.option_allowed[name] || { low: null, high: null, choices: [] };
    if (name === "working_days") {
      const node = XH.el("div", { class: "boxes days" }, ...[0, 1, 2, 3, 4, 5, 6].map((d) => {
        const box = XH.el("input", { type: "checkbox", name, value: String(d) });
        box.checked = value.includes(d);
        return XH.el("label", {}, box, " " + XH.t("weekday." + d));
      }));
      return { node, read: () => [...node.querySelectorAll("input:checked")].map((b) => Number(b.value)) };
    }
    if (name === "rating_reasons") {
      const node = XH.el("div", { class: "boxes" }, ...allowed.choices.map((r) => {
        const box = XH.el("input", { type: "checkbox", name, value: r });
        box.checked = value.includes(r);
        return XH.el("label", {}, box, " " + XH.t("rating.reason." + r));
      }));
      return { node, read: () => [...node.querySelectorAll("input:checked")].map((b) => b.value) };
    }
    if (name === "holidays") {
      const node = rows(name, [...value].sort(), (d) => [XH.dayField({ name, "aria-label": XH.t("option." + name) }, d).node], "option.ui.add_date");
      return { node, read: () => [...node.querySelectorAll(`input[name="${name}"]`)].map(readDay) };
    }
    if (name === "display_quiet_hours") {
      const node = rows(name, value, (p) => [XH.t("option.ui.from") + " ",
        XH.el("input", { type: "time", name: name + ".start", value: p ? p[0] : "" }), " " + XH.t("option.ui.to") + " ",
        XH.el("input", { type: "time", name: name + ".end", value: p ? p[1] : "" })], "option.ui.add_period");
      return { node, read: () => [...node.querySelectorAll(".row")].map((line) => {
        const [a, b] = line.querySelectorAll("input[type=time]");
        if (!a.value || !b.value) throw new Problem(XH.t("option.ui.no_time"));
        return [a.value, b.value];
      }) };
    }
    if (name === "satisfaction_targets") {
      const overall = pct(config.options.satisfaction_target);
      const node = XH.el("table", { class: "grid targets" },
        XH.el("thead", {}, XH.el("tr", {}, XH.el("th", { text: XH.t("option.ui.field") }),
          XH.el("th", { text: XH.t("option.ui.target") }))),
        XH.el("tbody", {}, ...config.services.map((s) => XH.el("tr", {}, XH.el("td", { text: `${s.code} — ${s.name_vi}` }),
          XH.el("td", {}, XH.el("input", { type: "number", name: `${name}.${s.code}`, "data-field": s.code, min: "0",
            max: "100", step: "0.1", placeholder: XH.t("option.ui.overall", { n: overall }),
            value: value[s.code] === undefined ? "" : pct(value[s.code]) }))))));
      return { node, read: () => {
        const out = {};
        for (const [code, target] of Object.entries(value)) {  // a field not listed here (retired) keeps its target
          if (!config.services.some((s) => s.code === code)) out[code] = target;
        }
        node.querySelectorAll("input").forEach((el) => { if (el.value.trim() !== "") out[el.dataset.field] = readNumber(el, 100); });
        return out;
      } };
    }
    if (name === "priority_policy") {
      const every = numberBox("priority_every", config.options.priority_every,
        config.option_allowed.priority_every, { class: "inline", "aria-label": XH.t("option.priority_every") });
      const [before, after] = XH.t("option.priority_policy.interleave").split("{n}");
      const node = XH.el("div", { class: "choices" },
        radio(name, "strict", value === "strict", " " + XH.t("option.priority_policy.strict")),
        radio(name, "interleave", value === "interleave", " " + before, every, after),
        XH.el("span", { class: "error", "data-error-for": "priority_every" }));
      return { node, read: () => node.querySelector(`input[name="${name}"]:checked`).value,
        extra: { priority_every: () => readNumber(every) } };
    }
    if (allowed.choices.length && !Array.isArray(value)) {
      const node = XH.el("div", { class: "choices" }, ...allowed.choices.map((c) =>
        radio(name, c, c === value, " " + XH.t(`option.${name}.${c}`))));
      if (name === "voice_reading") node.append(listenButton());
      return { node, read: () => {
        const v = node.querySelector(`input[name="${name}"]:checked`).value;
        return allowed.choices.find((c) => String(c) === v);
      } };
    }
    if (LINES.includes(name)) {
      const node = XH.el("textarea", { name, rows: Math.max(3, value.length + 1) });
      node.value = value.join("\n");
      return { node, read: () => node.value.split("\n").map((l) => l.trim()).filter(Boolean) };
    }
    if (typeof value === "boolean") {
      const box = XH.el("input", { type: "checkbox", name });
      box.checked = value;
      const said = XH.el("span", { text: XH.t(value ? "admin.yes" : "admin.no") });
      box.addEventListener("change", () => { said.textContent = XH.t(box.checked ? "admin.yes" : "admin.no"); });
      return { node: XH.el("label", { class: "switch" }, box, " ", said), read: () => box.checked };
    }
    if (PERCENT.includes(name)) {
      const node = XH.el("input", { type: "number", name, min: "0", max: "100", step: "0.1", value: pct(value) });
      return { node, read: () => readNumber(node, 100) };
    }
    if (typeof value === "number") {
      const node = numberBox(name, value, allowed);
      return { node, read: () => readNumber(node) };
    }
    if (name === "closed_early_on") {
      const field = XH.dayField({ name, "aria-label": XH.t("option." + name) }, value);
      return { node: field.node, read: () => (field.input.value.trim() ? readDay(field.input) : "") };
    }
    const node = XH.el("input", { type: "text", name, value });
    return { node, read: () => node.value };
  }

  /** "Nghe thử": the sample call said as the form now reads numbers (saved or not). */
  function listenButton() {
    const said = XH.el("span", { class: "error", "data-error-for": "listen" });
    const button = XH.el("button", { type: "button", id: "listen", text: "▶ " + XH.t("option.ui.listen"), onclick: async () => {
      const form = button.closest("form");
      const pick = (n) => (form.querySelector(`input[name="${n}"]:checked`) || {}).value || "";
      const query = new URLSearchParams({ reading: pick("voice_reading"), zero_tens: pick("voice_zero_tens"),
        thousand: pick("voice_thousand") });
      said.textContent = "";
      try {
        const audio = new Audio("/api/admin/sample-call.wav?" + query);
        audio.id = "sample-call";
        await audio.play();
      } catch (error) { said.textContent = XH.t("option.ui.listen_failed", { error: error.message }); }
    } });
    return XH.el("span", { class: "listen" }, button, said);
  }

  function render({ flash, load }) {
    const config = window.adminPage.config;
    const form = XH.el("form", { class: "options", id: "options-form", novalidate: true });
    const readers = {};
    const placed = new Set(INSIDE);
    const sections = Object.entries(SECTIONS).map(([key, names]) => [key, names.filter((n) => n in config.options)]);
    sections.forEach(([, names]) => names.forEach((n) => placed.add(n)));
    sections.push(["other", Object.keys(config.options).filter((n) => !placed.has(n))]);
    for (const [key, names] of sections) {
      if (!names.length) continue;
      const box = XH.el("fieldset", { class: "section", "data-section": key }, XH.el("legend", { text: XH.t("option.ui.section." + key) }));
      for (const name of names) {
        const w = widget(name, config.options[name], config);
        readers[name] = w.read;
        Object.assign(readers, w.extra || {});
        const allowed = config.option_allowed[name] || {};
        const range = typeof config.options[name] === "number" && !PERCENT.includes(name) && allowed.low !== null
          ? " " + XH.t("option.ui.range", { low: allowed.low, high: allowed.high }) : "";
        box.append(XH.el("div", { class: "field option", "data-option": name },
          XH.el("span", { class: "label", text: XH.t("option." + name) }),
          XH.el("small", { text: XH.t(`option.${name}.help`) + range }), w.node,
          XH.el("span", { class: "error", "data-error-for": name })));
      }
      form.append(box);
    }
    form.append(XH.el("div", { class: "buttons" }, XH.el("button", { type: "submit", class: "primary", text: XH.t("admin.save") })));
    const say = (name, text) => {
      const el = form.querySelector(`[data-error-for="${name}"]`);
      if (el) el.textContent = text;
      return !!el;
    };
    form.onsubmit = async (e) => {
      e.preventDefault();
      form.querySelectorAll(".error").forEach((el) => { el.textContent = ""; });
      const changes = {};
      let problems = false;
      for (const [name, read] of Object.entries(readers)) {
        try {
          const value = read();
          if (JSON.stringify(value) !== JSON.stringify(config.options[name])) changes[name] = value;
        } catch (error) {
          if (!(error instanceof Problem)) throw error;
          problems = say(name, error.message) || problems;
        }
      }
      if (problems) { flash(XH.t("option.ui.refused"), true); return; }
      if (!Object.keys(changes).length) { flash(XH.t("option.ui.nothing_changed")); return; }
      try {
        await XH.api("PUT", "/api/admin/options", changes);
        flash(XH.t("admin.saved"));
        await load();
      } catch (error) {
        const fields = (error.body && error.body.fields) || {};
        for (const [name, text] of Object.entries(fields)) say(name, text);
        flash(Object.keys(fields).length ? XH.t("option.ui.refused") : error.message, true);
        const first = form.querySelector(".error:not(:empty)");
        if (first) first.scrollIntoView({ block: "center" });
      }
    };
    return [form];
  }

  window.adminTabs = Object.assign(window.adminTabs || {}, { options: render });
})();
