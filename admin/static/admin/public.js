/* /cong-khai: the results the centre posts publicly, redrawn every five minutes. */
(function () {
  "use strict";
  const XH = window.XH;
  const root = document.getElementById("public-results");
  XH.strings = XH.readJSON("strings");
  XH.lang = root.dataset.lang;
  XH.translate();

  async function load() {
    try {
      XH.publicResults.render(root, await XH.api("GET", "/api/public/results"));
    } catch (error) {
      root.replaceChildren(XH.el("p", { role: "alert", text: error.message }));
    }
  }
  load();
  setInterval(load, 300000);
})();
