/* The kiosk's on-screen Vietnamese keyboard: letters, the Vietnamese vowels and đ, the five tone marks.
   A touch kiosk has no other keyboard; a physical one keeps working (the input stays an input). */
(function () {
  "use strict";
  const XH = window.XH;
  const TONES = { "\u0301": "sac", "\u0300": "huyen", "\u0309": "hoi", "\u0303": "nga", "\u0323": "nang" };
  const VOWELS = "aăâeêioôơuưy";
  const ROWS = [
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
    ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
    ["a", "s", "d", "f", "g", "h", "j", "k", "l", "đ"],
    ["z", "x", "c", "v", "b", "n", "m", "ă", "â", "ê"],
    ["ô", "ơ", "ư", ...Object.keys(TONES)],
  ];

  /** Put `tone` on the last vowel of the last word, replacing the tone it had ("chung" + ◌́ → "chúng"). */
  function addTone(text, tone) {
    const chars = Array.from(text.normalize("NFC"));
    for (let i = chars.length - 1; i >= 0 && chars[i] !== " "; i--) {
      const bare = Array.from(chars[i].normalize("NFD")).filter((c) => !(c in TONES)).join("");
      if (VOWELS.includes(bare.normalize("NFC").toLowerCase())) {
        chars[i] = (bare + tone).normalize("NFC");
        return chars.join("");
      }
    }
    return text;
  }

  function attach(box, input) {
    const press = (key) => {
      let text = input.value;
      if (key === "backspace") text = Array.from(text).slice(0, -1).join("");
      else if (key === "clear") text = "";
      else if (key === "space") text = text + " ";
      else if (key in TONES) text = addTone(text, key);
      else text = text + key;
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    };
    const key = (k, label, cls, name) => XH.el("button", { type: "button", class: "key" + (cls ? " " + cls : ""),
      "data-key": k, text: label, "aria-label": name || label, onclick: () => press(k) });
    const rows = ROWS.map((row) => XH.el("div", { class: "keys" }, ...row.map((k) => k in TONES
      ? key(k, "a" + k, "tone", XH.t("kiosk.key.tone." + TONES[k])) : key(k, k))));
    rows.push(XH.el("div", { class: "keys" }, key("space", XH.t("kiosk.key.space"), "wide"),
      key("backspace", "⌫", "", XH.t("kiosk.key.backspace")), key("clear", XH.t("kiosk.key.clear"), "")));
    box.replaceChildren(...rows);
    box.addEventListener("pointerdown", (e) => e.preventDefault()); // keys never steal the input's focus
  }

  window.XHKeyboard = { attach, addTone };
})();
