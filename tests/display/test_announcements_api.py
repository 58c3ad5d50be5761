"""GET /api/announcements/<id>.wav: the call as sound, for the ticket's current call."""

import io
import wave

import pytest

from tests.helpers import device_socket


def test_a_called_ticket_has_its_announcement(client, auth, voiced):
    client.post("/api/tickets", json={"service": "A"})
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    r = client.get("/api/announcements/1.wav")
    assert (r.status_code, r.mimetype) == (200, "audio/wav")
    with wave.open(io.BytesIO(r.data)) as w:
        # chime + twice the sentence, each clip 0.2 s here, plus a 0.7 s pause and 50 ms gaps
        assert w.getnframes() / w.getframerate() == pytest.approx(16 * 0.25 + 0.7 - 0.2, abs=0.05)


def test_a_waiting_ticket_has_no_announcement_and_an_unknown_one_is_404(client, voiced):
    client.post("/api/tickets", json={"service": "A"})
    r = client.get("/api/announcements/1.wav")
    assert (r.status_code, r.json["error"]) == (409, "not_called")
    assert client.get("/api/announcements/99.wav").status_code == 404


def test_the_call_text_reaches_displays_with_the_call(app, hub, client, auth):
    display = device_socket(app, "/display")
    client.post("/api/tickets", json={"service": "A"})
    auth.open(1, "canbo1")
    display.get_received("/display")
    client.post("/api/counters/1/call-next")
    [called] = [e["args"][0] for e in display.get_received("/display") if e["name"] == "ticket_called"]
    assert called["announcement"] == "Xin mời công dân có số thứ tự A không không một đến quầy số một"
