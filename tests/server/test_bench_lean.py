"""The bench's lean HTTP client (tests/bench/lean.py) and its clerks: one kept-alive connection, the session
cookie, every failure counted; a one-press clerk whose answer was lost carries on as the workstation does."""

import http.server
import json
import math
import threading
import time

import pytest
import requests

from tests.bench import live
from tests.bench.calling import _clerk, bench_call_next, fill_queue
from tests.bench.lean import LeanSession
from tests.bench.tally import Tally


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with what it received; closes the connection when asked to by the path."""

    protocol_version = "HTTP/1.1"
    seen: list = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.seen.append((self.client_address[1], self.command, self.path, self.headers.get("Cookie"), body))
        if self.path == "/drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        out = json.dumps({"path": self.path, "type": self.headers.get("Content-Type"), "body": body}).encode()
        self.send_response(201 if self.command == "POST" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        if self.path == "/login":
            self.send_header("Set-Cookie", "session=abc.def; HttpOnly; Path=/; SameSite=Lax")
        if self.path == "/logout":
            self.send_header("Set-Cookie", "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/")
        if self.path == "/slow":
            time.sleep(1.5)
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


def test_one_connection_carries_every_request_with_the_cookie_and_json(recorder):
    url, seen = recorder
    session = LeanSession(url)
    session.headers["X-XepHang"] = "1"
    first = session.post(url + "/login", json={"username": "canbo1"})
    second = session.get(url + "/api/state?x=1")
    third = session.post(url + "/api/counters/1/call-next")
    assert (first.status_code, first.ok, first.json()) == (
        201,
        True,
        {"path": "/login", "type": "application/json", "body": '{"username": "canbo1"}'},
    )
    assert (second.status_code, second.json()["path"]) == (200, "/api/state?x=1")
    assert third.json() == {"path": "/api/counters/1/call-next", "type": None, "body": ""}
    assert session.cookies == {"session": "abc.def"}
    assert [(method, path, cookie) for _, method, path, cookie, _ in seen] == [
        ("POST", "/login", None),
        ("GET", "/api/state?x=1", "session=abc.def"),
        ("POST", "/api/counters/1/call-next", "session=abc.def"),
    ]
    assert len({port for port, *_ in seen}) == 1  # one kept-alive connection
    assert session.sent == 3


def test_a_dropped_connection_is_a_connection_error_and_the_next_request_opens_a_new_one(recorder):
    url, seen = recorder
    session = LeanSession(url)
    session.get(url + "/before")
    with pytest.raises(requests.ConnectionError, match="GET /drop"):
        session.get(url + "/drop")
    after = session.get(url + "/after")
    assert after.json()["path"] == "/after"
    ports = [port for port, *_ in seen]
    assert ports[0] == ports[1] != ports[2]
    assert session.sent == 3


def test_a_cookie_the_server_deletes_is_no_longer_sent_and_a_late_answer_is_a_read_timeout(recorder):
    url, seen = recorder
    session = LeanSession(url)
    session.post(url + "/login")
    assert session.post(url + "/logout").headers["set-cookie"].startswith("session=;")  # headers in any case
    session.get(url + "/after")
    with pytest.raises(requests.ReadTimeout, match=r"GET /slow: no answer in 0.5 s"):
        session.get(url + "/slow", timeout=0.5)
    assert session.cookies == {}
    assert [(path, cookie) for _, _, path, cookie, _ in seen] == [
        ("/login", None),
        ("/logout", "session=abc.def"),
        ("/after", None),
        ("/slow", None),
    ]


def test_a_session_refuses_another_server_and_a_non_http_address(recorder):
    url, _ = recorder
    with pytest.raises(ValueError, match="http://host:port"):
        LeanSession("https://127.0.0.1:1")
    with pytest.raises(ValueError, match="talks to 127.0.0.1"):
        LeanSession(url).get("http://192.0.2.1:80/api/state")


class _LosesOneAnswer(LeanSession):
    """A clerk's connection that loses the answer of its third call-next: the server did it, the clerk never
    heard (a cable pulled at the wrong moment)."""

    calls = 0

    def post(self, url, json=None, headers=None, timeout=0):
        reply = super().post(url, json, headers, timeout)
        if url.endswith("/call-next"):
            self.calls += 1
            if self.calls == 3:
                raise requests.ConnectionError("the answer was lost")
        return reply


@pytest.mark.live
def test_a_one_press_clerk_whose_answer_was_lost_reads_the_counter_and_drains_the_queue(tmp_path):
    server = live.start(str(tmp_path / "var"), "threading")
    try:
        fill_queue(server, 30)
        waiting_for_1 = (
            "SELECT count(*) FROM tickets WHERE status = 'waiting'"
            " AND service IN (SELECT value FROM counters, json_each(services) WHERE number = 1)"
        )
        clerk = _LosesOneAnswer(server.url)
        clerk.headers["X-XepHang"] = "1"
        clerk.post(server.url + "/api/login", json={"username": "canbo1", "password": "demo"}).raise_for_status()
        clerk.post(server.url + "/api/counters/1/open").raise_for_status()
        (waiting,) = live.query(server, waiting_for_1)[0]
        tally, called = Tally(), []
        _clerk(server.url, 1, clerk, tally, called, one_press=True)
        (left,) = live.query(server, waiting_for_1)[0]
        at_counter = live.query(server, "SELECT count(*) FROM tickets WHERE counter = 1 AND status = 'called'")[0][0]
    finally:
        server.stop()
    assert waiting > 3
    assert dict(tally.failures) == {"call-next ConnectionError": 1}  # the lost answer, and nothing after it
    assert (tally.ok, len(called), left, at_counter) == (waiting - 1, waiting - 1, 0, 0)


@pytest.mark.live
def test_a_throughput_phase_reports_what_a_request_cost_the_server_and_its_client(tmp_path):
    server = live.start(str(tmp_path / "var"), "threading")
    try:
        live.add_counters(server, 8)  # 7 and 8 serve every field: nobody is left waiting
        tally = bench_call_next(server, queue=10, counters=8, procs=1, press="one")
    finally:
        server.stop()
    assert (tally.failures, tally.duplicates, tally.left_waiting) == ({}, 0, 0)
    for key in ("server_cpu_ms", "client_cpu_ms"):
        assert math.isfinite(tally.extra[key]) and tally.extra[key] > 0, (key, tally.extra[key])


@pytest.mark.live
def test_a_connection_the_server_closed_while_idle_is_replaced_before_the_next_request(tmp_path):
    server = live.LiveServer(str(tmp_path / "var"), mode="eventlet", env={"XEPHANG_REQUEST_TIMEOUT_S": "1"}).start()
    try:
        kiosk = LeanSession(server.url)
        first = kiosk.post(server.url + "/api/tickets", json={"service": "A"})
        time.sleep(2.5)  # idle longer than the server keeps a silent connection
        second = kiosk.post(server.url + "/api/tickets", json={"service": "A"})
    finally:
        server.stop()
    assert [(r.status_code, r.json()["number"]) for r in (first, second)] == [(201, "A001"), (201, "A002")]
