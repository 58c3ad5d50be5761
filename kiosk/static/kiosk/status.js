/* The citizen's phone: one ticket, live, no reload. Nothing personal is shown or kept. */
(function () {
  "use strict";
  const XH = window.XH;
  XH.strings = XH.readJSON("strings");
  const config = XH.readJSON("config");
  XH.lang = config.lang || "vi";
  const $ = (id) => document.getElementById(id);
  let token = config.token;
  let service = null;
  let touched = false;
  let buzzed = null; // the call the phone last vibrated for
  for (const name of ["pointerdown", "keydown"]) document.addEventListener(name, () => { touched = true; }, { once: true });

  function render(status) {
    if (!status || !status.ticket) return;
    const t = status.ticket;
    service = t.service;
    token = status.token;
    $("number").textContent = t.number;
    const names = status.service_name || {};
    $("service").textContent = names[XH.lang] || names.vi || t.service;
    const stateEl = $("state");
    let text = "";
    let estimate = "";
    document.body.dataset.status = status.valid_today === false ? "expired" : t.status;
    if (status.valid_today === false) text = XH.t("phone.expired", { date: XH.day(status.day) });
    else if (t.status === "called") text = XH.t("phone.your_turn", { counter: t.counter });
    else if (t.status === "serving") text = XH.t("phone.serving", { counter: t.counter });
    else if (t.status === "parked") text = XH.t("phone.parked");
    else if (t.status === "waiting") {
      text = XH.t("phone.waiting", { n: status.ahead });
      if (status.open_counters === 0) estimate = XH.t("phone.no_counter");
      else if (status.estimated_wait_s > 0) estimate = XH.t("phone.estimate", { minutes: XH.minutes(status.estimated_wait_s) });
      else estimate = XH.t("phone.turn_soon");
    } else text = XH.t("phone.ended", { status: XH.t("status." + t.status) });
    if (status.original && t.status === "waiting" && status.valid_today !== false) estimate = XH.t("phone.transferred", { service: names[XH.lang] || t.service }) + ". " + estimate;
    stateEl.textContent = text;
    $("estimate").textContent = estimate;
    // A browser refuses (and logs an error) to vibrate for a page nobody has touched yet.
    // Once per call (a recall is a new call), however many times the page redraws.
    const call = t.status === "called" && status.valid_today !== false ? t.calls : null;
    if (call && call !== buzzed && navigator.vibrate && touched) navigator.vibrate([300, 150, 300]);
    buzzed = call || buzzed;
  }

  const socket = XH.connect("/ticket", { token });
  const refresh = () => socket.emit("snapshot", { token }, render);
  socket.on("ticket_snapshot", render);
  socket.on("ticket_called", refresh);
  socket.on("ticket_changed", refresh);
  socket.on("queue_changed", (delta) => {
    if (delta.services.some((s) => s.code === service)) refresh();
  });
  XH.translate();
  window.ticketStatus = { socket };
})();
