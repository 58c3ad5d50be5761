/* Administration → Kết nối một cửa: integration tokens (created, shown once, revoked) and the webhook backlog. */
(function () {
  "use strict";
  const XH = window.XH;
  const SCOPES = ["tickets:read", "ratings:read", "dossiers:write"];
  const when = (iso) => {
    if (!iso) return "—";
    const at = new Date(iso), c = XH.clock(at); // the centre's time (and XH.zone checked)
    return XH.lang === "en" ? at.toLocaleString("en-GB", { timeZone: XH.zone }) : `${c.dd}/${c.mm}/${c.yyyy} ${c.hh}:${c.mi}:${c.ss}`;
  };

  function table(name, cols, rows, cells) {
    return XH.el("table", { class: "grid", "data-table": name },
      XH.el("thead", {}, XH.el("tr", {}, ...cols.map((c) => XH.el("th", { text: c ? XH.t("admin.integration.col." + c) : "" })))),
      XH.el("tbody", {}, ...rows.map(cells)));
  }

  async function render({ flash, render: again }) {
    const status = await XH.api("GET", "/api/admin/integration");
    const shown = XH.el("div", { class: "token-once", id: "token-once", hidden: true });
    const form = XH.el("form", { class: "pair", id: "token-form", novalidate: true },
      XH.el("label", { class: "field" }, XH.el("span", { text: XH.t("admin.integration.name") }),
        XH.el("input", { name: "name", id: "token-name", maxlength: 60, autocomplete: "off" }),
        XH.el("span", { class: "error", "data-error-for": "name" })),
      XH.el("fieldset", { class: "field scopes" }, XH.el("legend", { text: XH.t("admin.integration.scopes") }),
        ...SCOPES.map((s) => XH.el("label", {}, XH.el("input", { type: "checkbox", name: "scope", value: s }),
          XH.el("span", { text: ` ${s} — ${XH.t("admin.integration.scope." + s)}` }))),
        XH.el("span", { class: "error", "data-error-for": "scopes" })),
      XH.el("button", { type: "submit", class: "primary", text: XH.t("admin.integration.create") }));
    form.onsubmit = async (e) => {
      e.preventDefault();
      form.querySelectorAll(".error").forEach((el) => { el.textContent = ""; });
      const scopes = [...form.querySelectorAll("[name=scope]:checked")].map((b) => b.value);
      try {
        const made = await XH.api("POST", "/api/admin/tokens", { name: form.name.value, scopes });
        const box = XH.el("input", { readonly: true, id: "token-value", value: made.token, size: 50 });
        shown.replaceChildren(XH.el("strong", { text: XH.t("admin.integration.once", { name: made.name }) }), box);
        const list = await render({ flash, render: again });
        list.unshift(shown);
        shown.hidden = false;
        document.getElementById("panel").replaceChildren(...list);
        box.select();
      } catch (error) {
        const problems = (error.body && error.body.fields) || { name: error.message };
        for (const [name, text] of Object.entries(problems)) {
          (form.querySelector(`[data-error-for="${name}"]`) || form.querySelector('[data-error-for="name"]')).textContent = text;
        }
      }
    };
    const tokens = table("tokens", ["name", "scopes", "created_at", "last_used_at", "status", ""], status.tokens, (tk) =>
      XH.el("tr", { "data-key": tk.id, class: tk.active ? "" : "inactive" },
        XH.el("td", { text: tk.name }), XH.el("td", { text: tk.scopes.join(", ") }),
        XH.el("td", { text: when(tk.created_at) }), XH.el("td", { text: when(tk.last_used_at) }),
        XH.el("td", { text: tk.active ? XH.t("admin.integration.active") : XH.t("admin.integration.revoked", { at: when(tk.revoked_at) }) }),
        XH.el("td", { class: "actions" }, tk.active ? XH.el("button", { type: "button", "data-revoke-token": tk.id,
          text: XH.t("admin.devices.revoke"), onclick: async () => {
            if (!window.confirm(XH.t("admin.integration.revoke_confirm", { name: tk.name }))) return;
            try {
              await XH.api("POST", `/api/admin/tokens/${tk.id}/revoke`);
              flash(XH.t("admin.integration.revoked_ok", { name: tk.name }));
              await again();
            } catch (error) { flash(error.message, true); }
          } }) : null)));
    const receivers = status.receivers.length
      ? table("receivers", ["url", "waiting", "oldest_at", "attempts", "last_error", "last_ok_at"], status.receivers, (r) =>
        XH.el("tr", { "data-url": r.url, class: r.waiting && r.attempts ? "miss" : "" },
          XH.el("td", { text: r.url }), XH.el("td", { class: "num", text: r.waiting }), XH.el("td", { text: when(r.oldest_at) }),
          XH.el("td", { class: "num", text: r.attempts }), XH.el("td", { text: r.last_error || "—" }), XH.el("td", { text: when(r.last_ok_at) })))
      : XH.el("p", { class: "help", text: XH.t("admin.integration.no_webhooks") });
    return [XH.el("p", { class: "help", text: XH.t("admin.integration.help") }), form,
      XH.el("h3", { text: XH.t("admin.integration.tokens") }), tokens,
      XH.el("h3", { text: XH.t("admin.integration.webhooks") }),
      status.receivers.length && !status.signed ? XH.el("p", { class: "flash bad", text: XH.t("admin.integration.unsigned") }) : null,
      receivers].filter(Boolean);
  }

  window.adminTabs = Object.assign(window.adminTabs || {}, { integration: render });
})();
