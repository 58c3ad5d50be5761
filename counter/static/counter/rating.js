/* The counter's rating tablet: idle, then one question per finished ticket, anonymous, one answer. */
(function () {
  "use strict";
  const XH = window.XH;
  XH.strings = XH.readJSON("strings");
  const config = XH.readJSON("config");
  XH.lang = config.lang === "en" ? "en" : "vi"; // ?lang=en, else Vietnamese whatever the tablet's own (counter/views.py)
  const $ = (id) => document.getElementById(id);
  const COLOURS = { very_satisfied: "#2e9b4f", satisfied: "#8cc84b", neutral: "#f2c230", dissatisfied: "#f0862a", very_dissatisfied: "#d9342b" };
  const MOUTHS = { very_satisfied: "M28 60 Q50 84 72 60", satisfied: "M32 64 Q50 76 68 64", neutral: "M32 68 L68 68",
    dissatisfied: "M32 72 Q50 60 68 72", very_dissatisfied: "M28 76 Q50 54 72 76" };
  const state = { form: null, question: null, chosen: null, reasons: new Set(), timer: null, deadline: 0, closes: 0,
    sending: false, reported: 0 };
  const REPORT_EVERY_MS = 3000; // the server keeps a longer grace than this (ratings.STILL_HERE_GRACE_S)

  function show(id) {
    for (const name of ["idle", "ask", "why", "thanks"]) $(name).hidden = name !== id;
  }

  function renderIdle(counter) {
    $("centre").textContent = config.centre;
    $("counter").textContent = XH.t("rating.counter", { counter: config.counter });
    $("clerk").textContent = counter && counter.clerk ? XH.t("rating.clerk", { name: counter.clerk.name }) : XH.t("rating.no_clerk");
    $("serving").textContent = counter && counter.ticket ? XH.t("rating.serving", { number: counter.ticket.number }) : "";
  }

  function face(choice) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 100 100");
    svg.setAttribute("aria-hidden", "true");
    svg.style.color = COLOURS[choice.label];
    const use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", "#face");
    const mouth = document.createElementNS("http://www.w3.org/2000/svg", "path");
    mouth.setAttribute("d", MOUTHS[choice.label]);
    mouth.setAttribute("stroke", "#10203a");
    mouth.setAttribute("stroke-width", "7");
    mouth.setAttribute("fill", "none");
    mouth.setAttribute("stroke-linecap", "round");
    svg.append(use, mouth);
    return svg;
  }

  function ask(question) {
    state.question = question;
    state.chosen = null;
    state.reasons.clear();
    state.sending = false;
    $("for").textContent = XH.t("rating.for_ticket", { number: question.number });
    $("faces").replaceChildren(...state.form.choices.map((choice) => {
      const b = XH.el("button", { type: "button", class: "face", "data-score": choice.score, "aria-label": XH.t("rating." + choice.label) },
        face(choice), XH.el("span", { text: XH.t("rating." + choice.label) }));
      b.addEventListener("click", () => choose(choice));
      return b;
    }));
    $("reasons").replaceChildren(...state.form.reasons.map((code) => {
      const b = XH.el("button", { type: "button", class: "reason", "data-reason": code, "aria-pressed": "false", text: XH.t("rating.reason." + code) });
      b.addEventListener("click", () => {
        if (state.reasons.has(code)) state.reasons.delete(code); else state.reasons.add(code);
        b.setAttribute("aria-pressed", String(state.reasons.has(code)));
      });
      return b;
    }));
    $("dossier").value = "";
    $("comment").value = "";
    show("ask");
    // The server's expiry is the deadline; the tablet counts down to it (clock skew is small on a LAN).
    state.closes = Date.now() + Math.max(1, (question.expires_at - Date.now() / 1000)) * 1000;
    state.deadline = state.closes;
    state.reported = 0;
    clearInterval(state.timer);
    state.timer = setInterval(tick, 250);
    tick();
  }

  /** A touch or a key while a question is open: the countdown restarts, and the server is told (at most every
   * few seconds) so that it keeps the question open as long as the tablet shows it. */
  function stillHere() {
    if (!state.question || state.sending) return;
    state.deadline = Date.now() + state.form.timeout_s * 1000;
    if (Date.now() - state.reported < REPORT_EVERY_MS) return;
    // The server grants this (and a grace) unless the question's hard limit is near; its answer corrects it.
    state.closes = Math.max(state.closes, state.deadline);
    state.reported = Date.now();
    const question = state.question;
    socket.timeout(8000).emit("still_here", { token: question.token }, (err, reply) => {
      if (!err && reply && reply.ok && state.question === question) {
        state.closes = Date.now() + (reply.expires_at - reply.now) * 1000;
      }
    });
    tick();
  }

  function tick() {
    const left = Math.ceil((Math.min(state.deadline, state.closes) - Date.now()) / 1000);
    for (const id of ["left", "left-why"]) $(id).textContent = XH.t("rating.seconds_left", { s: Math.max(0, left) });
    // A face already chosen counts: the reasons page is optional, and a citizen who walks away from it has rated.
    // It goes a second before the end (the server's own time for the question may be no later).
    if (state.chosen && left <= 1) send();
    else if (left <= 0) finish(false); // not rated
  }

  function choose(choice) {
    if (state.chosen || state.sending) return;
    state.chosen = choice;
    if (choice.dissatisfied && state.form.reasons.length) show("why");
    else send();
  }

  function send() {
    if (state.sending || !state.question) return;
    state.sending = true;
    const payload = { counter: config.counter, token: state.question.token, score: state.chosen.score,
      reasons: state.chosen.dissatisfied ? Array.from(state.reasons) : [],
      dossier_code: $("dossier").value.trim() || null, comment: $("comment").value.trim() || null };
    socket.timeout(8000).emit("submit_rating", payload, () => finish(true));
  }

  /** The next open question of this counter (finishes queue behind one still being answered), else idle. */
  function next() {
    socket.emit("snapshot", {}, (snap) => {
      if (state.question) return;
      if (snap && snap.pending) ask(snap.pending);
      else show("idle");
    });
  }

  function finish(thanks) {
    clearInterval(state.timer);
    state.question = null;
    state.chosen = null;
    if (thanks) {
      show("thanks");
      setTimeout(() => { if (!state.question) next(); }, 4000);
    } else next();
  }

  const socket = XH.connect("/rating", { counter: config.counter }, { kind: "rating", config: { counter: config.counter } });
  const refresh = () => socket.emit("snapshot", {}, () => null);
  socket.on("rating_snapshot", (snap) => {
    state.form = snap.form;
    renderIdle(snap.counter);
    if (snap.pending && (!state.question || state.question.token !== snap.pending.token)) ask(snap.pending);
  });
  socket.on("counter_changed", (p) => { if (!state.question) renderIdle(p.counter); });
  socket.on("config_changed", () => socket.emit("snapshot", {}, (snap) => {
    state.form = snap.form;
    if (!state.question) renderIdle(snap.counter);
  }));
  // A question being answered is never replaced: a newer one waits on the server and comes next.
  socket.on("rating_requested", (question) => { if (state.form && !state.question) ask(question); });
  socket.on("rating_submitted", (p) => {
    if (state.question && state.question.ticket_id === p.ticket_id && !state.sending) finish(true);
  });
  $("send").addEventListener("click", send);
  for (const name of ["pointerdown", "keydown", "input"]) document.addEventListener(name, stillHere, { passive: true });
  XH.translate();
  renderIdle(null);
  window.ratingTablet = { state, socket, refresh };
})();
