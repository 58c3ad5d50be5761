"""The southern reading: ngàn for a thousand, lẻ for a zero ten, no empty hundred before a lone unit."""

import pytest

from server.core.speech import CLIPS, announcement_text, clip_plan, number_text, number_words, ticket_words
from tests.helpers import parse

SOUTH = {
    1000: "một ngàn",
    1001: "một ngàn lẻ một",
    1005: "một ngàn lẻ năm",
    1009: "một ngàn lẻ chín",
    1010: "một ngàn không trăm mười",
    1015: "một ngàn không trăm mười lăm",
    1024: "một ngàn không trăm hai mươi tư",
    1100: "một ngàn một trăm",
    1105: "một ngàn một trăm lẻ năm",
    1200: "một ngàn hai trăm",
    2000: "hai ngàn",
    2021: "hai ngàn không trăm hai mươi mốt",
    5005: "năm ngàn lẻ năm",
    9999: "chín ngàn chín trăm chín mươi chín",
    105: "một trăm lẻ năm",
    15: "mười lăm",
    0: "không",
}


@pytest.mark.parametrize("n,text", sorted(SOUTH.items()))
def test_southern_centres_say_ngan_and_le(n, text):
    assert number_text(n, "lẻ", "ngàn") == text


def test_the_northern_reading_is_unchanged_by_default():
    assert number_text(1000) == "một nghìn"
    assert number_text(1005) == "một nghìn không trăm linh năm"
    assert number_text(1005, "lẻ") == "một nghìn không trăm lẻ năm"


def test_ngan_with_linh_reads_the_short_form_too():
    assert number_text(1005, "linh", "ngàn") == "một ngàn linh năm"


def test_a_thousand_word_other_than_nghin_or_ngan_is_refused():
    with pytest.raises(ValueError, match="nghìn or ngàn"):
        number_words(1000, "lẻ", "nghàn")


def test_every_southern_number_to_9999_reads_back_to_itself_without_a_northern_word():
    for n in range(10000):
        words = number_words(n, "lẻ", "ngàn")
        assert parse(list(words)) == n, (n, words)
        assert not {"nghìn", "linh"} & set(words), (n, words)


def test_a_southern_call_is_shown_and_said_with_ngan():
    assert ticket_words("A1005", "whole", "lẻ", "ngàn") == ["a", "một", "ngàn", "lẻ", "năm"]
    assert (
        announcement_text("A1005", 3, "whole", "lẻ", "ngàn")
        == "Xin mời công dân có số thứ tự A một ngàn lẻ năm đến quầy số ba"
    )
    assert clip_plan("A1005", 3, "whole", "lẻ", repeat=1, thousand="ngàn") == [
        "chime",
        "xin_moi",
        "chu_A",
        "so_1",
        "ngan",
        "le",
        "so_5",
        "den_quay",
        "so_3",
    ]
    assert CLIPS["ngan"] == "ngàn"
