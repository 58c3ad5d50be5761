"""The printed ticket's exact bytes, decoded back: structure, raster widths, Vietnamese diacritics, QR."""

from dataclasses import replace

import pytest
from PIL import Image, ImageChops

from printer import tcvn3
from printer.escpos_render import decode, draw, texts
from printer.layout import PROFILES, Line, TicketText, profile_from_name, raster_lines, render_ticket
from tests.printer.samples import GOLDEN, PAPERS, REFERENCE_LINES, TICKET


@pytest.mark.parametrize("paper", PAPERS)
def test_ticket_bytes_match_the_golden_file(paper):
    # If Pillow or the font changes, look at `python -m tests.printer.samples` output before accepting it.
    assert render_ticket(TICKET, PROFILES[paper]) == (GOLDEN / f"ticket-{paper}.bin").read_bytes()


@pytest.mark.parametrize("paper", PAPERS)
def test_every_job_starts_with_init_and_ends_with_a_cut(paper):
    data = render_ticket(TICKET, PROFILES[paper])
    assert data.startswith(b"\x1b@\x1ba\x01")
    assert data.endswith(b"\x1ba\x00\x1bd\x06\x1dV\x00")
    kinds = [i.kind for i in decode(data)]
    assert kinds[0] == "init" and kinds[-1] == "cut" and kinds.count("init") == 1 and kinds.count("cut") == 1


@pytest.mark.parametrize("paper,scale", [("80mm", (8, 8)), ("58mm", (8, 8))])
def test_number_is_native_large_text_sized_to_the_paper(paper, scale):
    items = decode(render_ticket(TICKET, PROFILES[paper]))
    [number] = [i for i in items if i.kind == "text" and i.value == "B015\n"]
    assert (number.scale, number.bold) == (scale, True)
    long = decode(render_ticket(replace(TICKET, number="B1015"), PROFILES["58mm"]))
    assert [i.scale for i in long if i.kind == "text" and i.value == "B1015\n"] == [(6, 6)]


@pytest.mark.parametrize("paper", PAPERS)
def test_rasters_decode_to_images_no_wider_than_the_paper(paper):
    width = PROFILES[paper].width_dots
    rasters = [i.value for i in decode(render_ticket(TICKET, PROFILES[paper])) if i.kind == "raster"]
    assert len(rasters) >= 8
    assert all(img.width % 8 == 0 and 0 < img.width <= width for img in rasters)
    assert draw(render_ticket(TICKET, PROFILES[paper]), width).width == width


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", sorted(REFERENCE_LINES))
def test_vietnamese_lines_print_with_their_diacritics_as_in_the_reference(paper, name):
    rasters = [i.value for i in decode(render_ticket(TICKET, PROFILES[paper])) if i.kind == "raster"]
    reference = Image.open(GOLDEN / f"{name}-line-{paper}.png").convert("1")
    matches = [
        r
        for r in rasters
        if r.size == reference.size and not ImageChops.difference(r.convert("L"), reference.convert("L")).getbbox()
    ]
    assert len(matches) == 1
    # And the marks are really there: the same words without diacritics draw a different picture.
    plain = {"service": "Ho tich - Chung thuc", "ahead": "So nguoi dang cho truoc ban: 4"}[name]
    [bare] = raster_lines(replace(REFERENCE_LINES[name], text=plain), PROFILES[paper].width_dots)
    assert bare.size != reference.size or ImageChops.difference(bare.convert("L"), reference.convert("L")).getbbox()


def test_text_is_normalised_to_nfc_before_rendering():
    decomposed = "Hộ tịch".replace("ộ", "o\u0323\u0302")
    assert decomposed != "Hộ tịch"
    [a] = raster_lines(Line(decomposed, 34, True), 576)
    [b] = raster_lines(Line("Hộ tịch", 34, True), 576)
    assert a.tobytes() == b.tobytes()


def test_qr_is_native_where_supported_and_raster_otherwise():
    native = decode(render_ticket(TICKET, PROFILES["80mm"]))
    assert [i.value for i in native if i.kind == "qr"] == [(TICKET.qr_url, 6)]
    raster = render_ticket(TICKET, PROFILES["80mm-raster"])
    assert b"\x1d(k" not in raster
    items = decode(raster)
    assert [i.kind for i in items].count("qr") == 0
    # Without native text the number is an image too: no native text line carries it.
    assert "B015" not in texts(items)


def test_plain_ascii_lines_go_as_text_and_vietnamese_as_images():
    items = decode(render_ticket(TICKET, PROFILES["80mm"]))
    assert texts(items) == ["B015"]
    ascii_ticket = replace(TICKET, footer=(Line("Hotline: 1900 0000", 22),))
    assert "Hotline: 1900 0000" in texts(decode(render_ticket(ascii_ticket, PROFILES["80mm"])))


def test_tcvn3_mode_prints_vietnamese_as_text_on_code_pages_30_and_31():
    data = render_ticket(TICKET, PROFILES["80mm-tcvn3"])
    items = decode(data)
    assert [i.kind for i in items].count("raster") == 0
    assert texts(items) == [
        "UBND XÃ AN BÌNH",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Hộ tịch - Chứng thực",
        "B015",
        "Số người đang chờ trước bạn: 4",
        "Quầy phục vụ: 2, 3",
        "Lấy số lúc 08:05 ngày 23/11/2026",
        "Vui lòng chú ý màn hình và loa gọi số",
        "Đường dây nóng: 1900 0000",
        "Số thứ tự chỉ có giá trị trong ngày",
    ]
    assert b"\x1bt\x1f" in data and b"\x1bt\x1e" in data
    assert len(data) < 1000  # what this mode is for: slow serial lines


def test_tcvn3_table_covers_every_vietnamese_lowercase_letter():
    letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
    page, data = tcvn3.encode_line(letters)
    assert page == 30 and len(data) == len(letters) and len(set(data)) == len(letters)
    assert tcvn3.encode_line("Số") == (30, b"S\xe8")
    assert tcvn3.encode_line("UBND XÃ") == (31, b"ubnd x\xb7")


@pytest.mark.parametrize(
    "spec,expected",
    [
        ("80mm", PROFILES["80mm"]),
        ("58mm+rasterqr", replace(PROFILES["58mm"], native_qr=False)),
        ("80mm+tcvn3+rasternumber", replace(PROFILES["80mm"], text_mode="tcvn3", native_number=False)),
    ],
)
def test_profiles_are_named_with_optional_flags(spec, expected):
    assert profile_from_name(spec) == expected


@pytest.mark.parametrize("spec", ["76mm", "80mm+color"])
def test_unknown_profiles_are_refused(spec):
    with pytest.raises(ValueError):
        profile_from_name(spec)


def test_long_lines_wrap_instead_of_running_off_the_paper():
    long = Line("Lao động – Bảo trợ xã hội – Người có công với cách mạng", 34, True)
    images = raster_lines(long, 384)
    assert len(images) >= 2 and all(img.width <= 384 for img in images)


def test_ticket_without_qr_has_no_qr():
    items = decode(
        render_ticket(TicketText(header=(), service=Line("Chứng thực"), number="A001", body=()), PROFILES["80mm"])
    )
    assert [i.kind for i in items if i.kind == "qr"] == []


def test_the_preview_sets_each_character_of_the_printers_own_font_in_a_cell_of_its_own():
    """Reproduced: the preview drew Font A text with a proportional font stretched to the line's width, so a line
    of narrow letters looked shorter and a wide letter took a neighbour's room; the printer's cells are even."""
    data = b"\x1b@" + b"il.WMi\n"
    paper = draw(data, 576)
    line = paper.crop((0, 8, 576, 32))
    inked = [x for x in range(line.width) if any(line.getpixel((x, y)) < 128 for y in range(line.height))]
    runs, start = [], inked[0]
    for a, b in zip(inked, inked[1:] + [None], strict=True):
        if b != a + 1:
            runs.append((start + a) / 2)
            start = b
    assert [round(c / 12 - 0.5) for c in runs] == [0, 1, 2, 3, 4, 5]  # each mark in its own 12-dot cell, in order
    assert all(abs(c - (12 * i + 6)) <= 2 for i, c in enumerate(runs)), runs  # centred in it


def test_each_fixed_english_ticket_line_fits_one_line_of_80mm_paper():
    """Reproduced: "Please watch the screen and listen for your number" is 50 characters; Font A on 80 mm paper
    holds 48, so "number" went alone on a line of its own."""
    from server.i18n import CATALOG, t

    values = {"n": 12, "counters": "1, 2, 7 to 40", "time": "08:05", "date": "23/11/2026", "hotline": "1900 0000"}
    values["name"] = "People with merit to the revolution"
    columns = PROFILES["80mm"].width_dots // 12
    long = {key: len(t(key, "en", **values)) for key in CATALOG if key.startswith("ticket.")}
    assert {key: n for key, n in long.items() if n > columns} == {}
    assert t("ticket.instruction", "en") == "Watch the screen and listen for your number"
