"""One saying at a time, as a display asks for it: the chime alone, the call in full or short, a repetition."""

import pytest

from display.voice import Voice
from server.core.speech import clip_plan


@pytest.mark.parametrize(
    "query,plan",
    [
        ("", clip_plan("A001", 1)),
        ("?repeat=1&form=chime&chime=1&pause=0", ["chime"]),
        ("?repeat=1&form=full&chime=0&pause=0", clip_plan("A001", 1, repeat=1, chime=False)),
        ("?repeat=1&form=short&chime=0&pause=0", ["moi_so", "chu_A", "so_0", "so_0", "so_1", "quay", "so_1"]),
        ("?repeat=1&form=full&chime=0&pause=1", ["pause", *clip_plan("A001", 1, repeat=1, chime=False)]),
        ("?repeat=5&form=odd", clip_plan("A001", 1)),  # never more than voice_repeat; an unknown form is the full one
    ],
)
def test_the_display_gets_the_saying_it_asks_for(client, auth, voiced, data_dir, query, plan):  # noqa: F811
    client.post("/api/tickets", json={"service": "A"})
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    r = client.get(f"/api/announcements/1.wav{query}")
    assert (r.status_code, r.mimetype) == (200, "audio/wav")
    assert r.data == Voice(data_dir).assemble(plan)
