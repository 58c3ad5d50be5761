/* Draws the public results (/api/public/results) into an element: the page /cong-khai and the rotation on
 * displays and the kiosk's idle screen share this one drawing. Numbers in the reader's language (90,5 %, 90.5%; 1.234; 03/12/2026, 3 Dec 2026). */
(function () {
  "use strict";
  const XH = window.XH;
  const ROMAN = ["I", "II", "III", "IV"];

  const wait = (s) => (s === null || s === undefined ? "—" : XH.t("public.minutes", { n: XH.num(s / 60, 1) }));

  function periodName(p) {
    const [year, month] = p.from.split("-").map(Number);
    return XH.t("public.period." + p.period, { year, month, quarter: ROMAN[Math.floor((month - 1) / 3)] });
  }

  function rateCell(row) {
    const verdict = row.meets_target === null ? "" : XH.t(row.meets_target ? "public.met" : "public.missed");
    return XH.el("td", { class: "num rate" + (row.meets_target === false ? " miss" : row.meets_target ? " meet" : "") },
      XH.el("strong", { text: XH.pct(row.satisfaction_rate) }), verdict ? XH.el("span", { class: "verdict", text: verdict }) : null,
      XH.el("span", { class: "target-inline", text: `${XH.t("public.target")} ${XH.pct(row.target)}` }));
  }

  function table(rows, nameKey, nameOf) {
    const head = XH.el("tr", {}, ...[nameKey, "public.served", "public.avg_wait", "public.rated", "public.rate", "public.target"]
      .map((k) => XH.el("th", { text: XH.t(k) })));
    return XH.el("table", { class: "public-table" }, XH.el("thead", {}, head), XH.el("tbody", {}, ...rows.map((r) =>
      XH.el("tr", { class: r.total ? "total" : null }, XH.el("th", { scope: "row", text: nameOf(r) }),
        XH.el("td", { class: "num", text: XH.num(r.served) }),
        XH.el("td", { class: "num", text: r.avg_wait_s === undefined ? "" : wait(r.avg_wait_s) }),
        XH.el("td", { class: "num", text: XH.num(r.rated) }), rateCell(r),
        XH.el("td", { class: "num", text: XH.pct(r.target) })))));
  }

  /** Fill `root` with the periods of `data`, then the hotline. */
  function render(root, data) {
    const name = XH.fieldName;
    root.replaceChildren(
      XH.el("h1", { text: XH.t("public.title") }),
      XH.el("div", { class: "public-periods" }, ...data.periods.map((p) => XH.el("section", { class: "public-period", "data-period": p.period },
        XH.el("h2", {}, periodName(p), XH.el("small", { text: " " + XH.t("public.range", { from: XH.day(p.from), to: XH.day(p.to) }) })),
        table([...p.services, Object.assign({ total: true }, p.total)], "public.field", (r) => (r.total ? XH.t("public.total") : name(r))),
        p.officers ? XH.el("h3", { text: XH.t("public.officers") }) : null,
        p.officers ? table(p.officers, "public.officer", (r) => r.name) : null))),
      XH.el("p", { class: "public-basis", text: XH.t(data.satisfaction_basis && data.satisfaction_basis !== "rated"
        ? "public.basis." + data.satisfaction_basis : "public.basis") }),
      XH.el("p", { class: "public-hotline", text: XH.t("public.hotline", { hotline: data.hotline }) }));
  }

  XH.publicResults = { render };
})();
