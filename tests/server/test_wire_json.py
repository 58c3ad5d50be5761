"""The JSON the hub sends on its sockets: parts made into text once (`payloads.Encoded`) are put in place as
they are, and nothing a client writes can pass for one of them."""

import json

import pytest

from server.payloads import Encoded
from server.realtime import TextPacket, WireJSON


def test_parts_made_into_json_once_are_put_in_place_and_the_whole_reads_as_the_plain_value():
    counters = [{"number": n, "name": f"Quầy {n}", "taken": n == 2} for n in (1, 2)]
    value = {"view": {"counters": Encoded.join(Encoded(c) for c in counters), "waiting": Encoded([]), "me": {"id": 7}}}
    text = WireJSON.dumps([value], separators=(",", ":"))
    assert text == (
        '[{"view":{"counters":[{"number":1,"name":"Qu\\u1ea7y 1","taken":false},'
        '{"number":2,"name":"Qu\\u1ea7y 2","taken":true}],"waiting":[],"me":{"id":7}}}]'
    )
    assert json.loads(text) == [{"view": {"counters": counters, "waiting": [], "me": {"id": 7}}}]


def _sent(value, monkeypatch):
    """The JSON of `value` and how many parts went in as values again (the packet written without splicing)."""
    plain = []
    real = WireJSON._plain
    monkeypatch.setattr(WireJSON, "_plain", staticmethod(lambda o: plain.append(o) or real(o)))
    return WireJSON.dumps(value, separators=(",", ":")), len(plain)


def test_a_mark_inside_a_clients_string_is_never_taken_for_a_part(monkeypatch):
    inside = ['"' + WireJSON.MARK + "0", "x" + WireJSON.MARK + "0", "\x00" + "0" * 16 + ":0", "\x00:1"]
    text, again = _sent({"names": inside, "part": Encoded({"n": 1})}, monkeypatch)
    assert (json.loads(text), again) == ({"names": inside, "part": {"n": 1}}, 0)  # spliced, the strings untouched


def test_a_clients_string_that_is_a_whole_mark_makes_the_packet_written_without_splicing(monkeypatch):
    forged = [WireJSON.MARK + "0", WireJSON.MARK + "9" * 5000]  # only with the secret; digits past int()'s limit
    text, again = _sent({"names": forged, "part": Encoded({"n": 1})}, monkeypatch)
    assert (json.loads(text), again) == ({"names": forged, "part": {"n": 1}}, 1)


def test_a_packet_the_hub_sends_carries_the_parts_as_plain_json_for_any_socket_io_client():
    packet = TextPacket(packet_type=3, data=[{"view": {"services": Encoded([{"code": "A", "waiting": 2}])}}], id=4)
    assert packet.encode() == '34[{"view":{"services":[{"code":"A","waiting":2}]}}]'


def test_a_value_json_cannot_write_is_still_refused():
    with pytest.raises(TypeError, match="^Object of type object is not JSON serializable$"):
        WireJSON.dumps({"when": object()})
