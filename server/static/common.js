/* Shared by every screen: translation, the Socket.IO connection with its offline banner, small formats. */
(function () {
  "use strict";
  const XH = {
    strings: {},
    lang: "vi",
    /** The text for key in the current language, {params} filled in. */
    t(key, params) {
      const table = XH.strings[XH.lang] || {};
      let text = table[key] || (XH.strings.vi || {})[key] || key;
      for (const [name, value] of Object.entries(params || {})) {
        text = text.split("{" + name + "}").join(String(value));
      }
      return text;
    },
    /** Fill every element carrying data-i18n with its translation. */
    translate(root) {
      (root || document).querySelectorAll("[data-i18n]").forEach((el) => {
        el.textContent = XH.t(el.dataset.i18n);
      });
      (root || document).querySelectorAll("[data-i18n-placeholder]").forEach((el) => {
        el.placeholder = XH.t(el.dataset.i18nPlaceholder);
      });
      document.documentElement.lang = XH.lang;
    },
    /** Connect to a namespace; reconnects forever and shows #offline while the line is down. */
    connect(namespace, auth) {
      const socket = io(namespace, {
        auth: auth || {},
        transports: ["websocket", "polling"],
        reconnectionDelay: 500,
        reconnectionDelayMax: 5000,
      });
      const banner = document.getElementById("offline");
      const set = (offline) => {
        document.body.classList.toggle("is-offline", offline);
        if (banner) banner.hidden = !offline;
      };
      socket.on("connect", () => set(false));
      socket.on("disconnect", () => set(true));
      socket.on("connect_error", () => set(true));
      return socket;
    },
    minutes(seconds) {
      return Math.max(1, Math.round(seconds / 60));
    },
    el(tag, attrs, ...children) {
      const node = document.createElement(tag);
      for (const [name, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) continue;
        if (name === "class") node.className = value;
        else if (name === "text") node.textContent = value;
        else if (name.startsWith("data-")) node.setAttribute(name, value);
        else if (name === "onclick") node.addEventListener("click", value);
        else node.setAttribute(name, value === true ? "" : value);
      }
      for (const child of children) {
        if (child !== null && child !== undefined) node.append(child);
      }
      return node;
    },
    readJSON(id) {
      return JSON.parse(document.getElementById(id).textContent);
    },
  };
  window.XH = XH;
})();
