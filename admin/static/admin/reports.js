/* Reports: any period, tables with figures beside their targets, charts, a heat map, downloads. */
(function () {
  "use strict";
  const XH = window.XH;
  const $ = (id) => document.getElementById(id);
  // The outcomes add up: issued + transferred_in = served + no_show + transferred + cancelled + expired + still_open.
  const COLS = ["issued", "transferred_in", "served", "no_show", "transferred", "cancelled", "expired", "still_open", "avg_wait_s", "median_wait_s", "p90_wait_s",
    "max_wait_s", "within_target", "avg_service_s", "p90_service_s", "priority_share", "rated", "satisfaction_rate", "target", "rated_share"];
  // Satisfaction per dossier (QĐ 766) beside the per-rating rate.
  const DOSSIER_COLS = ["dossiers", "dossiers_dissatisfied", "dossier_satisfaction_rate", "target", "served_without_dossier",
    "satisfaction_rate"];
  const charts = {};

  function cell(key, value) {
    if (value === null || value === undefined) return "—";
    if (/_s$/.test(key)) return (value / 60).toFixed(1);
    if (["within_target", "priority_share", "satisfaction_rate", "target", "rated_share", "dossier_satisfaction_rate"].includes(key)) return (value * 100).toFixed(1) + " %";
    return String(value);
  }

  function mark(c, r) {
    if (c === "dossier_satisfaction_rate" && r[c] !== null) return r[c] >= r.target ? " meet" : " miss";
    return c === "satisfaction_rate" && r.meets_target === false ? " miss" : c === "satisfaction_rate" && r.meets_target ? " meet" : "";
  }

  function table(id, rows, first, cols = COLS) {
    const head = XH.el("tr", {}, ...first.map(([, label]) => XH.el("th", { text: label })),
      ...cols.map((c) => XH.el("th", { text: XH.t("report.col." + c) })));
    $(id).replaceChildren(head, ...rows.map((r) => XH.el("tr", {}, ...first.map(([key]) => XH.el("td", { text: r[key] ?? "" })),
      ...cols.map((c) => XH.el("td", { class: "num" + mark(c, r), text: cell(c, r[c]) })))));
  }

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart($(id), config);
  }

  function render(report) {
    $("report").hidden = false;
    $("range").textContent = XH.t("report.range", { from: report.from, to: report.to });
    table("by-service", [...report.services, { service: "", name: XH.t("report.total"), ...report.total }],
      [["service", XH.t("report.col.service")], ["name", XH.t("report.col.name")]]);
    table("by-counter", report.counters, [["counter", XH.t("report.col.counter")], ["name", XH.t("report.col.counter_name")]]);
    table("by-clerk", report.clerks, [["username", XH.t("report.col.username")], ["name", XH.t("report.col.full_name")],
      ["flagged_rated", XH.t("report.col.flagged_rated")]]);
    table("dossier-service", [...report.services, { service: "", name: XH.t("report.total"), ...report.total }],
      [["service", XH.t("report.col.service")], ["name", XH.t("report.col.name")]], DOSSIER_COLS);
    table("dossier-clerk", report.clerks, [["username", XH.t("report.col.username")], ["name", XH.t("report.col.full_name")]],
      DOSSIER_COLS);
    const flags = report.flags;
    $("flagged-title").textContent = XH.t("report.flagged", { s: flags.short_service_s });
    $("flag-counts").textContent = XH.t("report.flag_counts", { staff: flags.staff_issued, short: flags.short_services,
      rated: flags.flagged_rated, s: flags.short_service_s });
    const flagCols = ["day", "number", "service", "counter", "full_name", "service_s", "staff_issued", "score"];
    $("flagged").replaceChildren(XH.el("tr", {}, ...flagCols.map((c) => XH.el("th", { text: XH.t("report.col." + c) }))),
      ...flags.flagged_ratings.map((f) => XH.el("tr", { "data-flagged": f.number }, ...[f.day.split("-").reverse().join("/"),
        f.number, f.service, f.counter, f.clerk || "", f.service_s === null ? "—" : Math.round(f.service_s),
        XH.t(f.staff_issued ? "report.yes" : "report.no"), `${f.score}/${f.scale}`].map((v) => XH.el("td", { text: String(v) })))));
    const said = report.comments;
    $("comments-count").textContent = XH.t("report.comments_count", { n: said.total, listed: said.listed.length });
    const sayCols = ["at", "number", "field", "counter", "officer", "score", "dossier_code", "comment"];
    $("comments").replaceChildren(XH.el("tr", {}, ...sayCols.map((c) => XH.el("th", { text: XH.t("report.col." + c) }))),
      ...said.listed.map((c) => XH.el("tr", { "data-comment": c.number }, ...[
        `${c.at.slice(8, 10)}/${c.at.slice(5, 7)}/${c.at.slice(0, 4)} ${c.at.slice(11, 16)}`, c.number,
        `${c.service} ${c.service_name}`, c.counter_name || c.counter, c.clerk || "", `${c.score}/${c.scale}`,
        c.dossier_code || "", c.comment || ""].map((v) => XH.el("td", { text: String(v) })))));
    $("reasons").replaceChildren(...Object.entries(report.reasons).map(([k, n]) =>
      XH.el("tr", {}, XH.el("td", { text: XH.t("rating.reason." + k) }), XH.el("td", { class: "num", text: n }))));
    const max = Math.max(1, ...report.load.map((l) => l.issued));
    const hours = [...new Set(report.load.map((l) => l.hour))].sort((a, b) => a - b);
    $("heat").replaceChildren(XH.el("tr", {}, XH.el("th"), ...hours.map((h) => XH.el("th", { text: `${h}h` }))),
      ...[0, 1, 2, 3, 4, 5, 6].map((d) => XH.el("tr", {}, XH.el("th", { text: XH.t("weekday." + d) }), ...hours.map((h) => {
        const n = (report.load.find((l) => l.weekday === d && l.hour === h) || {}).issued || 0;
        const td = XH.el("td", { text: n || "", "data-load": `${d}-${h}` });
        td.style.background = `rgba(11, 78, 162, ${n / max})`;
        td.style.color = n / max > 0.5 ? "#fff" : "#10203a";
        return td;
      }))));
    const labels = report.services.map((s) => s.service);
    chart("chart-volume", { type: "bar", data: { labels, datasets: [
      { label: XH.t("report.col.issued"), data: report.services.map((s) => s.issued), backgroundColor: "#0b4ea2" },
      { label: XH.t("report.col.served"), data: report.services.map((s) => s.served), backgroundColor: "#1f7a3a" },
      { label: XH.t("report.col.no_show"), data: report.services.map((s) => s.no_show), backgroundColor: "#c8102e" }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false } });
    chart("chart-satisfaction", { type: "bar", data: { labels, datasets: [
      { label: XH.t("report.col.satisfaction_rate"), data: report.services.map((s) => s.satisfaction_rate === null ? null : s.satisfaction_rate * 100), backgroundColor: "#2e9b4f" },
      { label: XH.t("report.col.target"), data: report.services.map((s) => s.target * 100), type: "line", borderColor: "#c8102e", pointRadius: 4 }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } } });
  }

  function query() {
    const period = $("period").value;
    if (period === "custom") return new URLSearchParams({ from: $("from").value, to: $("to").value });
    return new URLSearchParams({ period, date: $("date").value });
  }

  async function show(e) {
    if (e) e.preventDefault();
    const q = query();
    $("status").textContent = XH.t("report.computing");
    try {
      const report = await XH.api("GET", "/api/reports?" + q);
      render(report);
      $("status").textContent = "";
      const range = new URLSearchParams({ from: report.from, to: report.to });
      $("xlsx").href = "/api/reports/export.xlsx?" + range;
      $("csv").href = "/api/reports/export.csv?table=services&" + range;
      $("docx").href = "/api/reports/report.docx?" + range;
      $("print").href = "/admin/reports/print?" + range;
      $("downloads").hidden = false;
    } catch (error) {
      $("status").textContent = error.message;
    }
  }

  $("period").addEventListener("change", () => {
    const custom = $("period").value === "custom";
    $("date").hidden = custom;
    $("from").hidden = !custom;
    $("to").hidden = !custom;
  });
  $("period-form").addEventListener("submit", show);
  window.onManager = async () => {
    const state = await XH.api("GET", "/api/state");  // the centre's day, not the browser's
    for (const id of ["date", "from", "to"]) $(id).value = state.day;
    show();
  };
})();
