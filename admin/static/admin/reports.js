/* Reports: any period, tables with figures beside their targets, charts, a heat map, downloads. */
(function () {
  "use strict";
  const XH = window.XH;
  const $ = (id) => document.getElementById(id);
  // The outcomes add up: issued + transferred_in = served + no_show + transferred + cancelled + expired + still_open.
  // A row shows the key figures; the others open below it (a 1366 px screen holds ~9 columns, not 20).
  const KEY_COLS = ["issued", "served", "avg_wait_s", "rated", "satisfaction_rate", "target"];
  const DETAIL_COLS = ["transferred_in", "no_show", "transferred", "cancelled", "expired", "still_open", "median_wait_s",
    "p90_wait_s", "max_wait_s", "within_target", "avg_service_s", "p90_service_s", "priority_share", "rated_share",
    "satisfied", "dissatisfied", "levels"];
  // Satisfaction per dossier (QĐ 766) beside the per-rating rate.
  const DOSSIER_COLS = ["dossiers", "dossiers_dissatisfied", "dossier_satisfaction_rate", "target", "served_without_dossier",
    "satisfaction_rate"];
  const RATES = ["within_target", "priority_share", "satisfaction_rate", "target", "rated_share", "dossier_satisfaction_rate"];
  // Score n of a scale, named as the tablet names it (server/core/rating.py SCALES).
  const SCALES = { 3: ["very_satisfied", "satisfied", "dissatisfied"],
    4: ["very_satisfied", "satisfied", "neutral", "dissatisfied"],
    5: ["very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"] };
  const charts = {};

  const levelName = (level) => {
    const [score, scale] = level.split("/").map(Number);
    const key = (SCALES[scale] || [])[scale - score];
    return key ? XH.t("rating." + key) : level;
  };
  /** A rating's level named, then its place on the scale: "Không hài lòng (1/3)". */
  const rated = (r) => `${levelName(`${r.score}/${r.scale}`)} (${r.score}/${r.scale})`;
  const fieldName = XH.fieldName;

  function cell(key, value) {
    if (value === null || value === undefined) return "—";
    if (/_s$/.test(key)) return XH.num(value / 60, 1);
    if (RATES.includes(key)) return XH.pct(value);
    if (key === "levels") {
      const named = Object.entries(value).sort(([a], [b]) => Number(b.split("/")[0]) - Number(a.split("/")[0]))
        .map(([level, n]) => `${levelName(level)}: ${XH.num(n)}`);
      return named.join("; ") || "—";
    }
    return typeof value === "number" ? XH.num(value) : String(value);
  }

  function mark(c, r) {
    if (c === "dossier_satisfaction_rate" && r[c] !== null) return r[c] >= r.target ? " meet" : " miss";
    return c === "satisfaction_rate" && r.meets_target === false ? " miss" : c === "satisfaction_rate" && r.meets_target ? " meet" : "";
  }

  /** "(120 − 3) ÷ 120": the numbers the rate was divided from, as the report's basis counts them. */
  function formula(r) {
    const f = r.formula;
    if (!f || !f.denominator) return "";
    const bad = f.dissatisfied ?? f.denominator - f.numerator;
    return `(${XH.num(f.denominator)} − ${XH.num(bad)}) ÷ ${XH.num(f.denominator)}`;
  }

  /** Reasons for dissatisfaction by their names, most given first: "Thái độ cán bộ chưa tốt: 2; …". */
  const reasonList = (reasons) => Object.entries(reasons || {}).map(([k, n]) => `${XH.t("rating.reason." + k)}: ${XH.num(n)}`)
    .join("; ") || "—";

  function td(c, r) {
    const text = cell(c, r[c]);
    const how = c === "satisfaction_rate" ? formula(r) : "";
    return XH.el("td", { class: "num" + mark(c, r) }, text, how ? XH.el("small", { class: "formula", text: how }) : null);
  }

  /** The figures a row keeps below it, as label–value pairs (its reasons for dissatisfaction too, when counted). */
  function details(r) {
    const cols = r.reasons ? [...DETAIL_COLS, "reasons"] : DETAIL_COLS;
    return XH.el("dl", { class: "figures" }, ...cols.map((c) => XH.el("div", { "data-figure": c, class: c === "reasons" ? "wide" : null },
      XH.el("dt", { text: XH.t("report.col." + c) }), XH.el("dd", { text: c === "reasons" ? reasonList(r.reasons) : cell(c, r[c]) }))));
  }

  let rowIds = 0;
  /** A table of `rows`: the `first` columns naming the row, then `cols`; with `open`, a button per row shows its
   *  details (keyboard: Tab then Enter or Space; touch: a tap) in a row spanning the table below it. */
  function table(id, rows, first, cols, open) {
    const head = XH.el("tr", {}, open ? XH.el("th", { class: "toggle" }) : null,
      ...first.map(([, label]) => XH.el("th", { text: label })),
      ...cols.map((c) => XH.el("th", { text: XH.t("report.col." + c) })));
    const body = rows.flatMap((r) => {
      const tr = XH.el("tr", {}, ...first.map(([key]) => XH.el("td", { text: r[key] ?? "" })),
        ...cols.map((c) => td(c, r)));
      if (!open) return [tr];
      const detailId = `details-${++rowIds}`;
      const more = XH.el("tr", { class: "details", id: detailId, hidden: true },
        XH.el("td", { colspan: String(1 + first.length + cols.length) }, open(r)));
      const who = first.map(([key]) => r[key]).filter((v) => v !== null && v !== undefined && v !== "").join(" ");
      const button = XH.el("button", { type: "button", class: "more", "data-details": detailId, "aria-expanded": "false",
        "aria-controls": detailId, "aria-label": `${XH.t("report.details")}: ${who}`, text: XH.t("report.details") });
      button.addEventListener("click", () => {
        more.hidden = !more.hidden;
        button.setAttribute("aria-expanded", String(!more.hidden));
      });
      tr.prepend(XH.el("td", { class: "toggle" }, button));
      return [tr, more];
    });
    $(id).replaceChildren(head, ...body);
  }

  /** Per field or per officer: how many said "không hài lòng" and the reasons they gave. */
  function reasonsBy(id, rows, name, heading) {
    $(id).hidden = !rows.length || !rows.some((r) => r.reasons);
    $(id).replaceChildren(XH.el("tr", {}, ...[heading, "report.col.dissatisfied", "report.col.reasons"]
      .map((k) => XH.el("th", { text: XH.t(k) }))), ...rows.map((r) => XH.el("tr", {},
      XH.el("td", { text: name(r) }), XH.el("td", { class: "num", text: XH.num(r.dissatisfied) }),
      XH.el("td", { text: reasonList(r.reasons) }))));
  }

  const COMPARED = ["served", "avg_wait_s", "satisfaction_rate"];
  /** This period beside the previous one and the same period a year earlier: per field and in total. */
  function compare(report) {
    const sameDays = (a, b) => a && b && a.from === b.from && a.to === b.to;
    // A year's (or 9 months') previous period is the same period a year earlier: shown once.
    const previous = sameDays(report.previous, report.year_before) ? null : report.previous;
    const periods = [["current", report], ["previous", previous], ["year_before", report.year_before]]
      .filter(([, p]) => p);
    $("compare-section").hidden = periods.length < 2;
    if (periods.length < 2) return;
    const codes = [...new Set(periods.flatMap(([, p]) => p.services.map((s) => s.service)))].sort();
    const named = Object.fromEntries(periods.flatMap(([, p]) => p.services).map((s) => [s.service, fieldName(s)]));
    const head = [XH.el("tr", {}, XH.el("th", { rowspan: "2", text: XH.t("report.col.name") }),
      ...periods.map(([key, p]) => XH.el("th", { colspan: String(COMPARED.length), class: "period-head", "data-period": key },
        XH.el("span", { text: XH.t("report.compare." + key) }), XH.el("small", { text: `${XH.date(p.from)} – ${XH.date(p.to)}` })))),
      XH.el("tr", {}, ...periods.flatMap(() => COMPARED.map((c) => XH.el("th", { text: XH.t("report.col." + c) }))))];
    const line = (label, pick, attrs) => XH.el("tr", attrs, XH.el("td", { text: label }), ...periods.flatMap(([, p]) => {
      const r = pick(p);
      return COMPARED.map((c) => (r ? td(c, r) : XH.el("td", { class: "num", text: c === "served" ? XH.num(0) : "—" })));
    }));
    $("compare").replaceChildren(...head,
      ...codes.map((code) => line(`${code} ${named[code]}`, (p) => p.services.find((s) => s.service === code), { "data-service": code })),
      line(XH.t("report.total"), (p) => p.total, { class: "total" }));
  }

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart($(id), config);
  }

  /** A long field name on two or three short lines under its bar. */
  function wrap(label) {
    const lines = [];
    for (const word of String(label).split(" ")) {
      const last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= 16) lines[last] += " " + word;
      else lines.push(word);
    }
    return lines;
  }

  function render(report) {
    $("report").hidden = false;
    $("range").textContent = XH.t("report.range", { from: XH.date(report.from), to: XH.date(report.to) });
    const services = report.services.map((s) => ({ ...s, name: fieldName(s) }));
    const total = { service: "", name: XH.t("report.total"), ...report.total };
    table("by-service", [...services, total],
      [["service", XH.t("report.col.service")], ["name", XH.t("report.col.name")]], KEY_COLS, details);
    table("by-counter", report.counters, [["counter", XH.t("report.col.counter")], ["name", XH.t("report.col.counter_name")]],
      KEY_COLS, details);
    table("by-clerk", report.clerks, [["username", XH.t("report.col.username")], ["name", XH.t("report.col.full_name")],
      ["flagged_rated", XH.t("report.col.flagged_rated")]], KEY_COLS, details);
    table("dossier-service", [...services, total],
      [["service", XH.t("report.col.service")], ["name", XH.t("report.col.name")]], DOSSIER_COLS);
    table("dossier-clerk", report.clerks, [["username", XH.t("report.col.username")], ["name", XH.t("report.col.full_name")]],
      DOSSIER_COLS);
    const flags = report.flags;
    $("flagged-title").textContent = XH.t("report.flagged", { s: XH.num(flags.short_service_s) });
    $("flag-counts").textContent = XH.t("report.flag_counts", { staff: XH.num(flags.staff_issued),
      short: XH.num(flags.short_services), rated: XH.num(flags.flagged_rated), s: XH.num(flags.short_service_s) });
    const flagCols = ["day", "number", "service", "counter", "full_name", "service_s", "staff_issued", "score"];
    $("flagged").replaceChildren(XH.el("tr", {}, ...flagCols.map((c) => XH.el("th", { text: XH.t("report.col." + c) }))),
      ...flags.flagged_ratings.map((f) => XH.el("tr", { "data-flagged": f.number }, ...[XH.date(f.day),
        f.number, f.service, f.counter, f.clerk || "", f.service_s === null ? "—" : XH.num(Math.round(f.service_s)),
        XH.t(f.staff_issued ? "report.yes" : "report.no"), rated(f)].map((v) => XH.el("td", { text: String(v) })))));
    const said = report.comments;
    $("comments-count").textContent = XH.t("report.comments_count", { n: XH.num(said.total), listed: XH.num(said.listed.length) });
    const sayCols = ["at", "number", "field", "counter", "officer", "score", "dossier_code", "comment"];
    $("comments").replaceChildren(XH.el("tr", {}, ...sayCols.map((c) => XH.el("th", { text: XH.t("report.col." + c) }))),
      ...said.listed.map((c) => XH.el("tr", { "data-comment": c.number }, ...[
        `${XH.date(c.at)} ${c.at.slice(11, 16)}`, c.number,
        `${c.service} ${c.service_name}`, c.counter_name || c.counter, c.clerk || "", rated(c),
        c.dossier_code || "", c.comment || ""].map((v) => XH.el("td", { text: String(v) })))));
    $("reasons").replaceChildren(XH.el("tr", {}, XH.el("th", { text: XH.t("report.col.reason") }),
      XH.el("th", { text: XH.t("report.col.count") })), ...Object.entries(report.reasons).map(([k, n]) =>
      XH.el("tr", {}, XH.el("td", { text: XH.t("rating.reason." + k) }), XH.el("td", { class: "num", text: XH.num(n) }))));
    $("basis").hidden = !report.satisfaction_basis;
    $("basis").dataset.basis = report.satisfaction_basis || "";
    $("basis").textContent = report.satisfaction_basis ? XH.t("report.basis." + report.satisfaction_basis) : "";
    reasonsBy("reasons-service", services.filter((s) => s.dissatisfied || Object.keys(s.reasons || {}).length),
      (s) => `${s.service} ${s.name}`, "report.col.name");
    reasonsBy("reasons-clerk", report.clerks.filter((c) => c.dissatisfied || Object.keys(c.reasons || {}).length),
      (c) => c.name || c.username, "report.col.officer");
    compare(report);
    const max = Math.max(1, ...report.load.map((l) => l.issued));
    const hours = [...new Set(report.load.map((l) => l.hour))].sort((a, b) => a - b);
    $("heat").replaceChildren(XH.el("tr", {}, XH.el("th"), ...hours.map((h) => XH.el("th", { text: `${h}h` }))),
      ...[0, 1, 2, 3, 4, 5, 6].map((d) => XH.el("tr", {}, XH.el("th", { text: XH.t("weekday." + d) }), ...hours.map((h) => {
        const n = (report.load.find((l) => l.weekday === d && l.hour === h) || {}).issued || 0;
        const td = XH.el("td", { text: n ? XH.num(n) : "", "data-load": `${d}-${h}` });
        td.style.background = `rgba(11, 78, 162, ${n / max})`;
        td.style.color = n / max > 0.5 ? "#fff" : "#10203a";
        return td;
      }))));
    const labels = services.map((s) => s.name);
    // Chart.js formats ticks and tooltips with `locale`; counts take whole-number ticks only.
    const common = { animation: false, responsive: true, maintainAspectRatio: false, locale: XH.locale(),
      scales: { x: { ticks: { autoSkip: false, maxRotation: 0, callback(value) { return wrap(this.getLabelForValue(value)); } } } } };
    chart("chart-volume", { type: "bar", data: { labels, datasets: [
      { label: XH.t("report.col.issued"), data: services.map((s) => s.issued), backgroundColor: "#0b4ea2" },
      { label: XH.t("report.col.served"), data: services.map((s) => s.served), backgroundColor: "#1f7a3a" },
      { label: XH.t("report.col.no_show"), data: services.map((s) => s.no_show), backgroundColor: "#c8102e" }] },
      options: { ...common, scales: { ...common.scales, y: { beginAtZero: true, ticks: { precision: 0 } } } } });
    const percent = (v) => (v === null ? null : Math.round(v * 1000) / 10);
    chart("chart-satisfaction", { type: "bar", data: { labels, datasets: [
      { label: XH.t("report.col.satisfaction_rate"), data: services.map((s) => percent(s.satisfaction_rate)), backgroundColor: "#2e9b4f" },
      { label: XH.t("report.col.target"), data: services.map((s) => percent(s.target)), type: "line", borderColor: "#c8102e", pointRadius: 4 }] },
      options: { ...common, scales: { ...common.scales, y: { min: 0, max: 100, ticks: { callback: (v) => XH.pct(v / 100, 0) } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${XH.pct(c.raw / 100)}` } } } } });
  }

  function query() {
    const period = $("period").value;
    const day = (id) => {
      const iso = XH.isoDay($(id).value);
      $(id).removeAttribute("aria-invalid");
      if (!iso) {
        $(id).setAttribute("aria-invalid", "true");
        $(id).focus();
        throw new Error(XH.t("report.bad_day", { text: $(id).value }));
      }
      return iso;
    };
    if (period === "custom") return new URLSearchParams({ from: day("from"), to: day("to") });
    return new URLSearchParams({ period, date: day("date") });
  }

  // Days are typed and shown as dd/mm/yyyy whatever the browser's own language; the calendar button opens the
  // browser's picker, whose choice is written back as dd/mm/yyyy.
  for (const id of ["date", "from", "to"]) XH.dayPicker($(id), $(id + "-picker"), document.querySelector(`[data-picker="${id}"]`));

  let asked = 0;  // only the last request asked draws: an earlier, slower answer must not replace it
  async function show(e) {
    if (e) e.preventDefault();
    const mine = ++asked;
    let q;
    try {
      q = query();
    } catch (error) {
      $("status").textContent = error.message;
      return;
    }
    $("status").textContent = XH.t("report.computing");
    try {
      const report = await XH.api("GET", "/api/reports?" + q);
      if (mine !== asked) return;
      render(report);
      $("status").textContent = "";
      const range = new URLSearchParams({ from: report.from, to: report.to });
      $("xlsx").href = "/api/reports/export.xlsx?" + range;
      $("csv").href = "/api/reports/export.csv?table=services&" + range;
      $("docx").href = "/api/reports/report.docx?" + range;
      $("print").href = "/admin/reports/print?" + range;
      $("downloads").hidden = false;
    } catch (error) {
      if (mine === asked) $("status").textContent = error.message;
    }
  }

  $("period").addEventListener("change", () => {
    const custom = $("period").value === "custom";
    $("date-box").hidden = custom;
    $("from-box").hidden = !custom;
    $("to-box").hidden = !custom;
  });
  $("period-form").addEventListener("submit", show);
  window.onManager = async () => {
    const state = await XH.api("GET", "/api/state");  // the centre's day, not the browser's
    // A manager quicker than this answer keeps what was typed and the report asked for.
    for (const id of ["date", "from", "to"]) if (!$(id).value) $(id).value = XH.date(state.day);
    if (!asked) show();
  };
})();
