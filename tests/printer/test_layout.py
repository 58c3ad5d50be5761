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
