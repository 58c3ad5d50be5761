"""Every word of a real ticket comes back from the paper: ESC/POS raster lines OCR'd with Tesseract's
Vietnamese model at the printed size, for 80 mm and 58 mm, Vietnamese and English."""

import pytest

from printer.escpos_render import decode, texts
from printer.layout import PROFILES, render_ticket
from server.services.print_jobs import ticket_text
from tests.printer.readback import read_back, words

BASE_URL = "http://192.168.1.10:8080"
# Long field and priority names (wrapped on 58 mm), a short one, and every line a ticket can carry.
TICKETS = [("D", "phu_nu_mang_thai"), ("B", None), ("E", "thuong_binh")]


def printed_lines(text):
    return (
        [line.text for line in (*text.header, text.service)]
        + [text.number]
        + [line.text for line in (*text.body, *text.footer)]
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("paper", ["80mm", "58mm"])
def test_every_word_of_the_ticket_reads_back_from_the_paper(client, hub, db, paper, lang):
    for service, priority in TICKETS:
        issued = client.post(f"/api/tickets?lang={lang}", json={"service": service, "priority": priority}).json
        text, _ = ticket_text(db, hub.env, issued["id"], lang, BASE_URL)
        got = read_back(render_ticket(text, PROFILES[paper]))
        expected = printed_lines(text)
        printed, read = words(" ".join(expected)), words(" ".join(got))
        misread = [(a, b) for a, b in zip(printed, read, strict=False) if a != b]
        assert read == printed, (misread, got)


@pytest.mark.parametrize("paper,columns", [("80mm", 48), ("58mm", 32)])
def test_english_lines_sent_as_text_wrap_between_words_within_the_printers_columns(client, hub, db, paper, columns):
    issued = client.post("/api/tickets?lang=en", json={"service": "D", "priority": "nguoi_khuyet_tat"}).json
    text, _ = ticket_text(db, hub.env, issued["id"], "en", BASE_URL)
    sent = texts(decode(render_ticket(text, PROFILES[paper])))
    assert max(map(len, sent)) <= columns
    assert words(" ".join(sent)) == words(" ".join(printed_lines(text)[2:]))  # all but the Vietnamese header
