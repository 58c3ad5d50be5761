/* The hall's display: every call shown and announced, in order, none cutting another off; heals itself. */
(function () {
  "use strict";
  const XH = window.XH;
  XH.strings = XH.readJSON("strings");
  const config = XH.readJSON("config");
  const $ = (id) => document.getElementById(id);
  const SHOW_S = 6; // how long a call flashes when it cannot be heard (quiet hours, no voice)

  const state = { day: null, counters: new Map(), services: [], recent: [], queue: [], current: null,
    audio: null, soundBlocked: false, played: [], timeline: [] };

  const inGroup = (counterNumber) => {
    if (!config.group) return true;
    const c = state.counters.get(counterNumber);
    return !c || c.display_group === config.group;
  };

  // ------------------------------------------------------------ drawing

  function tick() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    $("time").textContent = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
    $("date").textContent = `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
  }

  function renderCounters() {
    const list = $("counters");
    list.replaceChildren();
    for (const c of [...state.counters.values()].filter((c) => inGroup(c.number))) {
      const status = c.state === "closed" ? XH.t("display.closed") : c.state === "paused" ? XH.t("display.paused") : "";
      list.append(XH.el("div", { class: `counter-cell state-${c.state}`, "data-counter": c.number },
        XH.el("span", { class: "label", text: XH.t("display.to_counter", { counter: c.number }) }),
        XH.el("span", { class: "serving", text: c.ticket ? c.ticket.number : status || XH.t("display.free") })));
    }
  }

  function renderRecent() {
    const list = $("recent");
    list.replaceChildren(...state.recent.filter((r) => inGroup(r.counter)).slice(0, 8).map((r) =>
      XH.el("li", { "data-number": r.number }, XH.el("span", { class: "num", text: r.number }),
        XH.el("span", { class: "arrow", text: "→" }), XH.el("span", { class: "ctr", text: r.counter }))));
  }

  function renderWaiting() {
    // Only fields with someone waiting, longest line first: the hall reads what matters.
    const busy = state.services.filter((s) => s.waiting > 0).sort((a, b) => b.waiting - a.waiting);
    $("waiting").replaceChildren(...(busy.length ? busy.map((s) =>
      XH.el("li", { "data-service": s.code }, XH.el("span", { class: "svc" }, XH.el("span", { class: "code", text: s.code }), s.name),
        XH.el("span", { class: "n", text: XH.t("display.waiting_n", { n: s.waiting }) })))
      : [XH.el("li", { class: "none", text: XH.t("display.nobody_waiting") })]));
  }

  function showLatest(call, flash) {
    $("latest-number").textContent = call ? call.number : "";
    $("latest-counter").textContent = call ? XH.t("display.to_counter", { counter: call.counter }) : "";
    $("latest-text").textContent = call ? call.text || "" : XH.t("display.no_calls");
    const panel = $("latest");
    panel.classList.remove("flash");
    if (flash) { void panel.offsetWidth; panel.classList.add("flash"); }
  }

  // ------------------------------------------------------------ the announcement queue

  function quietNow() {
    const now = new Date();
    const hhmm = `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
    return (config.quiet || []).some(([a, b]) => a <= hhmm && hhmm < b);
  }

  function enqueue(call) {
    state.queue.push(call);
    if (!state.current) next();
  }

  function next() {
    state.current = state.queue.shift() || null;
    if (!state.current) return;
    const call = state.current;
    showLatest(call, true);
    if (quietNow() || config.volume <= 0) { setTimeout(done, SHOW_S * 1000); return; }
    const audio = new Audio(`/api/announcements/${call.ticket_id}.wav?c=${call.calls}`);
    audio.volume = Math.max(0, Math.min(1, config.volume));
    state.audio = audio;
    audio.addEventListener("ended", done, { once: true });
    audio.addEventListener("error", () => setTimeout(done, SHOW_S * 1000), { once: true });
    audio.play().then(() => { state.played.push(call.number); state.timeline.push(["start", call.number]); }).catch((err) => {
      if (err && err.name === "NotAllowedError") {
        // The browser wants a click first (a display that rebooted at night): ask for one, keep the queue.
        state.soundBlocked = true;
        $("sound").hidden = false;
        state.queue.unshift(call);
        state.current = null;
      } else setTimeout(done, SHOW_S * 1000);
    });
  }

  function done() {
    if (state.current && state.audio) state.timeline.push(["end", state.current.number]);
    state.current = null;
    state.audio = null;
    next();
  }

  $("sound").addEventListener("click", () => {
    $("sound").hidden = true;
    state.soundBlocked = false;
    if (!state.current) next();
  });

  // ------------------------------------------------------------ live data

  function applySnapshot(snap) {
    if (state.day && snap.day !== state.day) { state.queue = []; } // a new day: yesterday's calls are history
    state.day = snap.day;
    state.counters = new Map(snap.counters.map((c) => [c.number, c]));
    state.services = snap.services;
    state.recent = snap.recent_calls;
    if (snap.centre) {
      $("centre").textContent = snap.centre.name;
      $("authority").textContent = snap.centre.authority;
      if ($("notice").textContent !== snap.centre.notice) $("notice").textContent = snap.centre.notice || "";
    }
    renderCounters();
    renderRecent();
    renderWaiting();
    if (!state.current) showLatest(state.recent.find((r) => inGroup(r.counter)) || null, false);
  }

  const socket = XH.connect("/display", config.group ? { group: config.group } : {},
    { kind: "display", config: { group: config.group || "*" } });
  socket.on("display_snapshot", applySnapshot);
  socket.on("config_changed", () => socket.emit("snapshot", {}, applySnapshot));
  socket.on("ticket_called", (p) => {
    const call = { ticket_id: p.ticket.id, number: p.ticket.number, counter: p.counter, calls: p.ticket.calls,
      recall: p.recall, text: p.announcement, at: p.ticket.last_called_at };
    state.recent = [call, ...state.recent.filter((r) => !(r.ticket_id === call.ticket_id && r.counter === call.counter))];
    renderRecent();
    const at = state.counters.get(p.counter);  // the server sends no counter_changed for the call itself
    if (at) { at.ticket = p.ticket; at.state = "open"; renderCounters(); }
    enqueue(call);
  });
  socket.on("counter_changed", (p) => { state.counters.set(p.counter.number, p.counter); renderCounters(); });
  socket.on("queue_changed", (p) => {
    for (const s of p.services) {
      const i = state.services.findIndex((x) => x.code === s.code);
      if (i >= 0) state.services[i] = s; else state.services.push(s);
    }
    renderWaiting();
  });
  // A long-running screen re-reads the truth now and then, and at midnight.
  setInterval(() => socket.connected && socket.emit("snapshot", {}, applySnapshot), 5 * 60 * 1000);

  $("notice").textContent = config.notice || "";
  $("centre").textContent = config.centre;
  $("authority").textContent = config.authority;
  XH.translate();
  tick();
  setInterval(tick, 1000);
  showLatest(null, false);
  window.hallDisplay = { state, socket };
})();
