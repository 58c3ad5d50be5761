/* The counter's dossier codes (mã hồ sơ): typed, or scanned by a reader that types like a keyboard and ends with
 * Enter, linked to the ticket being served or one served here today; a mistaken code is removed with ×.
 *
 * A scan that arrives while the field is not focused must never press the workstation's one-key shortcuts
 * (a code holding an H would finish the ticket): outside a field, each key waits SCAN_GAP_MS; a second key that
 * soon is a scanner, and the whole burst goes into the dossier field; a lone key is handed on as a shortcut. */
(function () {
  "use strict";
  const XH = window.XH;
  const $ = (id) => document.getElementById(id);
  const SCAN_GAP_MS = 40;
  const LINKABLE = ["serving", "parked"];
  let chosen = null; // the ticket id the clerk picked, kept across redraws while it is offered

  function tickets() {
    const view = window.counterStation && window.counterStation.view;
    if (!view || !view.counter) return [];
    const current = view.counter.ticket;
    return [...(current && LINKABLE.includes(current.status) ? [current] : []), ...(view.finished || [])];
  }

  function target() {
    const list = tickets();
    return list.find((t) => t.id === chosen) || list[0] || null;
  }

  let hinting = false; // the line shows "link codes once serving starts", to go once it does

  function say(text, kind) {
    hinting = false;
    $("dossier-feedback").textContent = text;
    $("dossier-feedback").className = "feedback" + (kind ? " " + kind : "");
  }

  function render() {
    const list = tickets();
    $("dossier").hidden = !window.counterStation.view || !window.counterStation.view.counter;
    const t = target();
    $("dossier-ticket").replaceChildren(...list.map((x) => XH.el("option", { value: x.id,
      text: XH.t(LINKABLE.includes(x.status) ? "counter.dossier.current" : "counter.dossier.finished", { number: x.number }) })));
    if (t) $("dossier-ticket").value = String(t.id);
    $("dossier-ticket").hidden = list.length === 0; // an empty drop-down looks broken: none until there is a ticket
    $("dossier-input").disabled = !t;
    $("dossier-add").disabled = !t;
    $("dossier-codes").replaceChildren(...(t ? t.dossiers : []).map((code) => XH.el("li", { "data-code": code },
      XH.el("span", { text: code }),
      XH.el("button", { type: "button", class: "remove", title: XH.t("counter.dossier.remove", { code }),
        "aria-label": XH.t("counter.dossier.remove", { code }), text: "×", onclick: () => remove(t, code) }))));
    if (!t) {
      say(XH.t("counter.dossier.none"), "");
      hinting = true;
    } else if (hinting) say("", "");
  }

  async function send(method, t, code) {
    try {
      const ticket = await XH.api(method, `/api/tickets/${t.id}/dossiers`, { code });
      t.dossiers = ticket.dossiers; // shown at once; the snapshot that follows agrees
      render();
      say(XH.t(method === "POST" ? "counter.dossier.linked" : "counter.dossier.removed", { code, number: t.number }), "good");
      return true;
    } catch (error) {
      say(error.status ? XH.t("counter.failed", { message: error.message }) : XH.t("counter.network"), "bad");
      return false;
    }
  }

  const remove = (t, code) => send("DELETE", t, code);

  $("dossier-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("dossier-input");
    const code = input.value.trim();
    const t = target();
    if (!code || !t) return;
    if (await send("POST", t, code)) input.value = "";
    input.focus(); // ready for the next scan
  });
  $("dossier-ticket").addEventListener("change", (e) => { chosen = Number(e.target.value); render(); });
  document.addEventListener("counter:render", render);

  // ------------------------------------------------------------ a scanner outside the field

  let held = null; // the first key of what may be a scan: {keys: [event], target, timer}
  const printable = (e) => e.key.length === 1 && e.key !== " " && !e.ctrlKey && !e.altKey && !e.metaKey;

  function release() {
    const burst = held;
    held = null;
    if (burst.keys.length === 1) { // a person pressed one key: the shortcut it means
      const e = burst.keys[0];
      burst.target.dispatchEvent(new KeyboardEvent("keydown", { key: e.key, code: e.code, shiftKey: e.shiftKey, bubbles: true }));
    }
  }

  document.addEventListener("keydown", (e) => {
    if (e.isTrusted === false || $("work").hidden || $("dossier").hidden) return;
    if (e.target.closest("input, textarea, select, dialog")) return;
    if (!printable(e) || e.repeat) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (held) {
      clearTimeout(held.timer);
      held.keys.push(e);
      // A burst: the rest of it types into the focused field, and its Enter links the code.
      $("dossier-input").focus();
      $("dossier-input").value = held.keys.map((k) => k.key).join("");
      held = null;
      return;
    } else held = { keys: [e], target: e.target };
    held.timer = setTimeout(release, SCAN_GAP_MS);
  }, true);

  document.addEventListener("keydown", (e) => {
    if (e.repeat || e.ctrlKey || e.altKey || e.metaKey) return;
    if (e.target.closest("input, textarea, select, dialog") || $("work").hidden) return;
    if (e.key.toLowerCase() === "m" && !$("dossier-input").disabled) { e.preventDefault(); $("dossier-input").focus(); }
  });
})();
