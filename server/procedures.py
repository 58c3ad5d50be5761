"""The centre's procedures (thủ tục hành chính) for the kiosk's lookup, read from a CSV or XLSX file.

The manager replaces `<data_dir>/procedures.xlsx` or `procedures.csv`; until then the shipped sample is
shown. Headings may be the short keys below or their Vietnamese titles. Rows without a name, or whose
field is unknown, are rejected with the reason, never silently dropped.

A file is read within limits, so that a hostile one (a "zip bomb": a few KB that unpack to gigabytes, or
hundreds of thousands of rows) is refused instead of freezing the server: at most MAX_ROWS rows, MAX_CELL
characters a cell, and an XLSX whose parts unpack to at most MAX_UNPACKED bytes (checked from the zip's
declared sizes before anything is parsed; Python's zip reader never unpacks past them). Parsing runs
through the hub's `offload`, off the event loop.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from server.caches import ByteCache
from server.i18n import Said, said_in
from server.services.base import call_here

SAMPLE = Path(__file__).resolve().parent / "data" / "procedures-sample.csv"

# key: (Vietnamese heading, English heading) — Decree 63/2010 Art. 8: what a posted procedure shows.
COLUMNS: dict[str, tuple[str, str]] = {
    "ma": ("Mã", "Code"),
    "ten": ("Tên thủ tục", "Name"),
    "linh_vuc": ("Lĩnh vực", "Field"),
    "trinh_tu": ("Trình tự thực hiện", "Steps"),
    "cach_thuc": ("Cách thức thực hiện", "Method"),
    "thanh_phan_ho_so": ("Thành phần hồ sơ", "Documents"),
    "thoi_han": ("Thời hạn giải quyết", "Time limit"),
    "doi_tuong": ("Đối tượng thực hiện", "Who may apply"),
    "co_quan": ("Cơ quan giải quyết", "Deciding agency"),
    "le_phi": ("Phí, lệ phí", "Fees"),
    "dieu_kien": ("Điều kiện", "Conditions"),
    "mau_don": ("Mẫu đơn, tờ khai", "Forms"),
}
_BY_HEADING = {h.strip().lower(): key for key, names in COLUMNS.items() for h in (key, *names)}
MAX_ROWS = 5000  # a province lists about 2,000 procedures; a commune a few hundred
MAX_CELL = 4000  # characters: the longest "thành phần hồ sơ" runs to a few thousand
MAX_COLUMNS = 40
MAX_UNPACKED = 32 * 1024 * 1024  # bytes, all parts of an XLSX together once unpacked
MAX_PARTS = 500


class UnreadableFile(ValueError):
    """The file is refused as a whole; `said` says why (shown next to the upload field, in the manager's
    language)."""

    def __init__(self, said: Said):
        super().__init__(said)
        self.said = said


@dataclass
class Imported:
    rows: list[dict[str, str]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)  # {"line": n, "reason": Said}
    source: str = ""


def parse(name: str, data: bytes, services: set[str]) -> Imported:
    """Parse an uploaded or stored file (by its extension) into procedures and rejected lines."""
    if name.lower().endswith(".xlsx"):
        table = _xlsx_rows(data)
    else:
        table = _limited(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    result = Imported(source=name)
    if not table:
        result.rejected.append({"line": 0, "reason": Said("admin.procedures.empty")})
        return result
    header = [_BY_HEADING.get(str(h or "").strip().lower()) for h in table[0]]
    if "ten" not in header:
        result.rejected.append({"line": 1, "reason": Said("admin.procedures.no_name_column")})
        return result
    for number, raw in enumerate(table[1:], start=2):
        cells = [str(c).strip() if c is not None else "" for c in raw]
        if not any(cells):
            continue
        if max(map(len, cells)) > MAX_CELL:
            result.rejected.append({"line": number, "reason": Said("admin.procedures.long_cell", limit=MAX_CELL)})
            continue
        if len(cells) > len(header) and any(cells[len(header) :]):
            said = Said("admin.procedures.extra_cells", cells=len(cells), columns=len(header))
            result.rejected.append({"line": number, "reason": said})
            continue
        row = {key: cells[i] if i < len(cells) else "" for i, key in enumerate(header) if key}
        if not row.get("ten"):
            result.rejected.append({"line": number, "reason": Said("admin.procedures.no_name")})
            continue
        field_code = row.get("linh_vuc", "").upper()
        if field_code and field_code not in services:
            result.rejected.append({"line": number, "reason": Said("admin.procedures.unknown_field", code=field_code)})
            continue
        row["linh_vuc"] = field_code
        result.rows.append({key: row.get(key, "") for key in COLUMNS})
    return result


def refusal(exc: Exception) -> Said:
    """Why `parse` could not read a file at all: too big or too long (`UnreadableFile`), else broken or not UTF-8."""
    return exc.said if isinstance(exc, UnreadableFile) else Said("admin.procedures.unreadable", kind=type(exc).__name__)


def said(rejected: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Rejected lines with their reasons in `lang` (the request's), as answered."""
    return [{**line, "reason": said_in(line["reason"], lang)} for line in rejected]


def _limited(rows: Any) -> list[list[Any]]:
    """The rows of a table, refused as a whole past MAX_ROWS (reading stops there)."""
    table: list[list[Any]] = []
    for row in rows:
        if len(table) == MAX_ROWS + 1:  # the heading and MAX_ROWS procedures
            raise UnreadableFile(Said("admin.procedures.too_many_rows", limit=MAX_ROWS))
        table.append(list(row)[:MAX_COLUMNS])
    return table


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
            raise UnreadableFile(Said("admin.procedures.too_big", mb=MAX_UNPACKED // (1024 * 1024)))
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    return _limited(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))


def _footprint(result: Imported) -> int:
    """Roughly the memory a parsed catalogue takes: its strings and the dicts holding them."""
    rows = [*result.rows, *result.rejected]
    return sum(sys.getsizeof(row) + sum(sys.getsizeof(v) for v in row.values()) for row in rows)


CACHE_BYTES = 16 * 1024 * 1024  # a commune's few hundred procedures take about 1 MB
_cache: ByteCache[tuple[float, Imported]] = ByteCache(CACHE_BYTES, size=lambda item: _footprint(item[1]))


def load(data_dir: str, services: set[str], offload: Callable[..., Any] | None = None) -> Imported:
    """The centre's file if it has one (xlsx before csv), else the sample; re-read when the file changes, through
    `offload` (the hub's: off the event loop). The parsed file is kept in memory only while it fits
    `CACHE_BYTES`."""
    for name in ("procedures.xlsx", "procedures.csv"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            break
    else:
        path = str(SAMPLE)
    mtime = os.path.getmtime(path)
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        result = (offload or call_here)(parse, os.path.basename(path), data, services)
    except Exception as exc:  # a file put there by hand that an upload would have refused
        result = Imported(source=os.path.basename(path), rejected=[{"line": 0, "reason": refusal(exc)}])
    _cache.put(path, (mtime, result))
    return result


def fold(text: str) -> str:
    """Text as a citizen without a Vietnamese keyboard types it: "Đất đai" → "dat dai" (đ → d, marks dropped)."""
    from unicodedata import category, normalize

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in normalize("NFD", text) if category(c) != "Mn").lower()


def search(
    rows: list[dict[str, str]], query: str = "", service: str = "", field_names: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """Case- and accent-insensitive search (both sides folded) over the name, the code and the name of the
    procedure's field (`field_names`: code → names), optionally within one field."""
    names = field_names or {}
    words = fold(query).split()
    return [
        r
        for r in rows
        if (not service or r["linh_vuc"] == service.upper())
        and all(w in fold(" ".join((r["ten"], r["ma"], names.get(r["linh_vuc"], "")))) for w in words)
    ]
