/* The hall's display: every call shown at once, the voice keeping up with the hall (backlog.js), heals itself. */
(function () {
  "use strict";
  const XH = window.XH;
  const B = window.XHBacklog;
  XH.strings = XH.readJSON("strings");
  const config = XH.readJSON("config");
  XH.lang = config.lang === "en" ? "en" : "vi";
  const $ = (id) => document.getElementById(id);
  const TILES = 4; // calls shown large
  const RECENT = 10; // calls listed under them
  const FLASH_MS = 6000; // a new call's tile flashes this long
  const MIN_FIT = 0.45; // the smallest a panel's type may shrink to, before it scrolls

  // recent: the calls of the day, newest first, one per ticket:
  //   {ticket_id, number, counter, calls, status, text, pending (not yet spoken here), seen_ms}
  const state = { day: null, counters: new Map(), services: [], recent: [], voice: B.empty(), speaking: false,
    soundBlocked: false, played: [], timeline: [], sayings: [] };

  const inGroup = (counterNumber) => {
    if (!config.group) return true;
    const c = state.counters.get(counterNumber);
    return !c || c.display_group === config.group;
  };
  const shown = () => state.recent.filter((r) => inGroup(r.counter));

  // ------------------------------------------------------------ drawing

  function tick() {
    const now = new Date(), c = XH.clock(now); // the centre's time, whatever the device's zone
    $("time").textContent = `${c.hh}:${c.mi}:${c.ss}`;
    $("date").textContent = XH.today(now);
  }

  /** Shrink a panel's type step by step until its content fits its box (never clipped, never "…"). */
  function fit(box) {
    let f = 1;
    box.style.setProperty("--fit", "1");
    while ((box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1) && f > MIN_FIT) {
      f = Math.round((f - 0.05) * 100) / 100;
      box.style.setProperty("--fit", String(f));
    }
  }

  function fitAll() {
    document.querySelectorAll(".fit, .tile-body").forEach(fit);
    const line = $("notice-line");
    const ticker = $("ticker");
    ticker.classList.remove("moving");
    line.classList.add("still");
    if ($("notice").textContent && ticker.scrollWidth > line.clientWidth) {
      // Too long to stand still: two copies scroll by at a reading pace, the line is never blank.
      line.classList.remove("still");
      ticker.classList.add("moving");
      ticker.style.setProperty("--ticker-s", `${Math.max(10, ticker.scrollWidth / 2 / 120)}s`);
    }
  }

  const counterLabel = (n) => XH.t("display.to_counter", { counter: n });

  function renderCounters() {
    $("counters").replaceChildren(...[...state.counters.values()].filter((c) => inGroup(c.number)).map((c) => {
      const status = c.state === "closed" ? XH.t("display.closed") : c.state === "paused" ? XH.t("display.paused") : "";
      return XH.el("div", { class: `counter-cell state-${c.state}`, "data-counter": c.number },
        XH.el("span", { class: "label", text: counterLabel(c.number) }),
        XH.el("span", { class: "serving", text: c.ticket ? c.ticket.number : status || XH.t("display.free") }));
    }));
  }

  function renderCalls() {
    const calls = shown();
    const now = Date.now();
    const tiles = calls.slice(0, TILES).map((r, i) => {
      const number = XH.el("span", { class: "number", text: r.number });
      if (i === 0) number.setAttribute("data-called-number", "");
      const tile = XH.el("li", { class: "tile" + (r.pending ? " pending" : ""), "data-ticket": r.ticket_id,
        "data-calling-number": r.status === "called" ? r.number : null },
      XH.el("span", { class: "badge", text: XH.t("display.calling") }),
      XH.el("div", { class: "tile-body" }, number, XH.el("span", { class: "to", text: counterLabel(r.counter) })));
      if (r.seen_ms && now - r.seen_ms < FLASH_MS) {
        // Redrawn tiles keep flashing where they were: the animation resumes, it does not restart.
        tile.classList.add("fresh");
        tile.style.animationDelay = `${-(now - r.seen_ms)}ms`;
      }
      return tile;
    });
    $("calling").className = `calling n${tiles.length}`;
    $("calling").replaceChildren(...(tiles.length ? tiles : [XH.el("li", { class: "none", text: XH.t("display.no_calls") })]));
    // Under the tiles, the call in words: on a Vietnamese display the sentence the voice says (numbers spelled out,
    // for those who do not hear it); on an English one, English (the voice stays Vietnamese).
    const latest = calls[0];
    $("latest-text").textContent = !latest ? "" : XH.lang === "en"
      ? XH.t("display.caption", { number: latest.number, counter: counterLabel(latest.counter) }) : latest.text || "";
    const rest = calls.slice(TILES, TILES + RECENT);
    $("recent").replaceChildren(...rest.map((r) =>
      XH.el("li", { "data-number": r.number, "data-calling-number": r.status === "called" ? r.number : null },
        XH.el("span", { class: "num", text: r.number }), XH.el("span", { class: "to", text: counterLabel(r.counter) }))));
  }

  function renderWaiting() {
    // Only fields with someone waiting, longest line first: the hall reads what matters.
    const busy = state.services.filter((s) => s.waiting > 0).sort((a, b) => b.waiting - a.waiting);
    $("waiting").replaceChildren(...(busy.length ? busy.map((s) =>
      XH.el("li", { "data-service": s.code }, XH.el("span", { class: "svc" }, XH.el("span", { class: "code", text: s.code }),
        (XH.lang === "en" && s.name_en) || s.name),
      XH.el("span", { class: "n", text: XH.t("display.waiting_n", { n: s.waiting }) })))
      : [XH.el("li", { class: "none", text: XH.t("display.nobody_waiting") })]));
  }

  function render() {
    renderCounters();
    renderCalls();
    renderWaiting();
    fitAll();
  }

  // ------------------------------------------------------------ the voice

  function quietNow() {
    const c = XH.clock(new Date()); // quiet hours are the centre's hours
    const hhmm = `${c.hh}:${c.mi}`;
    return (config.quiet || []).some(([a, b]) => a <= hhmm && hhmm < b);
  }

  const entry = (ticketId) => state.recent.find((r) => r.ticket_id === ticketId);

  /** The speaker is free: say what the backlog rules choose, one saying at a time, none cut off. */
  function speak() {
    if (state.soundBlocked) return;
    const before = state.voice;
    const [voice, step] = B.next(state.voice, config.repeat);
    state.voice = voice;
    state.speaking = step !== null;
    if (!step) return;
    const call = step.call;
    const saying = { ticket_id: call.ticket_id, number: call.number, form: step.form, chime: step.chime,
      again: step.again, called_ms: call.seen_ms, start_ms: null, end_ms: null };
    const audio = new Audio(`/api/announcements/${call.ticket_id}.wav?repeat=1&form=${step.form}` +
      `&chime=${step.chime ? 1 : 0}&pause=${step.again ? 1 : 0}&c=${call.calls}`);
    audio.volume = Math.max(0, Math.min(1, config.volume));
    let over = false;
    const finished = () => {
      if (over) return; // a failed load may report twice (error event and refused play): go on once
      over = true;
      saying.end_ms = Date.now();
      if (step.form !== "chime" && !step.again) {
        state.timeline.push(["end", call.number]);
        const r = entry(call.ticket_id);
        if (r && r.calls === call.calls) { r.pending = false; renderCalls(); }
        socket.emit("call_spoken", { ticket: call.ticket_id, calls: call.calls });
      }
      speak();
    };
    audio.addEventListener("ended", finished, { once: true });
    audio.addEventListener("error", () => setTimeout(finished, 500), { once: true });
    audio.play().then(() => {
      saying.start_ms = Date.now();
      state.sayings.push(saying);
      if (step.form !== "chime" && !step.again) { state.played.push(call.number); state.timeline.push(["start", call.number]); }
    }).catch((err) => {
      if (err && err.name === "NotAllowedError") {
        // The browser wants a click first (a display that rebooted at night): ask for one, keep the backlog.
        over = true;
        state.soundBlocked = true;
        state.voice = before;
        state.speaking = false;
        $("sound").hidden = false;
      } else setTimeout(finished, 500);
    });
  }

  $("sound").addEventListener("click", () => {
    $("sound").hidden = true;
    state.soundBlocked = false;
    if (!state.speaking) speak();
  });

  // ------------------------------------------------------------ live data

  function applySnapshot(snap) {
    if (state.day && snap.day !== state.day) state.voice = B.empty(); // a new day: yesterday's calls are history
    state.day = snap.day;
    state.counters = new Map(snap.counters.map((c) => [c.number, c]));
    state.services = snap.services;
    const known = new Map(state.recent.map((r) => [r.ticket_id, r]));
    const seen = new Set();
    state.recent = snap.recent_calls.filter((r) => !seen.has(r.ticket_id) && seen.add(r.ticket_id)).map((r) => {
      const mine = known.get(r.ticket_id);
      return { ticket_id: r.ticket_id, number: r.number, counter: r.counter, calls: mine ? mine.calls : null,
        status: r.status, text: r.text, pending: !!(mine && mine.pending && r.status === "called"),
        seen_ms: mine ? mine.seen_ms : null };
    });
    if (snap.centre) {
      $("centre").textContent = snap.centre.name;
      $("authority").textContent = snap.centre.authority;
      setNotice(snap.centre.notice);
    }
    render();
  }

  function setNotice(text) {
    if ($("notice").textContent === (text || "")) return;
    $("notice").textContent = text || "";
    $("notice-copy").textContent = text || "";
  }

  const socket = XH.connect("/display", config.group ? { group: config.group } : {},
    { kind: "display", config: { group: config.group || "*" } });
  socket.on("display_snapshot", applySnapshot);
  socket.on("config_changed", () => socket.emit("snapshot", {}, applySnapshot));
  socket.on("ticket_called", (p) => {
    const call = { ticket_id: p.ticket.id, number: p.ticket.number, counter: p.counter, calls: p.ticket.calls,
      status: p.ticket.status, text: p.announcement, pending: false, seen_ms: Date.now() };
    const at = state.counters.get(p.counter); // the server sends no counter_changed for the call itself
    if (at) { at.ticket = p.ticket; at.state = at.state === "closed" ? "open" : at.state; }
    if (!inGroup(p.counter)) return;
    const voiced = !quietNow() && config.volume > 0;
    call.pending = voiced;
    state.recent = [call, ...state.recent.filter((r) => r.ticket_id !== call.ticket_id)].slice(0, 40);
    renderCounters();
    renderCalls();
    fitAll();
    socket.emit("call_shown", { ticket: call.ticket_id, calls: call.calls });
    if (voiced) {
      state.voice = B.called(state.voice, call); // a recall replaces its queued announcement
      if (!state.speaking) speak();
    }
  });
  // Started, finished, no-show, transferred, returned, parked: no longer called, so no longer announced.
  function ticketChanged(t) {
    const r = entry(t.id);
    if (r) r.status = t.status;
    if (t.status !== "called") {
      if (r) r.pending = false;
      state.voice = B.movedOn(state.voice, t.id);
    }
    for (const c of state.counters.values()) if (c.ticket && c.ticket.id === t.id) c.ticket = t;
    return !!r;
  }
  function figuresChanged(services) {
    for (const s of services) {
      const i = state.services.findIndex((x) => x.code === s.code);
      if (i >= 0) state.services[i] = s; else state.services.push(s);
    }
  }
  // What the server paces (at most twice a second): figures, counters and tickets as they are now, in one message.
  socket.on("hall_changed", (p) => {
    const calls = p.tickets.map(ticketChanged).some(Boolean);
    for (const c of p.counters) state.counters.set(c.number, c);
    figuresChanged(p.services);
    if (calls) renderCalls();
    if (p.counters.length) renderCounters();
    if (p.services.length) renderWaiting();
    fitAll();
  });
  // The same, one at a time (a server without pacing).
  socket.on("ticket_changed", (p) => { if (ticketChanged(p.ticket)) { renderCalls(); fitAll(); } });
  socket.on("counter_changed", (p) => { state.counters.set(p.counter.number, p.counter); renderCounters(); fitAll(); });
  socket.on("queue_changed", (p) => { figuresChanged(p.services); renderWaiting(); fitAll(); });
  // A long-running screen re-reads the truth now and then, and at midnight.
  setInterval(() => socket.connected && socket.emit("snapshot", {}, applySnapshot), 5 * 60 * 1000);
  window.addEventListener("resize", fitAll);

  setNotice(config.notice);
  $("centre").textContent = config.centre;
  $("authority").textContent = config.authority;
  XH.translate();
  tick();
  setInterval(tick, 1000);
  render();
  if (document.fonts) document.fonts.ready.then(fitAll);
  window.hallDisplay = { state, socket, fitAll, quietNow };
})();
