"""The southern thousand word as a centre option: validated, stored, and used by the call shown and said."""

from server.options import OPTIONS
from server.payloads import announcement


def test_voice_thousand_is_nghin_or_ngan_and_reaches_the_call(make_client, db):
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    r = manager.put("/api/admin/options", json={"voice_thousand": "nghàn"})
    assert (r.status_code, r.json["fields"]) == (400, {"voice_thousand": "Phải là một trong các giá trị: nghìn, ngàn"})
    assert announcement(db, "A1005", 3) == "Xin mời công dân có số thứ tự A một không không năm đến quầy số ba"
    r = manager.put(
        "/api/admin/options", json={"voice_reading": "whole", "voice_zero_tens": "lẻ", "voice_thousand": "ngàn"}
    )
    assert (r.status_code, r.json["voice_thousand"]) == (200, "ngàn")
    assert announcement(db, "A1005", 3) == "Xin mời công dân có số thứ tự A một ngàn lẻ năm đến quầy số ba"


def test_voice_thousand_is_declared_with_both_words_in_its_help():
    [option] = [o for o in OPTIONS if o.name == "voice_thousand"]
    assert option.default == "nghìn"
    assert "ngàn" in option.help and "1005 một ngàn lẻ năm" in option.help
