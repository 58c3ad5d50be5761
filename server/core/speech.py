"""What is said when a number is called: Vietnamese number words and the clip sequence of an announcement."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Letter names as read in Vietnamese schools (A "a", B "bê", …): the prefix of a ticket number.
LETTERS = {
    "A": "a",
    "B": "bê",
    "C": "xê",
    "D": "dê",
    "E": "e",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "gi",
    "K": "ca",
    "L": "e lờ",
    "M": "em mờ",
    "N": "en nờ",
    "O": "o",
    "P": "pê",
    "Q": "quy",
    "R": "e rờ",
    "S": "ét",
    "T": "tê",
    "U": "u",
    "V": "vê",
    "W": "vê kép",
    "X": "ích",
    "Y": "i dài",
    "Z": "dét",
}


def _below_hundred(n: int, after_hundred: bool, zero_tens: str) -> list[str]:
    tens, units = divmod(n, 10)
    if tens == 0:
        if units == 0:
            return []
        return [zero_tens, DIGITS[units]] if after_hundred else [DIGITS[units]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 0:
        return words
    if units == 5:
        return words + ["lăm"]
    if tens >= 2 and units == 1:
        return words + ["mốt"]
    if tens >= 2 and units == 4:
        return words + ["tư"]
    return words + [DIGITS[units]]


THOUSANDS = ("nghìn", "ngàn")


def number_words(n: int, zero_tens: str = "linh", thousand: str = "nghìn") -> list[str]:
    """Whole-number reading, 0–9999: 15 mười lăm, 21 hai mươi mốt, 24 hai mươi tư, 105 một trăm linh năm.

    `zero_tens` is "linh" (northern) or "lẻ" (southern) for a zero in the tens place; `thousand` is "nghìn"
    (northern) or "ngàn" (southern). The southern reading also leaves out an empty hundred before a lone
    unit, as said there: 1005 một ngàn lẻ năm (northern: một nghìn không trăm linh năm).
    """
    if thousand not in THOUSANDS:
        raise ValueError(f"the thousand word is nghìn or ngàn, not {thousand!r}")
    if not 0 <= n <= 9999:
        raise ValueError("numbers from 0 to 9999 are read")
    if n == 0:
        return ["không"]
    words: list[str] = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        words += [DIGITS[thousands], thousand]
    hundreds, rest = divmod(rest, 100)
    if hundreds or (thousands and rest and not (thousand == "ngàn" and rest < 10)):
        words += [DIGITS[hundreds], "trăm"]
    return words + _below_hundred(rest, after_hundred=bool(hundreds or thousands), zero_tens=zero_tens)


def number_text(n: int, zero_tens: str = "linh", thousand: str = "nghìn") -> str:
    return " ".join(number_words(n, zero_tens, thousand))


def ticket_words(number: str, reading: str = "digits", zero_tens: str = "linh", thousand: str = "nghìn") -> list[str]:
    """`A015` → ["a", "không", "một", "năm"] (digits) or ["a", "mười", "lăm"] (whole)."""
    letters = [LETTERS.get(c, c.lower()) for c in number if c.isalpha()]
    digits = "".join(c for c in number if c.isdigit())
    if reading == "whole" and digits:
        return letters + number_words(int(digits), zero_tens, thousand)
    return letters + [DIGITS[int(d)] for d in digits]


def announcement_text(
    number: str, counter: int, reading: str = "digits", zero_tens: str = "linh", thousand: str = "nghìn"
) -> str:
    """What the display shows: Xin mời công dân có số thứ tự A không một năm đến quầy số ba."""
    letters = [c for c in number if c.isalpha()]
    spoken = ticket_words(number, reading, zero_tens, thousand)[len(letters) :]
    return (
        f"Xin mời công dân có số thứ tự {' '.join(letters + spoken)} "
        f"đến quầy số {number_text(counter, zero_tens, thousand)}"
    )


# Clip files (<name>.wav), each one word or phrase; a centre may record its own with these names.
CLIPS: dict[str, str] = {
    "chime": "(chime)",
    "xin_moi": "Xin mời công dân có số thứ tự",
    "den_quay": "đến quầy số",
    "moi_so": "Mời số",
    "quay": "quầy",
    **{f"so_{d}": word for d, word in enumerate(DIGITS)},
    **{f"chu_{letter}": name for letter, name in LETTERS.items()},
    "muoi": "mười",
    "muoi_2": "mươi",
    "tram": "trăm",
    "nghin": "nghìn",
    "ngan": "ngàn",
    "linh": "linh",
    "le": "lẻ",
    "mot_2": "mốt",
    "tu": "tư",
    "lam": "lăm",
}
_WORD_CLIP = {word: name for name, word in CLIPS.items() if not name.startswith("chu_")}
# The short form's clips fall back to the full form's: a centre that recorded only "Xin mời công dân có số
# thứ tự" and "đến quầy số" keeps its own voice during a rush.
FALLBACK = {"moi_so": "xin_moi", "quay": "den_quay"}


def clip_plan(
    number: str,
    counter: int,
    reading: str = "digits",
    zero_tens: str = "linh",
    repeat: int = 2,
    thousand: str = "nghìn",
    form: str = "full",
    chime: bool = True,
    lead_pause: bool = False,
) -> list[str]:
    """The clips, in order: a chime, then the call `repeat` times with a pause between.

    `form` "short" is what a display says while other calls wait: "Mời số A không một năm quầy ba";
    "chime" is the chime alone (a display rings it first, then decides how to say the call).
    `lead_pause` opens with the pause (a repetition fetched on its own).
    """
    if form == "chime":
        return ["chime"]
    letters = [f"chu_{c}" for c in number if c.isalpha() and c in LETTERS]
    words = ticket_words(number, reading, zero_tens, thousand)[len(letters) :]
    opening, middle = ("moi_so", "quay") if form == "short" else ("xin_moi", "den_quay")
    once = (
        [opening]
        + letters
        + [_WORD_CLIP[w] for w in words]
        + [middle]
        + [_WORD_CLIP[w] for w in number_words(counter, zero_tens, thousand)]
    )
    plan = (["chime"] if chime else []) + (["pause"] if lead_pause else [])
    for i in range(max(1, repeat)):
        if i:
            plan.append("pause")
        plan += once
    return plan
