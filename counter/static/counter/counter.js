/* The clerk's workstation: big controls with shortcuts, one action at a time, always the true state. */
(function () {
  "use strict";
  const XH = window.XH;
  XH.strings = XH.readJSON("strings");
  const config = XH.readJSON("config");
  XH.lang = config.lang === "en" ? "en" : "vi";
  const $ = (id) => document.getElementById(id);

  const KEYS = { n: "call-next", l: "recall", b: "start", h: "finish", v: "no-show", c: "transfer", t: "park", g: "call-number", p: "pause" };
  // Which main controls make sense for the ticket at the counter (by its status).
  const ENABLED = {
    none: ["call-next", "call-number"],
    called: ["recall", "start", "no-show", "park", "return"],
    serving: ["call-next", "finish", "transfer", "park"], // call-next while serving: "Finish and call next"
  };
  let view = null;
  let socket = null;
  let busy = false;
  let refreshTimer = null;
  const ELSEWHERE_MS = 1000;
  const PRESS_MS = 10000; // a press over the socket not answered in this long is reported as a network error

  // ------------------------------------------------------------ formatting

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m >= 60 ? XH.waited(seconds) : `${m}:${String(s).padStart(2, "0")}`; // "1 giờ 6 phút"
  }

  const waited = XH.waited; // "dưới 1 phút", "12 phút", "1 giờ 6 phút"; a running service time stays m:ss

  // Times are counted on the server's clock (a counter PC's clock is often minutes off): the view says the
  // server's time when it was made, and the browser only measures how long ago the view arrived.
  let arrived = performance.now();
  let serverTime = Date.now();
  const nowOnServer = () => serverTime + (performance.now() - arrived);
  const since = (iso) => (nowOnServer() - Date.parse(iso)) / 1000;
  const sinceArrived = () => (performance.now() - arrived) / 1000;

  function take(next) {
    view = next;
    arrived = performance.now();
    serverTime = view && view.now ? Date.parse(view.now) : Date.now();
    render();
  }

  function feedback(text, kind) {
    const el = $("feedback");
    el.textContent = text;
    el.className = "feedback" + (kind ? " " + kind : "");
  }

  // ------------------------------------------------------------ screens

  function showOnly(id) {
    for (const name of ["login", "choose", "work"]) $(name).hidden = name !== id;
    $("tools").hidden = id === "login"; // Đăng xuất from the counters to choose from too (the wrong PC)
    $("pause").hidden = $("close").hidden = id !== "work";
  }

  function render() {
    if (!view) return;
    $("who").textContent = view.me.name || view.me.username || "";
    const c = view.counter;
    if (c && config.wanted) forgetWanted();
    if (!c) {
      renderChoose();
      showOnly("choose");
      return;
    }
    showOnly("work");
    $("counter-name").textContent = c.name || XH.t("counter.counter", { n: c.number });
    $("counter-services").replaceChildren(...fieldNames(c.services));
    $("paused").hidden = c.state !== "paused";
    $("pause").querySelector("span").textContent = XH.t(c.state === "paused" ? "counter.unpause" : "counter.pause");
    // The big button always moves the hall on: while a citizen is served, it finishes them and calls the next.
    const finishing = Boolean(c.ticket && c.ticket.status === "serving");
    const next = document.querySelector('.actions [data-action="call-next"]');
    next.dataset.finishing = finishing ? "yes" : "no";
    next.querySelector("span").textContent = XH.t(finishing ? "counter.finish_next" : "counter.call_next");
    renderCurrent(c.ticket);
    renderLists();
    renderStats();
    setEnabled();
    document.dispatchEvent(new CustomEvent("counter:render")); // dossiers.js redraws its panel
  }

  /** The counter the address names (?counter=, a counter PC's bookmark) is opened once a page, on its first
   *  choice: a page that finds its clerk already at a counter (a reload) forgets it too, so a later "Đóng quầy"
   *  does not open it again. A "Đóng quầy" takes it out of the address as well (a reload then opens nothing); a
   *  logout keeps it for the next clerk at this PC. */
  function forgetWanted(fromAddress) {
    config.wanted = null;
    const url = new URL(location.href);
    if (!fromAddress || !url.searchParams.has("counter")) return;
    url.searchParams.delete("counter");
    history.replaceState(history.state, "", url);
  }

  function renderChoose() {
    const list = $("counters");
    list.replaceChildren();
    for (const c of view.counters) {
      const button = XH.el("button", {
        type: "button", class: "counter-choice", "data-counter": c.number, disabled: c.taken,
        onclick: () => act("open", { counter: c.number }),
      }, XH.el("strong", { text: c.name || XH.t("counter.counter", { n: c.number }) }),
      XH.el("span", { class: "field-list" }, ...c.services.flatMap((code, i) => // a field a line; read with commas
        (i ? [XH.el("span", { class: "unseen", text: ", " }), fieldTag(code)] : [fieldTag(code)]))),
      c.taken ? XH.el("span", { class: "taken", text: XH.t("counter.taken") }) : null);
      list.append(button);
    }
    if (config.wanted && !busy && view.counters.some((c) => c.number === config.wanted && !c.taken)) {
      const wanted = config.wanted;
      forgetWanted();
      act("open", { counter: wanted });
    }
  }

  // What the hall's displays reported about this counter's calls: ticket id -> {calls, shown, spoken} (times).
  const reports = new Map();

  function renderDisplayReport(t) {
    const line = $("current-display");
    const r = t && t.status === "called" && reports.get(t.id);
    const report = r && r.calls === t.calls ? r : null;
    line.hidden = !(t && t.status === "called");
    if (line.hidden) return;
    const hhmmss = (iso) => iso.slice(11, 19);
    line.dataset.shown = report && report.shown ? "yes" : "no";
    line.dataset.spoken = report && report.spoken ? "yes" : "no";
    const shown = report && report.shown ? XH.t("counter.display_shown", { time: hhmmss(report.shown) }) : XH.t("counter.display_waiting");
    const spoken = report && report.spoken ? XH.t("counter.display_spoken", { time: hhmmss(report.spoken) }) : XH.t("counter.display_not_spoken");
    line.textContent = `${XH.t("counter.on_display")} ${shown} · ${spoken}`;
  }

  /** "A Chứng thực, T Trả kết quả – Hướng dẫn": a clerk reads fields by name, not by letter alone. */
  function nameOf(code) {
    const s = view && view.services.find((x) => x.code === code);
    return s ? XH.fieldName(s) : code;
  }
  const fieldName = (code) => `${code} ${nameOf(code)}`;
  // The header's list: each field its own element, its code a badge (a dash inside a name, "Trả kết quả –
  // Hướng dẫn", read as one more separator in plain text); the code and its name's first word never part at
  // the end of a line ("A" alone, "Certification" below, in a window snapped to half the screen).
  function fieldTag(code) {
    const badge = XH.el("b", { class: "code", text: code });
    const name = nameOf(code);
    if (name === code) return XH.el("span", { class: "field" }, badge); // a field the centre no longer lists
    const [first, ...rest] = name.split(" ");
    return XH.el("span", { class: "field" }, XH.el("span", { class: "lead" }, badge, `\u00a0${first}`),
      rest.length ? ` ${rest.join(" ")}` : null);
  }
  const fieldNames = (codes) => codes.flatMap((code, i) => (i ? [", ", fieldTag(code)] : [fieldTag(code)]));

  /** Why a shortcut did nothing: said, never silent. */
  function whyNot(action) {
    const c = view && view.counter;
    const t = c && c.ticket;
    if (!c) return null;
    if (t && (action === "close" || (action === "pause" && c.state !== "paused"))) {
      return XH.t(`counter.why.busy_${action}.${t.status === "serving" ? "serving" : "called"}`, { number: t.number });
    }
    if (c.state === "paused") return XH.t("counter.why.paused");
    if (t && (action === "call-next" || action === "call-number")) return XH.t("counter.why.busy." + t.status, { number: t.number });
    if (!t) return XH.t("counter.why.no_ticket");
    return XH.t("counter.why.not_now", { number: t.number, status: XH.t("status." + t.status) });
  }

  function renderCurrent(t) {
    renderDisplayReport(t);
    $("current").dataset.status = t ? t.status : "none";
    $("current-number").textContent = t ? t.number : "—";
    $("current-service").textContent = t ? `${fieldName(t.service)} · ${XH.t("status." + t.status)}` : XH.t("counter.none");
    tickTimers();
  }

  function tickTimers() {
    const t = view && view.counter && view.counter.ticket;
    $("current-waited").textContent = t && t.wait_s !== null ? XH.t("counter.waited", { time: waited(t.wait_s) }) : "";
    $("current-timer").textContent = t && t.started_at ? XH.t("counter.serving_for", { time: duration(since(t.started_at)) }) : "";
    document.querySelectorAll("[data-waited]").forEach((el) => {
      el.textContent = waited(Number(el.dataset.waited) + sinceArrived());
    });
  }

  function row(t, buttons, extra) {
    return XH.el("li", { class: "row" + (t.priority ? " priority" : ""), "data-ticket": t.id },
      XH.el("span", { class: "num", text: t.number }),
      XH.el("span", { class: "svc", text: nameOf(t.service) }),
      t.priority ? XH.el("span", { class: "tag", text: XH.t("counter.priority") }) : null,
      extra || null,
      ...buttons);
  }

  function rowButton(action, label, ticketId, extra) {
    return XH.el("button", { type: "button", class: "row-action", "data-action": action, "data-ticket": ticketId,
      text: XH.t(label), onclick: () => act(action, { ticket: ticketId, ...(extra || {}) }) });
  }

  // `total`: how many the line holds when the server listed only its first ones ("… and 650 more"); `moreKey`,
  // what that line says (the waiting line names "Call a number" while the clerk can press it).
  function fill(listId, countId, items, make, total, moreKey) {
    const list = $(listId);
    const all = total === undefined ? items.length : total;
    const more = all > items.length
      ? [XH.el("li", { class: "more", text: XH.t(moreKey || "counter.more", { n: XH.num(all - items.length) }) })] : [];
    list.replaceChildren(...(items.length ? [...items.map(make), ...more]
      : [XH.el("li", { class: "empty", text: XH.t("counter.empty") })]));
    $(countId).textContent = `(${XH.num(all)})`;
  }

  function renderLists() {
    const idle = !view.counter.ticket && view.counter.state === "open";
    fill("waiting", "waiting-count", view.waiting, (t) => {
      const waited = XH.el("span", { class: "wait", "data-waited": t.waited_s });
      const call = rowButton("call-number", "counter.call", t.id);
      call.disabled = !idle || busy;
      return row(t, [call], waited);
    }, view.waiting_total, idle ? "counter.more_call" : "counter.more");
    fill("parked", "parked-count", view.parked, (t) => {
      const b = rowButton("resume", "counter.resume", t.id);
      b.disabled = !idle || busy;
      return row(t, [b]);
    });
    fill("no-show", "no-show-count", view.no_show, (t) => row(t, [rowButton("requeue", "counter.requeue", t.id)]),
      view.no_show_total);
    $("unprinted-section").hidden = view.unprinted.length === 0;
    fill("unprinted", "unprinted-count", view.unprinted, (t) => row({ ...t, id: t.ticket_id },
      [rowButton("reprint", "counter.reprint", t.ticket_id, { kiosk: t.kiosk })]));
    const printers = $("printers");
    printers.replaceChildren(...Object.entries(view.printers || {})
      .filter(([, p]) => p.state !== "ready")
      .map(([kiosk, p]) => XH.el("div", { class: "printer-warning",
        text: XH.t("counter.printer_problem", { kiosk, state: XH.t("counter.printer." + p.state) }) })));
    tickTimers();
  }

  function renderStats() {
    const s = view.stats;
    const figures = [
      XH.t("counter.stat_served", { served: s.served }),
      XH.t("counter.stat_avg", { avg: s.avg_service_s === null ? XH.t("counter.avg_none") : duration(s.avg_service_s) }),
      XH.t("counter.stat_rate", {
        rate: s.satisfaction_rate === null ? XH.t("counter.rate_none") : Math.round(s.satisfaction_rate * 100) + "%",
      }),
    ];
    // Each figure whole on its line: a narrow window breaks the line between figures, never inside one.
    $("stats").replaceChildren(...figures.flatMap((text, i) =>
      [i ? " · " : null, XH.el("span", { class: "figure", text })].filter((part) => part !== null)));
  }

  function setEnabled() {
    const c = view && view.counter;
    const t = c && c.ticket;
    const allowed = new Set(!c ? [] : c.state === "paused" ? (t ? ENABLED[t.status] : []).filter((a) => a !== "call-next")
      : ENABLED[t ? t.status : "none"] || []);
    document.querySelectorAll(".actions [data-action]").forEach((b) => {
      b.disabled = busy || !allowed.has(b.dataset.action);
    });
    // Pausing or closing with a citizen at the counter is refused by the server: the buttons wait for it too
    // (a paused counter's button is "Back to work", always allowed).
    const refused = { pause: Boolean(t) && c && c.state !== "paused", close: Boolean(t) };
    document.querySelectorAll(".tools [data-action]").forEach((b) => {
      b.disabled = busy || !c || Boolean(refused[b.dataset.action]);
      b.title = refused[b.dataset.action] ? whyNot(b.dataset.action) || "" : "";
    });
  }

  // ------------------------------------------------------------ doing things

  const post = (url, body) => XH.api("POST", url, body || {});

  // Each press is an event on the workstation's socket (counter/namespace.py, server/clerk.py); while the socket
  // is down, the route that does the same: [the fields of the event's data the route takes from its address, the
  // address]; the other fields are its body.
  const ROUTES = {
    open_counter: [["counter"], (d) => `/api/counters/${d.counter}/open`],
    change_counter: [["counter", "change"], (d) => `/api/counters/${d.counter}/${d.change}`],
    call_next: [["counter"], (d) => `/api/counters/${d.counter}/call-next`],
    call_ticket: [["counter"], (d) => `/api/counters/${d.counter}/call`],
    ticket_action: [["ticket", "action"], (d) => `/api/tickets/${d.ticket}/${d.action}`],
    reprint: [["ticket"], (d) => `/api/tickets/${d.ticket}/reprint`],
  };

  /** A press over the socket, answered through its ack ({ok, ...} or {error, message}); over HTTP while the
   *  socket is down. An answer that does not come is a network error, as a fetch that failed: never sent again
   *  (it may have been done), the screen redraws from the server's view. */
  function press(event, data) {
    if (!socket || !socket.connected) {
      const [inAddress, address] = ROUTES[event];
      return post(address(data), Object.fromEntries(Object.entries(data).filter(([k]) => !inAddress.includes(k))));
    }
    return new Promise((resolve, reject) => {
      socket.timeout(PRESS_MS).emit(event, data, (lost, reply) => {
        if (lost) return reject(new Error(XH.t("counter.network")));
        if (reply && reply.ok) return resolve(reply);
        const error = new Error((reply && reply.message) || XH.t("counter.network"));
        const status = reply && reply.error === "login_required" ? 401 : 400;
        reject(Object.assign(error, { status, body: reply || {} }));
      });
    });
  }

  /** Back to the login form: the socket goes too (it carries the session it connected with, now over), and a
   *  new one connects after the next login. */
  function loggedOut() {
    if (socket) { socket.disconnect(); socket = null; }
    clearTimeout(refreshTimer);
    refreshTimer = null;
    drawn = ++asked; // a view asked for before now, answered late, is never drawn over the login form
    view = null;
    XH.showOffline(false); // a socket already down says nothing when closed (common.js ignores the page's own close)
    showOnly("login");
  }

  /** One action at a time: a double click or a held key never sends two. */
  async function act(action, args) {
    if (busy) return;
    args = args || {};
    const c = view && view.counter;
    const t = c && c.ticket;
    if (action === "transfer") return openTransfer();
    if (action === "call-number" && args.ticket === undefined && args.number === undefined) return openCall();
    let event, data;
    if (action === "open") [event, data] = ["open_counter", { counter: args.counter }];
    else if (action === "close" || action === "pause") {
      if (action === "close") forgetWanted(true);
      const change = action === "close" ? "close" : c.state === "paused" ? "resume" : "pause";
      [event, data] = ["change_counter", { counter: c.number, change }];
    } else if (action === "call-next") {
      const finishing = t && t.status === "serving" ? { close: "finish", ticket: t.id } : {};
      [event, data] = ["call_next", { counter: c.number, ...finishing }];
    } else if (action === "call-number") {
      const which = args.ticket !== undefined ? { ticket: args.ticket } : { number: args.number };
      [event, data] = ["call_ticket", { counter: c.number, ...which }];
    } else if (action === "reprint") [event, data] = ["reprint", { ticket: args.ticket, kiosk: args.kiosk || "main" }];
    else if (["resume", "requeue"].includes(action)) [event, data] = ["ticket_action", { ticket: args.ticket, action }];
    else if (action === "transfer-to") {
      [event, data] = ["ticket_action", { ticket: t.id, action: "transfer", service: args.service }];
    } else if (t) [event, data] = ["ticket_action", { ticket: t.id, action }];
    else return;
    busy = true;
    setEnabled();
    feedback(XH.t("counter.working"), "working");
    try {
      const pausing = action === "pause" && c.state !== "paused";
      const result = await press(event, data);
      if (action === "call-next" && result && result.closed) {
        const done = result.closed.number;
        if (result.ticket) feedback(XH.t("counter.did.finish-next", { done, number: result.ticket.number }), "good");
        else feedback(XH.t("counter.did.finish-none", { done }), "good");
      } else if (action === "call-next" && result && result.ticket === null) feedback(XH.t("counter.nobody"), "");
      else {
        const number = (result && (result.ticket ? result.ticket.number : result.number)) || (t && t.number) || "";
        const key = action === "pause" ? (pausing ? "pause" : "unpause") : action;
        feedback(XH.t("counter.did." + key, { number, counter: args.counter, service: fieldName(args.service) }), "good");
      }
      if (action === "open" && socket) socket.emit("join_counter", { counter: args.counter });
    } catch (error) {
      if (error.status === 401) loggedOut();
      feedback(error.status ? XH.t("counter.failed", { message: error.message }) : XH.t("counter.network"), "bad");
    } finally {
      busy = false;
      refresh();
    }
  }

  function openTransfer() {
    const t = view.counter.ticket;
    if (!t) return;
    $("transfer-title").textContent = XH.t("counter.transfer_to", { number: t.number });
    // Each field with its line and how many open counters serve it: a field no one serves is marked, as the kiosk
    // marks it, so the citizen is not sent to a line no one will call (it stays offered: a counter may open).
    const serving = {};
    for (const c of view.counters) {
      if (c.state === "open") for (const code of c.services) serving[code] = (serving[code] || 0) + 1;
    }
    $("transfer-services").replaceChildren(...view.services.filter((s) => s.code !== t.service).map((s) => {
      const n = serving[s.code] || 0;
      const meta = XH.el("span", { class: n ? "meta" : "meta none",
        text: XH.t(n ? "counter.transfer_open" : "counter.transfer_none", { waiting: XH.num(s.waiting), n }) });
      return XH.el("button", { type: "button", "data-transfer": s.code, "data-open-counters": n,
        onclick: () => { $("transfer-dialog").close(); act("transfer-to", { service: s.code }); } }, fieldTag(s.code), meta);
    }));
    $("transfer-dialog").showModal();
  }

  function openCall() {
    $("call-input").value = "";
    $("call-dialog").showModal();
    $("call-input").focus();
  }

  // ------------------------------------------------------------ live data

  // The clerk's own action, or a change at this counter, redraws at once (50 ms gathers the notices of one
  // action); a change elsewhere redraws at most once a second: in a provincial hall a hundred workstations
  // hear every call. An answer older than the one drawn already is dropped.
  let lastAsked = 0;
  let asked = 0;
  let drawn = 0;
  function refresh(notice) {
    const mine = view && view.counter ? view.counter.number : null;
    const here = !notice || (mine !== null && Array.isArray(notice.counters) && notice.counters.includes(mine));
    const soon = 50;
    const wait = here ? soon : Math.max(soon, lastAsked + ELSEWHERE_MS - Date.now());
    if (refreshTimer && !here) return; // already asked for: that snapshot will include this change
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      lastAsked = Date.now();
      const n = ++asked;
      const draw = (snap) => {
        if (snap && snap.error === "login_required") return loggedOut();
        if (!snap || !snap.view || n < drawn) return;
        drawn = n;
        take(snap.view);
      };
      if (socket && socket.connected) socket.emit("snapshot", {}, draw);
      else if (socket) { // the socket is down: the view over HTTP, so a press sent as a request is seen done
        XH.api("GET", "/api/me/workstation").then(draw, (error) => {
          if (error && error.status === 401) loggedOut();
        });
      }
    }, wait);
  }

  function connect() {
    if (socket) return;
    socket = XH.connect("/counter", {});
    socket.on("counter_snapshot", (snap) => {
      if (snap.error === "login_required") { loggedOut(); return; }
      drawn = ++asked; // newer than any view asked for before it
      take(snap.view);
    });
    for (const name of XH.CHANGES) socket.on(name, refresh);
    socket.on("call_reported", (r) => {
      const known = reports.get(r.ticket_id);
      const entry = known && known.calls === r.calls ? known : { calls: r.calls, shown: null, spoken: null };
      entry[r.report] = entry[r.report] || r.at;
      reports.set(r.ticket_id, entry);
      if (view && view.counter) renderDisplayReport(view.counter.ticket);
    });
    socket.on("connect_error", async () => {
      // Refused: most likely the session expired. Ask the API to be sure.
      const refused = await XH.api("GET", "/api/me").then(() => null, (error) => error);
      if (refused && refused.status === 401) loggedOut();
    });
  }

  async function start() {
    const me = await XH.api("GET", "/api/me").catch(() => null);
    if (me) connect();
    else showOnly("login");
  }

  // ------------------------------------------------------------ wiring

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      await post("/api/login", { username: form.get("username"), password: form.get("password") });
      $("login-error").hidden = true;
      e.target.reset();
      connect();
      if (socket.connected) refresh();
    } catch (error) {
      $("login-error").textContent = error.message || XH.t("counter.network");
      $("login-error").hidden = false;
    }
  });
  $("logout").addEventListener("click", async () => {
    await post("/api/logout").catch(() => null);
    loggedOut();
  });
  document.querySelectorAll(".actions [data-action], .tools [data-action]").forEach((b) => {
    b.addEventListener("click", () => act(b.dataset.action));
  });
  $("call-form").addEventListener("submit", (e) => {
    const number = $("call-input").value.trim().toUpperCase();
    if (number) act("call-number", { number });
  });
  document.querySelectorAll("dialog [data-close]").forEach((b) => b.addEventListener("click", () => b.closest("dialog").close()));
  document.addEventListener("keydown", (e) => {
    if (e.repeat || e.ctrlKey || e.altKey || e.metaKey) return; // a held key is one press
    if (e.target.closest("input, textarea, dialog")) return;
    const action = KEYS[e.key.toLowerCase()];
    if (!action || $("work").hidden) return;
    const button = document.querySelector(`.actions [data-action="${action}"], .tools [data-action="${action}"]`);
    if (!button) return;
    e.preventDefault();
    if (!button.disabled) act(action);
    else if (!busy && whyNot(action)) feedback(whyNot(action), "bad");
  });
  setInterval(tickTimers, 1000);
  XH.translate();
  start();
  window.counterStation = { get view() { return view; }, get socket() { return socket; } };
})();
