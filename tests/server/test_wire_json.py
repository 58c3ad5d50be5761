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


def test_a_clients_string_that_looks_like_a_mark_is_sent_as_the_string_it_is():
    # even one that holds the secret mark itself, after a quote as a mark in the JSON would be
    forged = ["\x00" + "0" * 16 + ":0", WireJSON.MARK[:-1], "\x00:1", '"' + WireJSON.MARK + "0", WireJSON.MARK + "0"]
    text = WireJSON.dumps({"names": forged, "part": Encoded({"n": 1})}, separators=(",", ":"))
    assert json.loads(text) == {"names": forged, "part": {"n": 1}}


def test_a_packet_the_hub_sends_carries_the_parts_as_plain_json_for_any_socket_io_client():
    packet = TextPacket(packet_type=3, data=[{"view": {"services": Encoded([{"code": "A", "waiting": 2}])}}], id=4)
    assert packet.encode() == '34[{"view":{"services":[{"code":"A","waiting":2}]}}]'


def test_a_value_json_cannot_write_is_still_refused():
    with pytest.raises(TypeError, match="^Object of type object is not JSON serializable$"):
        WireJSON.dumps({"when": object()})
