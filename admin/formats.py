"""How report figures read on paper, in Word and in CSV: Vietnamese numbers and dates (90,5 %; 1.234; dd/mm/yyyy),
English ones when the page is English, the satisfaction formula beside each rate, level and reason names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from server.core.rating import SCALES
from server.i18n import t


def number(value: float | None, digits: int = 0, lang: str = "vi") -> str:
    """1234 → "1.234", 17.33 → "17,3" (a dot between thousands, a comma for decimals; English the other way)."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def percent(rate: float | None, lang: str = "vi") -> str:
    # "66,7 %" as Vietnamese writes it; "66.7%" in English, as the screens write it (XH.pct)
    return "—" if rate is None else f"{number(rate * 100, 1, lang)}{'%' if lang == 'en' else ' %'}"


def minutes(seconds: float | None, lang: str = "vi") -> str:
    return "—" if seconds is None else number(seconds / 60, 1, lang)


def date(day: str | dt.date, lang: str = "vi") -> str:
    """dd/mm/yyyy (Vietnamese and British English read it the same way)."""
    return (dt.date.fromisoformat(day) if isinstance(day, str) else day).strftime("%d/%m/%Y")


def formula(f: dict[str, Any] | None, lang: str = "vi") -> str:
    """A row's satisfaction formula as its numbers: "(120 − 3) ÷ 120"; "—" when nothing was counted."""
    if not f or not f["denominator"]:
        return "—"
    n = {k: number(f[k], 0, lang) for k in ("numerator", "denominator", "dissatisfied")}
    if f["numerator"] != f["denominator"] - f["dissatisfied"]:  # more "không hài lòng" than the denominator
        return f"{n['numerator']} ÷ {n['denominator']}"
    return f"({n['denominator']} − {n['dissatisfied']}) ÷ {n['denominator']}"


def rate_with_formula(row: dict[str, Any], lang: str = "vi") -> str:
    """ "97,5 % = (120 − 3) ÷ 120"."""
    if row["satisfaction_rate"] is None:
        return "—"
    return f"{percent(row['satisfaction_rate'], lang)} = {formula(row['formula'], lang)}"


def basis(report: dict[str, Any], lang: str = "vi") -> str:
    """The sentence saying what the satisfaction rates divide by."""
    return t(f"report.basis.{report.get('satisfaction_basis', 'rated')}", lang)


def level_keys(report: dict[str, Any]) -> list[str]:
    """Every level ("score/scale") of the scale in use and of any scale answered in the period, in the tablet's
    order (best first), so a level nobody chose still shows its 0."""
    scales = {int(k.split("/")[1]) for k in report["total"]["levels"]} | {report.get("rating_scale", 3)}
    return [f"{score}/{scale}" for scale in sorted(scales) for score in range(scale, 0, -1)]


def level_name(key: str, keys: list[str], lang: str = "vi") -> str:
    """ "Rất hài lòng"; with the scale when the period mixes scales: "Rất hài lòng (3 mức)"."""
    score, scale = (int(v) for v in key.split("/"))
    levels = SCALES.get(scale)
    name = t(f"rating.{levels[scale - score]}", lang) if levels and 1 <= score <= scale else key
    if len({k.split("/")[1] for k in keys}) > 1:
        return t("report.level_of_scale", lang, name=name, scale=scale)
    return name


def reason_name(code: str, lang: str = "vi") -> str:
    return t(f"rating.reason.{code}", lang)


def reasons(counts: dict[str, int], lang: str = "vi", sep: str = "; ") -> str:
    """Reasons and their counts, most frequent first ("Thái độ cán bộ chưa tốt (2); …"); "" if none."""
    return sep.join(f"{reason_name(k, lang)} ({number(n, 0, lang)})" for k, n in counts.items())


def period_name(kind: str, lang: str = "vi") -> str:
    """ "Kỳ này", "Kỳ trước", "Cùng kỳ năm trước"."""
    return t(f"report.compare.{kind}", lang)
