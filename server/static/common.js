/* Shared by every screen: translation, the Socket.IO connection with its offline banner, small formats. */
(function () {
  "use strict";
  let format = null;
  const clockFormat = () => {
    if (format) return format;
    const parts = { hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      second: "2-digit" };
    try {
      format = new Intl.DateTimeFormat("en-GB", { ...parts, timeZone: XH.zone });
    } catch (error) { // a zone this browser does not know: the device's own time rather than no clock at all
      console.warn(`time zone ${XH.zone}: ${error.message}; the device's own time is shown`);
      XH.zone = undefined;
      format = new Intl.DateTimeFormat("en-GB", parts);
    }
    return format;
  };
  // The calendar button's drawing (the reports' page has the same in its template).
  const CALENDAR = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><rect x="1.5" y="3" width="13"'
    + ' height="11.5" rx="1.5" fill="none" stroke="currentColor"/><path d="M1.5 6.5h13M5 1.5v3M11 1.5v3"'
    + ' stroke="currentColor"/></svg>';
  const XH = {
    strings: {},
    lang: "vi",
    /** The centre's time zone (the `timezone` setting): a screen's clock keeps it whatever its device is set to. */
    zone: (document.querySelector('meta[name="xephang-zone"]') || {}).content || "Asia/Ho_Chi_Minh",
    /** What the server tells a screen that redraws from its own snapshot (server/dispatch.py NOTICES, and a
     *  manager's config_changed): the counter workstation and the live dashboard listen to these. */
    CHANGES: ["ticket_issued", "ticket_called", "ticket_changed", "queue_changed", "counter_changed",
      "print_status", "printer_status", "rating_submitted", "logins_failing", "config_changed"],
    /** Call the API as our own pages do (the anti-CSRF header, the screen's language); the JSON answer, or
     *  an Error with the server's translated message, `status` and `body`. `isForm` sends a FormData as is. */
    async api(method, url, body, isForm) {
      const options = { method, credentials: "same-origin", headers: { "Accept-Language": XH.lang, "X-XepHang": "1" } };
      if (body !== undefined) {
        if (isForm) options.body = body;
        else { options.body = JSON.stringify(body); options.headers["Content-Type"] = "application/json"; }
      }
      const response = await fetch(url, options);
      const data = await response.json().catch(() => null);
      if (!response.ok) {
        const error = new Error((data && data.message) || response.statusText);
        Object.assign(error, { status: response.status, body: data || {} });
        throw error;
      }
      return data;
    },
    /** The text for key in the current language, {params} filled in. */
    t(key, params) {
      const table = XH.strings[XH.lang] || {};
      // A count of one: "<key>.one" where the language says it in the singular (server/i18n.py, t()).
      if (params && String(params.n) === "1" && table[key + ".one"]) key += ".one";
      let text = table[key] || (XH.strings.vi || {})[key] || key;
      for (const [name, value] of Object.entries(params || {})) {
        text = text.split("{" + name + "}").join(String(value));
      }
      return text;
    },
    /** How long a citizen has waited, in words nobody misreads ("0:04" looked like four minutes, or four hours,
     *  beside "1 giờ 6 phút"): "dưới 1 phút", "12 phút", "1 giờ 6 phút" (the counter and the live dashboard). */
    waited(seconds) {
      const m = Math.floor(Math.max(0, seconds) / 60);
      if (m < 1) return XH.t("counter.under_minute");
      return m >= 60 ? XH.t("counter.hours", { h: Math.floor(m / 60), m: m % 60 }) : XH.t("counter.minutes", { m });
    },
    /** Counter numbers as a citizen reads them (server/i18n.py counter_list says the same on the printed ticket):
     *  a run of three or more from first to last, in words a dash would hide ("7 đến 100"), others one by one:
     *  "1, 2, 7 đến 100" (a provincial hall's field is served at ninety counters). */
    counterList(numbers) {
      const sorted = [...numbers].sort((a, b) => a - b);
      const parts = [];
      for (let i = 0; i < sorted.length; ) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j += 1;
        if (j - i >= 2) parts.push(XH.t("kiosk.counter_run", { first: sorted[i], last: sorted[j] }));
        else for (let k = i; k <= j; k += 1) parts.push(String(sorted[k]));
        i = j + 1;
      }
      return parts.join(", ");
    },
    /** A field's name in the page's language (a field without an English name keeps its Vietnamese one). */
    fieldName(field) {
      return XH.lang === "en" ? field.name_en || field.name : field.name;
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
    /** Show or hide the page's #offline banner (and the body's is-offline mark). */
    showOffline(offline) {
      document.body.classList.toggle("is-offline", offline);
      const banner = document.getElementById("offline");
      if (banner) banner.hidden = !offline;
    },
    /** Connect to a namespace; reconnects forever and shows #offline while the line is down.
     *  `device` ({kind, config}) makes this a paired device: it pairs first (showing its code) and
     *  connects with its token; revoked, it goes back to the pairing screen by itself. */
    connect(namespace, auth, device) {
      let token = null;
      const socket = io(namespace, {
        auth: (cb) => cb(Object.assign({}, auth || {}, token ? { device: token } : {})),
        autoConnect: !device,
        query: { lang: XH.lang }, // the server answers in the page's language, as it does the page's fetches
        transports: ["websocket", "polling"],
        reconnectionDelay: 500,
        reconnectionDelayMax: 5000,
      });
      const set = XH.showOffline;
      socket.on("connect", () => set(false));
      socket.on("disconnect", (reason) => set(reason !== "io client disconnect")); // a page's own disconnect: not offline
      socket.on("connect_error", () => set(true));
      if (device) {
        let pairing = null;
        const start = () => {
          if (pairing) return;
          socket.disconnect();
          pairing = XH.pair(device.kind, device.config).then((t) => { token = t; pairing = null; socket.connect(); });
        };
        socket.on("connect_error", (err) => { if (err && err.message === "device_not_paired") start(); });
        socket.on("device_changed", (d) => { if (d && d.status === "revoked") start(); });
        socket.on("disconnect", (reason) => { if (reason === "io server disconnect") start(); });
        start();
      }
      return socket;
    },
    /** This device's token once a manager has paired it (at once in demo mode on the server's own machine).
     *  Until then the pairing screen shows the six-digit code to type in /admin → Devices. */
    async pair(kind, config) {
      const key = `xephang.device.${kind}.${JSON.stringify(config || {})}`;
      const call = async (method, url, token, body) => {
        const headers = { "Content-Type": "application/json" };
        if (token) headers["X-Device-Token"] = token;
        const r = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
        return { status: r.status, body: await r.json().catch(() => ({})) };
      };
      const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      for (;;) {
        try {
          const token = localStorage.getItem(key);
          if (token) {
            const me = await call("GET", "/api/devices/me", token);
            if (me.status === 200 && me.body.status === "active") {
              XH.pairingScreen(null);
              return token;
            }
            if (me.status === 200 && me.body.status === "pending") {
              XH.pairingScreen(kind, me.body);
              await wait(2000);
              continue;
            }
            if (me.status >= 500) throw new Error("server");
            localStorage.removeItem(key);  // revoked, expired or unknown: ask again
          }
          const r = await call("POST", "/api/devices/pair", null, { kind, config: config || {} });
          if (r.status === 201) {
            localStorage.setItem(key, r.body.token);
            continue;
          }
          XH.pairingScreen(kind, { config, message: r.body.message });
          await wait(10000);
        } catch (error) {
          XH.pairingScreen(kind, { config, message: XH.t("device.offline") });
          await wait(3000);
        }
      }
    },
    /** Show (info) or hide (kind null) the full-screen pairing panel. */
    pairingScreen(kind, info) {
      let box = document.getElementById("pairing");
      if (!kind) {
        if (box) box.hidden = true;
        return;
      }
      if (!box) {
        box = XH.el("div", { id: "pairing", class: "pairing", role: "dialog", "aria-live": "polite" });
        document.body.append(box);
      }
      const code = info.code || "";
      box.replaceChildren(
        XH.el("h1", { text: XH.t("device.title") }),
        XH.el("p", { class: "pairing-kind", text: `${XH.t("device.kind." + kind)} — ${XH.t("device.job." + kind, info.config || {})}` }),
        code ? XH.el("p", { class: "pairing-label", text: XH.t("device.code") }) : null,
        code ? XH.el("p", { class: "pairing-code", "data-code": code, text: `${code.slice(0, 3)} ${code.slice(3)}` }) : null,
        XH.el("p", { class: "pairing-help", text: info.message || XH.t("device.instructions") }),
        code ? XH.el("p", { class: "pairing-wait", text: XH.t("device.waiting") }) : null);
      box.hidden = false;
    },
    /** The reader's number and date conventions: Vietnamese 1.234 and 90,5 %, English 1,234 and 90.5%. */
    locale() {
      return XH.lang === "en" ? "en-GB" : "vi-VN";
    },
    /** `value` with exactly `digits` decimals in the reader's format; "—" when there is no figure. */
    num(value, digits = 0) {
      if (value === null || value === undefined || Number.isNaN(value)) return "—";
      return new Intl.NumberFormat(XH.locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
    },
    /** A rate (0.905) as a percentage: "90,5 %" (a no-break space, as Vietnamese writes it) or "90.5%". */
    pct(rate, digits = 1) {
      if (rate === null || rate === undefined) return "—";
      return XH.num(rate * 100, digits) + (XH.lang === "en" ? "%" : "\u00a0%");
    },
    /** A clock's day (a Date) as the reader writes it: 03/12/2026 in Vietnamese; 3 Dec 2026 in English, where 03/12
     *  would read as the twelfth of March to some visitors. */
    today(now) {
      const c = XH.clock(now);
      return XH.day(`${c.yyyy}-${c.mm}-${c.dd}`);
    },
    /** A calendar day ("2026-12-03", as the server writes one; a time's day part too) the same way: 03/12/2026,
     *  or 3 Dec 2026; "" for none. */
    day(iso) {
      if (!iso) return "";
      const [y, m, d] = iso.slice(0, 10).split("-");
      if (XH.lang !== "en") return `${d}/${m}/${y}`;
      return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
        .toLocaleDateString(XH.locale(), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    },
    /** A moment (a Date) on the centre's wall clock, two digits each: {yyyy, mm, dd, hh, mi, ss}. */
    clock(now) {
      const parts = {};
      for (const p of clockFormat().formatToParts(now)) parts[p.type] = p.value;
      return { yyyy: parts.year, mm: parts.month, dd: parts.day, hh: parts.hour, mi: parts.minute, ss: parts.second };
    },
    /** An ISO day or time ("2026-10-02", "2026-10-02T08:01:00+07:00") as dd/mm/yyyy: a day as it is typed, in
     *  either language (XH.day writes one to be read). */
    date(iso) {
      if (!iso) return "";
      return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    },
    /** A typed dd/mm/yyyy (d/m/yyyy too) as an ISO day; null when it is no real date. */
    isoDay(text) {
      const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
      if (!m) return null;
      const iso = `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
      const d = new Date(iso + "T00:00:00Z");
      return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
    },
    /** A day typed as dd/mm/yyyy whatever the browser's own language (its date box would be mm/dd/yyyy in an
     *  English one: 02/09, National Day, read as 9 February), with a calendar button that opens the browser's
     *  picker, its choice written back as dd/mm/yyyy. `input`, `picker` and `button` exist (the reports' page has
     *  them in its template); XH.dayField makes them. */
    dayPicker(input, picker, button) {
      picker.addEventListener("change", () => { if (picker.value) input.value = XH.date(picker.value); });
      button.addEventListener("click", () => {
        picker.value = XH.isoDay(input.value) || "";
        try { picker.showPicker(); } catch (error) { input.focus(); } // no picker here: the typed field
      });
    },
    /** A typed day's field (XH.dayPicker) holding `iso`: {node, input}. */
    dayField(attrs, iso) {
      const input = XH.el("input", { type: "text", inputmode: "numeric", autocomplete: "off", placeholder: "dd/mm/yyyy",
        value: XH.date(iso), ...attrs });
      const picker = XH.el("input", { type: "date", class: "picker", tabindex: "-1", "aria-hidden": "true" });
      const label = XH.t("report.pick_day");
      const button = XH.el("button", { type: "button", class: "calendar", title: label, "aria-label": label });
      button.innerHTML = CALENDAR; // a fixed drawing, no data in it
      XH.dayPicker(input, picker, button);
      return { node: XH.el("span", { class: "day" }, input, picker, button), input };
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
