"""Vietnamese number reading and the clip sequence of a call."""

import pytest

from server.core.speech import (
    CLIPS,
    announcement_text,
    clip_plan,
    number_text,
    number_words,
    ticket_words,
)
from tests.helpers import parse

# Every rule, by hand: mười / mươi, mốt, tư, lăm, linh / lẻ, trăm, nghìn.
TABLE = {
    0: "không",
    1: "một",
    2: "hai",
    3: "ba",
    4: "bốn",
    5: "năm",
    6: "sáu",
    7: "bảy",
    8: "tám",
    9: "chín",
    10: "mười",
    11: "mười một",
    14: "mười bốn",
    15: "mười lăm",
    19: "mười chín",
    20: "hai mươi",
    21: "hai mươi mốt",
    24: "hai mươi tư",
    25: "hai mươi lăm",
    30: "ba mươi",
    31: "ba mươi mốt",
    44: "bốn mươi tư",
    45: "bốn mươi lăm",
    55: "năm mươi lăm",
    61: "sáu mươi mốt",
    99: "chín mươi chín",
    100: "một trăm",
    101: "một trăm linh một",
    104: "một trăm linh bốn",
    105: "một trăm linh năm",
    110: "một trăm mười",
    111: "một trăm mười một",
    115: "một trăm mười lăm",
    121: "một trăm hai mươi mốt",
    124: "một trăm hai mươi tư",
    200: "hai trăm",
    305: "ba trăm linh năm",
    999: "chín trăm chín mươi chín",
    1000: "một nghìn",
    1005: "một nghìn không trăm linh năm",
    1015: "một nghìn không trăm mười lăm",
    1200: "một nghìn hai trăm",
    2024: "hai nghìn không trăm hai mươi tư",
}


@pytest.mark.parametrize("n,text", sorted(TABLE.items()))
def test_numbers_are_read_the_vietnamese_way(n, text):
    assert number_text(n) == text


def test_le_instead_of_linh_for_a_zero_ten():
    assert number_text(105, "lẻ") == "một trăm lẻ năm"
    assert number_text(115, "lẻ") == "một trăm mười lăm"


def test_every_number_to_9999_reads_back_to_itself_and_uses_the_right_unit_words():
    for n in range(10000):
        words = number_words(n)
        assert parse(list(words)) == n, (n, words)
        assert ("mốt" in words) == (n % 100 > 20 and n % 10 == 1), n
        assert ("lăm" in words) == (n % 100 >= 15 and n % 10 == 5), n
        assert ("tư" in words) == (n % 100 > 20 and n % 10 == 4), n


def test_ticket_numbers_digit_by_digit_or_whole():
    assert ticket_words("A015") == ["a", "không", "một", "năm"]
    assert ticket_words("A015", "whole") == ["a", "mười", "lăm"]
    assert ticket_words("K105", "whole", "lẻ") == ["ca", "một", "trăm", "lẻ", "năm"]


def test_the_text_shown_is_the_text_said():
    assert announcement_text("A015", 3) == "Xin mời công dân có số thứ tự A không một năm đến quầy số ba"
    assert announcement_text("A015", 3, "whole") == "Xin mời công dân có số thứ tự A mười lăm đến quầy số ba"
    assert announcement_text("B021", 12, "whole") == "Xin mời công dân có số thứ tự B hai mươi mốt đến quầy số mười hai"


def test_a_call_is_a_chime_then_the_sentence_twice():
    once = ["xin_moi", "chu_A", "so_0", "so_1", "so_5", "den_quay", "so_3"]
    assert clip_plan("A015", 3) == ["chime", *once, "pause", *once]
    assert clip_plan("A015", 3, "whole", repeat=1) == ["chime", "xin_moi", "chu_A", "muoi", "lam", "den_quay", "so_3"]
    assert all(name in CLIPS or name == "pause" for name in clip_plan("Z999", 10, "whole", repeat=3))
