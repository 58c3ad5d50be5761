/* The voice backlog rules, mirrored line for line from server/core/backlog.py (read that for the why);
   tests/core/backlog_cases.json holds the cases both must agree on. States and steps are plain objects,
   never changed in place. */
(function (root) {
  "use strict";
  const FULL = "full";
  const SHORT = "short";
  const CHIME = "chime";

  const empty = () => ({ queue: [], current: null, said: 0, keep: true, run: false });

  function called(voice, call) {
    return { ...voice, queue: [...voice.queue.filter((c) => c.ticket_id !== call.ticket_id), call] };
  }

  function movedOn(voice, ticketId) {
    const keep = voice.keep && (voice.current === null || voice.current.ticket_id !== ticketId);
    return { ...voice, queue: voice.queue.filter((c) => c.ticket_id !== ticketId), keep };
  }

  /** The speaker is free: [the voice after it, what to say now or null]. */
  function next(voice, repeat) {
    if (repeat === undefined) repeat = 2;
    if (voice.current !== null && voice.keep && voice.queue.length === 0 && voice.said < repeat) {
      return [{ ...voice, said: voice.said + 1 }, { call: voice.current, form: FULL, chime: false, again: true }];
    }
    if (voice.queue.length === 0) return [empty(), null];
    if (!voice.run) return [{ ...voice, current: null, run: true }, { call: voice.queue[0], form: CHIME, chime: true, again: false }];
    const [call, ...rest] = voice.queue;
    const step = { call, form: rest.length ? SHORT : FULL, chime: false, again: false };
    return [{ queue: rest, current: call, said: 1, keep: true, run: true }, step];
  }

  root.XHBacklog = { empty, called, movedOn, next };
})(window);
