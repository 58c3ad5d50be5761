/* The touch kiosk: one tap, one ticket; the number on screen whatever the printer does. */
(function () {
  "use strict";
  const XH = window.XH;
  XH.strings = XH.readJSON("strings");
  const config = XH.readJSON("config");
  const params = new URLSearchParams(location.search);
  const kioskName = params.get("kiosk") || localStorage.getItem("xephang.kiosk") || config.kiosk || "main";
  localStorage.setItem("xephang.kiosk", kioskName);

  const RESULT_SECONDS = Number(params.get("result_seconds") || 20);
  const IDLE_SECONDS = Number(params.get("idle_seconds") || 90);
  const TAP_GUARD_MS = 800;
  // A tap on the spot of the tap that just changed the screen is the second of a double tap (or a stuck finger): it
  // would land on whatever the new screen has there (a field: a ticket nobody chose), so it is dropped. A tap
  // elsewhere, or later, is the citizen's next choice.
  const SCREEN_GUARD_MS = 400;
  const SAME_SPOT_PX = 40;
  const BAD_PRINTER = ["paper_out", "cover_open", "offline"];

  const state = {
    services: [],
    priorities: [],
    printers: {},
    priority: null,
    busy: false,
    screen: "home",
    current: null, // the ticket on the result screen
    printStatus: null,
    ignoreTapsUntil: 0,
    lastTap: { x: 0, y: 0, at: 0 },
    settling: { x: 0, y: 0, until: 0 }, // a tap there before then is dropped (SCREEN_GUARD_MS)
    countdown: null,
    idleTimer: null,
    procedures: { field: "", query: "", rows: [], selected: null },
  };
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------ screens

  /** What is under the finger just changed (a new screen, the tiles moving up): for SCREEN_GUARD_MS a tap on the
   *  spot of the tap that did it is that tap's double, dropped. */
  function settle() {
    const tap = state.lastTap;
    if (Date.now() - tap.at < 1000) state.settling = { x: tap.x, y: tap.y, until: Date.now() + SCREEN_GUARD_MS };
  }

  function show(name) {
    if (name !== state.screen) settle();
    state.screen = name;
    for (const id of ["home", "priority", "result", "procedures", "idle"]) $(id).hidden = id !== name;
    armIdle();
  }

  function armIdle() {
    clearTimeout(state.idleTimer);
    if (state.screen === "home" || state.screen === "priority" || state.screen === "procedures") {
      state.idleTimer = setTimeout(() => {
        resetCitizen();
        show("idle");
      }, IDLE_SECONDS * 1000);
    }
  }

  /** A new citizen starts in Vietnamese, with no priority chosen. */
  function resetCitizen() {
    state.priority = null;
    state.current = null;
    if (XH.lang !== "vi") setLanguage("vi");
    renderHome();
  }

  function setLanguage(lang) {
    XH.lang = lang;
    XH.translate();
    renderHeader();
    renderHome();
    renderPriorities();
    tick();
    if (state.screen === "result") renderResult();
    if (state.screen === "procedures") renderProcedures();
  }

  // ------------------------------------------------------------ header and idle

  function renderHeader() {
    $("authority").textContent = config.authority;
    $("centre-name").textContent = config.centre;
    $("idle-centre").textContent = config.centre;
    $("idle-hotline").textContent = XH.t("kiosk.hotline", { hotline: config.hotline });
    $("idle-hours").textContent = XH.t("kiosk.hours", { hours: config.hours[XH.lang] || config.hours.vi });
    $("idle-address").textContent = config.address || "";
  }

  /** The time and today's date, as the page's language writes it (XH.today). */
  function tick() {
    const now = new Date(), c = XH.clock(now); // the centre's time, whatever the device's zone
    $("clock").textContent = `${c.hh}:${c.mi}  ${XH.today(now)}`;
  }

  // ------------------------------------------------------------ services

  const serviceName = XH.fieldName;

  function renderHome() {
    const list = $("services");
    list.replaceChildren();
    for (const s of state.services) {
      // Honest: "no wait" only where a counter is open to serve it.
      const lines = !s.open ? [XH.t("kiosk.closed." + s.closed_reason)]
        : [XH.t("kiosk.waiting", { n: s.waiting }), s.open_counters === 0 ? XH.t("kiosk.no_counter")
          : s.estimated_wait_s > 0 ? XH.t("kiosk.wait_about", { minutes: XH.minutes(s.estimated_wait_s) })
            : XH.t(s.waiting > 0 ? "kiosk.wait_short" : "kiosk.no_wait")];
      const meta = lines.join(" · ");
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "icon");
      svg.setAttribute("aria-hidden", "true");
      const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
      use.setAttribute("href", "#icon-" + (s.icon || "dots"));
      svg.append(use);
      const button = XH.el("button", {
        type: "button", class: "service" + (s.open ? "" : " closed"), "data-service": s.code,
        disabled: !s.open || state.busy, role: "listitem", "aria-label": `${s.code} ${serviceName(s)}. ${meta}`,
      }, svg, XH.el("span", { class: "code", text: s.code }), XH.el("span", { class: "name", text: serviceName(s) }),
      XH.el("span", { class: "meta" }, ...lines.map((line, i) => XH.el("span", {
        class: !s.open ? "closed-reason" : i === 1 && s.open_counters === 0 ? "no-counter" : "", text: line }))));
      button.addEventListener("click", () => take(s.code));
      list.append(button);
    }
    const banner = $("priority-banner");
    banner.hidden = !state.priority;
    if (state.priority) {
      const p = state.priorities.find((x) => x.code === state.priority);
      $("priority-name").textContent = XH.t("kiosk.priority_active", { name: p ? XH.fieldName(p) : state.priority });
    }
    $("priority-open").hidden = !!state.priority || state.priorities.length === 0;
    // Who may take one: the centre's own list, whole (it is local and edited), never a fixed "…".
    $("priority-who").textContent = state.priorities.map((p) => XH.fieldName(p)).join("\u00a0· "); // a dot ends a line, never starts one
  }

  function renderPriorities() {
    const list = $("priority-list");
    list.replaceChildren();
    for (const p of state.priorities) {
      list.append(XH.el("button", {
        type: "button", class: "priority-choice", "data-priority": p.code,
        text: XH.fieldName(p),
        onclick: () => { state.priority = p.code; renderHome(); show("home"); },
      }));
    }
  }

  function message(text) {
    const el = $("message");
    el.textContent = text || "";
    el.hidden = !text;
    if (text) setTimeout(() => { if (el.textContent === text) el.hidden = true; }, 8000);
  }

  // ------------------------------------------------------------ taking a number

  function newRequestId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function take(code) {
    if (state.busy || Date.now() < state.ignoreTapsUntil) return; // a double tap or a stuck finger
    state.busy = true;
    renderHome();
    message("");
    const request = { service: code, priority: state.priority, kiosk: kioskName, lang: XH.lang, request_id: newRequestId() };
    send(request, 2);
  }

  function send(request, triesLeft) {
    socket.timeout(8000).emit("issue_ticket", request, (err, reply) => {
      if (err) {
        // No answer: the same request_id again can only ever give the same ticket.
        if (triesLeft > 1) {
          const again = () => send(request, triesLeft - 1);
          if (socket.connected) again(); else socket.once("connect", again);
          return;
        }
        done(null, XH.t("kiosk.try_again"));
        return;
      }
      if (reply && reply.ok) done(reply.ticket, null);
      else done(null, (reply && reply.message) || XH.t("kiosk.try_again"));
    });
  }

  function done(ticket, error) {
    state.busy = false;
    if (!ticket) {
      renderHome();
      message(error);
      return;
    }
    state.current = ticket;
    state.printStatus = BAD_PRINTER.includes((state.printers[kioskName] || {}).state) ? "failed" : "printing";
    state.ignoreTapsUntil = Date.now() + TAP_GUARD_MS;
    renderResult();
    show("result");
    startCountdown();
  }

  function renderResult() {
    const t = state.current;
    if (!t) return;
    const s = state.services.find((x) => x.code === t.service);
    $("result-number").textContent = t.number;
    $("result-service").textContent = s ? serviceName(s) : t.service;
    const p = t.priority && state.priorities.find((x) => x.code === t.priority);
    $("result-priority").hidden = !t.priority;
    $("result-priority").textContent = t.priority
      ? XH.t("kiosk.priority_ticket", { name: p ? XH.fieldName(p) : t.priority }) : "";
    $("result-counters").textContent = t.counters && t.counters.length
      ? XH.t("kiosk.counters", { counters: XH.counterList(t.counters.map((c) => c.number)) }) : "";
    $("result-ahead").textContent = XH.t("kiosk.ahead", { n: t.ahead });
    const noCounter = t.counters && !t.counters.some((c) => c.open);
    $("result-wait").textContent = noCounter ? XH.t("kiosk.no_counter_result") : t.estimated_wait_s > 0
      ? XH.t("kiosk.wait_about", { minutes: XH.minutes(t.estimated_wait_s) })
      : XH.t(t.ahead > 0 ? "kiosk.turn_soon" : "kiosk.no_wait");
    $("result-qr").src = `/t/${encodeURIComponent(t.token)}/qr.svg`;
    const print = $("result-print");
    const failed = state.printStatus === "failed";
    print.textContent = failed ? XH.t("kiosk.printer_failed")
      : state.printStatus === "printed" ? XH.t("kiosk.take_ticket") : XH.t("kiosk.printing");
    print.classList.toggle("failed", failed);
    $("reprint").hidden = !failed;
  }

  function startCountdown() {
    clearInterval(state.countdown);
    let left = RESULT_SECONDS;
    const step = () => {
      $("countdown").textContent = XH.t("kiosk.returning", { s: left });
      if (left-- <= 0) finishResult();
    };
    step();
    state.countdown = setInterval(step, 1000);
  }

  function finishResult() {
    if (Date.now() < state.ignoreTapsUntil) return;
    clearInterval(state.countdown);
    resetCitizen();
    show("home");
  }

  function reprint() {
    const t = state.current;
    if (!t) return;
    state.printStatus = "printing";
    renderResult();
    socket.timeout(8000).emit("reprint", { token: t.token, kiosk: kioskName, lang: XH.lang }, (err, reply) => {
      if (err || !reply || !reply.ok) { state.printStatus = "failed"; renderResult(); }
    });
    startCountdown();
  }

  // ------------------------------------------------------------ procedures lookup

  async function loadProcedures() {
    const q = new URLSearchParams({ q: state.procedures.query, service: state.procedures.field, lang: XH.lang });
    try {
      const body = await XH.api("GET", "/api/procedures?" + q);
      state.procedures.rows = body.procedures || [];
      state.procedures.more = Math.max(0, (body.total || 0) - state.procedures.rows.length);
      $("procedure-sample").hidden = !body.sample;
    } catch (e) {
      state.procedures.rows = [];
    }
    renderProcedures();
  }

  function renderProcedures() {
    const chips = $("procedure-fields");
    chips.replaceChildren(XH.el("button", {
      type: "button", class: "chip" + (state.procedures.field ? "" : " active"), text: XH.t("kiosk.all_fields"),
      onclick: () => { state.procedures.field = ""; loadProcedures(); },
    }));
    for (const s of state.services) {
      chips.append(XH.el("button", {
        type: "button", class: "chip" + (state.procedures.field === s.code ? " active" : ""), text: serviceName(s),
        onclick: () => { state.procedures.field = s.code; loadProcedures(); },
      }));
    }
    const list = $("procedure-list");
    list.replaceChildren();
    if (!state.procedures.rows.length) list.append(XH.el("li", { class: "empty", text: XH.t("kiosk.no_results") }));
    if (state.procedures.more) list.append(XH.el("li", { class: "empty", text: XH.t("kiosk.more_results", { n: state.procedures.more }) }));
    for (const row of state.procedures.rows) {
      list.append(XH.el("li", {}, XH.el("button", {
        type: "button", class: "procedure", text: row.ten, "data-procedure": row.ma,
        onclick: () => { state.procedures.selected = row; renderProcedures(); $("procedures").scrollTop = 0; },
      })));
    }
    // A procedure's details take the whole screen, from the top, with a large "Back" above and below.
    const detail = $("procedure-detail");
    const row = state.procedures.selected;
    $("procedure-browse").hidden = !!row;
    $("procedure-view").hidden = !row;
    detail.replaceChildren();
    if (row) {
      detail.append(XH.el("h2", { text: row.ten }));
      for (const key of ["ma", "thoi_han", "le_phi", "thanh_phan_ho_so", "trinh_tu", "cach_thuc", "doi_tuong", "co_quan", "dieu_kien", "mau_don"]) {
        if (!row[key]) continue;
        detail.append(XH.el("h3", { text: XH.t("procedure." + key) }));
        const items = row[key].split(/;\s*/).filter(Boolean);
        if (items.length > 1) detail.append(XH.el("ul", {}, ...items.map((x) => XH.el("li", { text: x }))));
        else detail.append(XH.el("p", { text: row[key] }));
      }
    }
  }

  // ------------------------------------------------------------ live data

  const socket = XH.connect("/kiosk", { kiosk: kioskName }, { kind: "kiosk", config: { kiosk: kioskName } });
  socket.on("config_changed", () => socket.emit("snapshot", {}, (snap) => applySnapshot(snap)));
  socket.on("kiosk_snapshot", (snap) => applySnapshot(snap));
  function applySnapshot(snap) {
    state.services = snap.services;
    state.priorities = snap.priority_categories || [];
    state.printers = snap.printers || {};
    if (snap.centre) {
      config.centre = snap.centre.name;
      config.authority = snap.centre.authority;
      config.hotline = snap.centre.hotline;
      config.address = snap.centre.address;
    }
    renderHeader();
    if (state.screen === "home") renderHome();
    renderPriorities();
  }
  socket.on("queue_changed", (delta) => {
    for (const s of delta.services) {
      const i = state.services.findIndex((x) => x.code === s.code);
      if (i >= 0) state.services[i] = s; else state.services.push(s);
    }
    if (state.screen === "home") renderHome();
  });
  socket.on("printer_status", (p) => { state.printers[p.kiosk] = { state: p.state }; });
  socket.on("print_status", (p) => {
    if (!state.current || p.ticket_id !== state.current.id || p.kiosk !== kioskName) return;
    if (p.status === "printed") state.printStatus = "printed";
    else if (p.status === "failed") state.printStatus = "failed";
    renderResult();
  });
  socket.on("connect", () => { if (state.screen === "home") renderHome(); });

  // ------------------------------------------------------------ wiring

  $("lang").addEventListener("click", () => setLanguage(XH.lang === "vi" ? "en" : "vi"));
  $("priority-open").addEventListener("click", () => { renderPriorities(); show("priority"); });
  $("priority-back").addEventListener("click", () => show("home"));
  $("priority-cancel").addEventListener("click", () => { state.priority = null; renderHome(); settle(); }); // tiles move up
  $("done").addEventListener("click", finishResult);
  $("reprint").addEventListener("click", reprint);
  $("procedures-open").addEventListener("click", () => {
    state.procedures.selected = null;
    show("procedures");
    loadProcedures();
  });
  $("procedures-back").addEventListener("click", () => show("home"));
  for (const id of ["procedure-close", "procedure-close-end"]) {
    $(id).addEventListener("click", () => { state.procedures.selected = null; renderProcedures(); });
  }
  window.XHKeyboard.attach($("procedure-keyboard"), $("procedure-search"));
  let searchTimer = null;
  $("procedure-search").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    state.procedures.query = e.target.value;
    searchTimer = setTimeout(loadProcedures, 250);
  });
  // Where each finger comes down, before any handler hears it (the idle screen leaves on pointerdown itself).
  document.addEventListener("pointerdown", (event) => {
    state.lastTap = { x: event.clientX, y: event.clientY, at: Date.now() };
  }, true);
  document.addEventListener("click", (event) => {
    if (event.detail === 0) return; // a key (Enter, space) on a focused button: no finger, no double tap
    const s = state.settling;
    if (Date.now() < s.until && Math.hypot(event.clientX - s.x, event.clientY - s.y) < SAME_SPOT_PX) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  }, true); // capturing: before any button of the page hears it
  $("idle").addEventListener("pointerdown", () => { show("home"); });
  document.addEventListener("pointerdown", armIdle, { passive: true });
  document.addEventListener("keydown", armIdle, { passive: true });
  document.addEventListener("contextmenu", (e) => e.preventDefault()); // a long press must not open a menu

  XH.translate();
  renderHeader();
  tick();
  setInterval(tick, 10000);
  show("home");
  window.kiosk = { state, socket }; // for assistive tools and tests
})();
