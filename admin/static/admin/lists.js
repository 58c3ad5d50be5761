/* Administration's lists in words: times as dd/mm/yyyy HH:MM (or "vừa xong"), the field icons as drawn on the
 * kiosk, devices told apart by kind and job, and the audit log (Nhật ký thay đổi) as label: value lines. */
(function () {
  "use strict";
  const XH = window.XH;
  const two = (n) => String(n).padStart(2, "0");
  const config = () => window.adminPage.config;

  /** A Unix time as dd/mm/yyyy HH:MM, in the centre's time (whatever zone this computer is set to). */
  function when(seconds) {
    const c = XH.clock(new Date(seconds * 1000));
    return `${c.dd}/${c.mm}/${c.yyyy} ${c.hh}:${c.mi}`;
  }

  /** "vừa xong", "10 phút trước" within the hour, else the time itself. */
  function ago(seconds) {
    const past = Date.now() / 1000 - seconds;
    if (past < 60) return XH.t("admin.ago.now");
    if (past < 3600) return XH.t("admin.ago.minutes", { n: Math.floor(past / 60) });
    return when(seconds);
  }

  /** A field icon from the page's symbols (server/templates/_icons.html, the kiosk's own). */
  function icon(name) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", "#icon-" + name);
    svg.append(use);
    return svg;
  }

  /** The icon picker: one radio per icon, drawn; arrow keys and touch choose, the chosen one is framed and named. */
  function iconPicker(name, value) {
    const chosen = XH.el("span", { class: "chosen" });
    const say = (v) => { chosen.textContent = XH.t("admin.icon.chosen", { name: XH.t("admin.icon." + v) }); };
    const group = XH.el("div", { class: "icons", role: "radiogroup", "data-icons": "", "aria-label": XH.t("admin.col.icon") },
      ...config().icons.map((i) => {
        const box = XH.el("input", { type: "radio", name, value: i, "aria-label": XH.t("admin.icon." + i) });
        box.checked = i === (value || "dots");
        box.addEventListener("change", () => say(i));
        return XH.el("label", { "data-icon": i, title: XH.t("admin.icon." + i) }, box, icon(i));
      }));
    say(value || "dots");
    return XH.el("div", { class: "icon-picker" }, group, chosen);
  }

  /** What a device is for, in words: which printer, which counters' calls, which counter's ratings. */
  function deviceKind(d) {
    return XH.t("device.kind." + (d.kind === "kiosk" && d.config.agent ? "agent" : d.kind));
  }
  function deviceJob(d) {
    const c = d.config || {};
    if (d.kind === "kiosk") return XH.t(c.agent ? "admin.devices.job.agent" : "admin.devices.job.kiosk", c);
    if (d.kind === "display") {
      if (!c.group || c.group === "*") return XH.t("admin.devices.job.display_all");
      const counters = config().counters.filter((k) => (k.display_group || "") === c.group).map((k) => k.number);
      if (!counters.length) return XH.t("admin.devices.job.display_none", { group: c.group });
      return XH.t("admin.devices.job.display", { group: c.group, counters: counters.join(", ") });
    }
    const counter = config().counters.find((k) => k.number === c.counter);
    return XH.t("admin.devices.job.rating", { counter: c.counter, fields: counter ? counter.services.join(", ") : "—" });
  }

  // ------------------------------------------------------------ the audit log

  const label = (key) => {
    for (const k of ["admin.audit.key." + key, "admin.col." + key]) if (XH.t(k) !== k) return XH.t(k);
    return key;
  };
  const pct = (v) => XH.pct(v, Number.isInteger(Math.round(v * 1000) / 10) ? 0 : 1); // a target: 90 %, 92,5 %
  const day = (iso) => (iso ? XH.day(iso) : "—");
  const list = (v, each) => (v.length ? v.map(each).join(", ") : "—");

  /** An option's value as its widget shows it. */
  function optionValue(name, v) {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean") return XH.t(v ? "admin.yes" : "admin.no");
    if (name === "working_days") return list(v, (d) => XH.t("weekday." + d));
    if (name === "rating_reasons") return list(v, (r) => XH.t("rating.reason." + r));
    if (name === "holidays") return list(v, day);
    if (name === "closed_early_on") return day(v);
    if (name === "display_quiet_hours") return list(v, ([a, b]) => `${a}–${b}`);
    if (name === "satisfaction_targets") return list(Object.entries(v), ([k, t]) => `${k}: ${pct(t)}`);
    if (name === "satisfaction_target" || name === "display_volume") return pct(v);
    if (Array.isArray(v)) return v.join(" / ");
    const choice = `option.${name}.${v}`;
    return XH.t(choice) !== choice ? XH.t(choice) : String(v);
  }

  /** One field of a changed thing (a field, counter, account, device…) as its table shows it. */
  function fieldValue(key, v, row) {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean" || key === "active") return XH.t(v ? "admin.yes" : "admin.no");
    if (key === "sessions") return list(v, ([a, b]) => `${a}-${b}`);
    if (key === "role") return XH.t("admin.role." + v);
    if (key === "state" && XH.t("live.state." + v) !== "live.state." + v) return XH.t("live.state." + v);
    if (key === "kind") return deviceKind(row);
    if (key === "status" && XH.t("admin.device_status." + v) !== "admin.device_status." + v) return XH.t("admin.device_status." + v);
    if (key === "config") return deviceJob(row);
    if (key === "icon") return XH.t("admin.icon." + v);
    if (key.endsWith("_at") && typeof v === "number") return when(v);
    if (key === "scopes") return list(v, (s) => XH.t("admin.integration.scope." + s));
    if (Array.isArray(v)) return list(v, String);
    if (typeof v === "object") return list(Object.entries(v), ([k, x]) => `${label(k)}: ${x}`);
    return String(v);
  }

  /** Before and after as "label: value" lines; for a change, only what changed. */
  function details(r) {
    const { before, after } = r;
    if (r.action === "option.update") return [optionValue(r.target, before), optionValue(r.target, after)];
    const isObject = (x) => x && typeof x === "object" && !Array.isArray(x);
    const lines = (obj, keys) => (isObject(obj) ? keys.map((k) => `${label(k)}: ${fieldValue(k, obj[k], obj)}`).join("\n")
      : obj === null || obj === undefined ? "" : String(obj));
    let keys = Object.keys(isObject(after) ? after : isObject(before) ? before : {}).filter((k) => k !== "id");
    if (isObject(before) && isObject(after)) {
      keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    }
    return [lines(before, keys), lines(after, keys)];
  }

  /** Whom a change was about, by name. */
  function target(r) {
    const row = r.after || r.before || {};
    if (r.action === "option.update") return XH.t("option." + r.target);
    const name = XH.lang === "en" && row.name_en ? row.name_en : row.name_vi;
    if (r.action.startsWith("service.")) return name ? `${r.target} — ${name}` : r.target;
    if (r.action.startsWith("counter.")) return row.name || XH.t("admin.audit.counter", { number: r.target });
    if (r.action.startsWith("user.")) return row.full_name ? `${r.target} (${row.full_name})` : r.target;
    if (r.action.startsWith("device.") || r.action.startsWith("token.")) return row.name || r.target;
    if (r.action.startsWith("dossier.") && row.number) return XH.t("admin.audit.ticket", { number: row.number });
    return r.target;
  }

  async function audit() {
    const rows = await XH.api("GET", "/api/admin/audit?limit=200");
    if (!rows.length) return [XH.el("p", { class: "empty", text: XH.t("admin.audit.empty") })];
    const cols = ["at", "who", "what", "target", "before", "after"];
    return [XH.el("table", { class: "grid audit", "data-table": "audit" },
      XH.el("thead", {}, XH.el("tr", {}, ...cols.map((c) => XH.el("th", { text: XH.t("admin.col." + c) })))),
      XH.el("tbody", {}, ...rows.map((r) => {
        const what = "admin.audit.action." + r.action;
        const [before, after] = details(r);
        return XH.el("tr", { "data-action": r.action },
          XH.el("td", { class: "nowrap", text: when(r.at) }), XH.el("td", { text: r.username || "" }),
          XH.el("td", { text: XH.t(what) !== what ? XH.t(what) : r.action }), XH.el("td", { text: target(r) }),
          XH.el("td", { class: "details", text: before }), XH.el("td", { class: "details", text: after }));
      })))];
  }

  window.adminLists = { when, ago, icon, iconPicker, deviceKind, deviceJob };
  window.adminTabs = Object.assign(window.adminTabs || {}, { audit });
})();
