/* Shows the public results now and then over a wall display or the kiosk's idle screen, when the centre
 * turns it on (options public_on_displays, public_on_kiosk, public_every_s, public_show_s).
 *   <script src="/admin/static/rotation.js" data-kind="display" data-give-way="#calling"></script>
 *   <script src="/admin/static/rotation.js" data-kind="kiosk" data-only-while="#idle"></script>
 * data-give-way: the overlay leaves at once when that element changes (a ticket is called).
 * data-only-while: the overlay shows only while that element is on screen (the idle screen). */
(function () {
  "use strict";
  const XH = window.XH;
  const script = document.currentScript;
  const kind = script.dataset.kind;
  const giveWay = script.dataset.giveWay && document.querySelector(script.dataset.giveWay);
  const onlyWhile = script.dataset.onlyWhile && document.querySelector(script.dataset.onlyWhile);
  const overlay = XH.el("div", { class: "public-overlay", id: "public-overlay", hidden: true, "aria-hidden": "true" });
  const results = XH.el("div", { class: "public-results" });
  overlay.append(results);
  document.body.append(overlay);
  let hideTimer = null;

  const hide = () => { overlay.hidden = true; clearTimeout(hideTimer); };
  const allowed = () => !onlyWhile || !onlyWhile.hidden;

  async function show() {
    let data = null;
    try {
      data = await XH.api("GET", "/api/public/results");
    } catch (error) {
      return 60;  // the server is away: try again in a minute
    }
    const rotation = data.rotation;
    if (rotation[kind] && allowed()) {
      XH.publicResults.render(results, data);
      overlay.hidden = false;
      hideTimer = setTimeout(hide, rotation.show_s * 1000);
    }
    return rotation.every_s;
  }

  async function loop() {
    const every = await show();
    setTimeout(loop, Math.max(5, every) * 1000);
  }
  if (giveWay) new MutationObserver(hide).observe(giveWay, { childList: true, characterData: true, subtree: true });
  if (onlyWhile) new MutationObserver(() => { if (!allowed()) hide(); }).observe(onlyWhile, { attributes: true });
  setTimeout(loop, 5000);  // let the screen draw itself first
})();
