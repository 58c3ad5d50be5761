/* Managers' pages: log in (same session as the counters), then call window.onManager(me). */
(function () {
  "use strict";
  const XH = window.XH;
  XH.strings = XH.readJSON("strings");
  XH.lang = document.documentElement.lang === "en" ? "en" : "vi";  // the server's pick (?lang=, Accept-Language)
  const $ = (id) => document.getElementById(id);

  async function start() {
    XH.translate();
    const me = await XH.api("GET", "/api/me").catch(() => null);
    if (me && (me.role === "manager" || me.role === "admin")) {
      $("login").hidden = true;
      $("main").hidden = false;
      $("logout").hidden = false;
      $("who").textContent = me.name || me.username;
      window.onManager(me);
    } else {
      $("login").hidden = false;
      $("main").hidden = true;
    }
  }

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      const me = await XH.api("POST", "/api/login", { username: form.get("username"), password: form.get("password") });
      if (me.role !== "manager" && me.role !== "admin") throw new Error(XH.t("error.forbidden"));
      location.reload();
    } catch (error) {
      $("login-error").textContent = error.message;
      $("login-error").hidden = false;
    }
  });
  $("logout").addEventListener("click", async () => {
    await XH.api("POST", "/api/logout").catch(() => null);
    location.reload();
  });
  document.addEventListener("DOMContentLoaded", start);
})();
