/* The managers' live dashboard: pushed by /admin, re-read on every change, never reloaded. */
(function () {
  "use strict";
  const XH = window.XH;
  const $ = (id) => document.getElementById(id);
  let view = null;
  let timer = null;

  /** A table's heading row: one cell per translation key. */
  const heading = (...keys) => XH.el("tr", {}, ...keys.map((key) => XH.el("th", { text: XH.t(key) })));

  function render() {
    const d = view.today;
    $("issued").textContent = d.issued;
    $("served").textContent = d.served;
    $("no-show").textContent = d.no_show;
    $("satisfaction").textContent = XH.pct(d.satisfaction_rate, 0); // "—" before any rating
    $("alarms").replaceChildren(...(view.alarms.length ? view.alarms.map((a) => XH.el("div", { class: "alarm", "data-alarm": a.kind,
      text: a.kind === "wait" ? XH.t("live.alarm.wait", { service: `${a.service} ${XH.fieldName(a)}`, waited: XH.waited(a.minutes * 60), target: a.target })
        : a.kind === "printer" ? XH.t("live.alarm.printer", { kiosk: a.kiosk, state: XH.t("counter.printer." + a.state) })
          : a.kind === "system" ? XH.t("live.alarm.system", { kind: a.system, detail: a.detail })
          : a.kind === "logins" ? XH.t("live.alarm.logins", { username: a.username, n: a.failures, addresses: a.addresses })
          : a.kind === "phone_url" ? XH.t("live.alarm.phone_url", { url: a.url })
          : a.kind === "phone_listen" ? XH.t("live.alarm.phone_listen", { url: a.url, host: a.host })
          : XH.t("live.alarm.unprinted", { n: a.n }) })) : [XH.el("p", { class: "ok", text: XH.t("live.no_alarm") })]));
    $("services").replaceChildren(heading("report.col.field", "live.col.waiting", "live.longest"),
      ...view.services.map((s) => XH.el("tr", { "data-service": s.code,
      class: s.waiting && s.longest_wait_s > view.wait_target_s ? "miss" : "" },
      XH.el("td", { text: `${s.code} ${XH.fieldName(s)}` }), XH.el("td", { class: "num", text: s.waiting }),
      XH.el("td", { class: "num", "data-since": s.waiting ? Date.now() / 1000 - s.longest_wait_s : "", text: s.waiting ? XH.waited(s.longest_wait_s) : "—" }))));
    const counters = heading("live.col.counter", "admin.col.status", "live.col.clerk", "live.col.ticket");
    counters.append(XH.el("th")); // the button's column
    $("counters").replaceChildren(counters,
      ...view.counters.map((c) => XH.el("tr", { "data-counter": c.number },
      XH.el("td", { text: c.name }), XH.el("td", { text: XH.t("live.state." + c.state) }),
      XH.el("td", { text: c.clerk ? c.clerk.name : "" }),
      XH.el("td", { "data-started": c.ticket && (c.ticket.started_at || c.ticket.last_called_at) || "",
        text: c.ticket ? `${c.ticket.number} · ${XH.t("status." + c.ticket.status)}` : "" }),
      XH.el("td", {}, c.state === "closed" ? null : XH.el("button", { type: "button", "data-close": c.number,
        text: XH.t("live.close"), onclick: () => closeCounter(c) })))));
  }

  /** A counter its clerk left open (the browser closed, gone home) closed by a manager: the kiosk stops counting
   *  it, and another clerk may take it. A citizen still at it is refused by the server, said here. */
  async function closeCounter(c) {
    const said = $("live-message");
    if (!window.confirm(XH.t("live.close_confirm", { counter: c.name, clerk: c.clerk ? c.clerk.name : "—" }))) return;
    const say = (text, how) => { said.textContent = text; said.className = `live-message ${how}`; };
    say("", "");
    try {
      await XH.api("POST", `/api/counters/${c.number}/close`, {});
      say(XH.t("live.closed_done", { counter: c.name }), "flash");
    } catch (error) {
      say(error.message, "flash bad"); // refused: said as the other admin pages say a refusal
    }
  }

  function refresh(socket) {
    clearTimeout(timer);
    timer = setTimeout(() => socket.emit("snapshot", {}, (v) => { if (v && v.today) { view = v; render(); } }), 100);
  }

  window.onManager = () => {
    // The alarms are said in the page's language; `live`: the hall's every change (other admin pages are not told)
    const socket = XH.connect("/admin", { lang: XH.lang, live: true });
    socket.on("admin_snapshot", (v) => { view = v; render(); });
    for (const name of XH.CHANGES) socket.on(name, () => refresh(socket));
    setInterval(() => refresh(socket), 30000); // waits grow even when nothing happens
    window.liveDashboard = { get view() { return view; } };
  };
})();
