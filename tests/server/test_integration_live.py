"""The link to the one-stop software across real server processes: the pull cursor survives a restart, and
webhooks reach a receiver that was down, once each, in order, signed, also after a kill -9 of the server."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from tests.helpers import Listener, free_port, issue, session_cookie, sql, wait_until

SECRET = "bí mật chung"


def token_for(server, *scopes):
    admin = server.login("admin", "admin")
    r = admin.post(server.url + "/api/admin/tokens", json={"name": "Một cửa", "scopes": list(scopes)}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["token"]


def ended_tickets(server, n, first_seq):
    """`n` tickets of field A ended today, written straight into the database the server uses."""
    day = sql(server, "SELECT date('now', '+7 hours')")[0][0]
    rows = [
        ("A", f"A{first_seq + i:04d}", first_seq + i, day, "serving", f"tok{first_seq + i}", 1.0, 1.0) for i in range(n)
    ]
    db_path = f"{server.data_dir}/xephang.db"
    import sqlite3

    conn = sqlite3.connect(db_path, timeout=10)
    with conn:
        conn.executemany(
            "INSERT INTO tickets (service, number, seq, day, status, token, issued_at, queued_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("UPDATE tickets SET status = 'done', ended_at = 2.0 WHERE status = 'serving'")
    conn.close()


def pull_all(server, token, since, limit, stop_after=None):
    seen, pages = [], 0
    while True:
        r = requests.get(
            f"{server.url}/api/integration/tickets",
            params={"since": since, "limit": limit},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert r.status_code == 200, r.text
        page = r.json()
        seen += [item["number"] for item in page["items"]]
        since, pages = page["next"], pages + 1
        if not page["items"] or pages == stop_after:
            return seen, since


def test_the_cursor_pages_through_2000_tickets_across_a_restart_none_missed_or_repeated(live):
    server = live("threading")
    token = token_for(server, "tickets:read")
    ended_tickets(server, 1200, 1)
    first, cursor = pull_all(server, token, "", 170, stop_after=4)
    server.stop()
    ended_tickets(server, 800, 1201)  # the one-stop software was away while these ended
    server.start(port=server.port)
    rest, cursor = pull_all(server, token, cursor, 170)
    assert first + rest == [f"A{i:04d}" for i in range(1, 2001)]
    again, _ = pull_all(server, token, cursor, 500)
    assert again == []


class Receiver:
    """A local webhook receiver on 127.0.0.1 that answers 503 to the first `refuse` deliveries."""

    def __init__(self, port: int, refuse: int = 0):
        self.port, self.refuse = port, refuse
        self.got: list[tuple[str, str, bytes]] = []  # (key, signature, body)
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> Receiver:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.refuse > 0:
                    outer.refuse -= 1
                    self.send_response(503)
                else:
                    outer.got.append((self.headers["Idempotency-Key"], self.headers["X-XepHang-Signature"], body))
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def events(self) -> list[dict]:
        """Each event once, by idempotency key, in the order it first arrived."""
        first: dict[str, dict] = {}
        for key, sig, body in self.got:
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            assert sig == expected, "bad signature"
            data = json.loads(body)
            assert data["id"] == key
            first.setdefault(key, data)
        return list(first.values())


def serve_and_finish(server, clerk, n):
    """Issue, call, start and finish `n` tickets at counter 1."""
    staff = server.login("admin", "admin")
    numbers = []
    for _ in range(n):
        issue(_Client(staff, server.url), "A")
        t = clerk.post(server.url + "/api/counters/1/call-next", timeout=10).json()["ticket"]
        clerk.post(f"{server.url}/api/tickets/{t['id']}/start", timeout=10)
        r = clerk.post(
            f"{server.url}/api/tickets/{t['id']}/dossiers", json={"code": f"HS-{t['number']}-01"}, timeout=10
        )
        assert r.status_code == 200, r.text
        clerk.post(f"{server.url}/api/tickets/{t['id']}/finish", timeout=10)
        numbers.append(t["number"])
    return numbers


class _Client:
    """requests.Session with the Flask test client's post(json=) shape, for tests.helpers.issue."""

    def __init__(self, session, url):
        self.session, self.url = session, url

    def post(self, path, json):
        r = self.session.post(self.url + path, json=json, timeout=10)
        r.json = r.json()
        return r


def expected(numbers):
    out = []
    for n in numbers:
        out += [("dossier.linked", n), ("ticket.finished", n)]
    return out


def seen(receiver):
    return [
        (e["event"], e["data"]["ticket"]["number"] if e["event"] == "dossier.linked" else e["data"]["number"])
        for e in receiver.events()
    ]


def test_webhooks_wait_for_a_receiver_that_is_down_then_arrive_once_in_order_signed(live):
    port = free_port()
    url = f"http://127.0.0.1:{port}/xephang"
    server = live(
        "eventlet",
        webhook_urls=url,
        webhook_secret=SECRET,
        webhook_retry_s=0.2,
        webhook_retry_max_s=1,
        webhook_timeout_s=2,
        webhook_alarm_s=0,
    )
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open", timeout=10)
    numbers = serve_and_finish(server, clerk, 3)  # nobody listens on the port yet: refused
    admin = server.login("admin", "admin")
    wait_until(
        lambda: admin.get(server.url + "/api/admin/integration", timeout=10).json()["receivers"][0]["attempts"] >= 2,
        what="retries while the receiver is down",
    )
    status = admin.get(server.url + "/api/admin/integration", timeout=10).json()["receivers"][0]
    assert (status["url"], status["waiting"]) == (url, 6)
    dashboard = Listener(
        server.url, "/admin", ["admin_snapshot"], auth={"live": True}, cookie=session_cookie(admin)
    ).connect()
    [snap] = dashboard.wait_for("admin_snapshot")
    dashboard.close()
    [alarm] = [a for a in snap["alarms"] if a["kind"] == "system"]
    assert alarm["system"] == "webhooks"
    assert alarm["detail"].startswith(f"6 sự kiện chưa gửi được tới {url} (chờ từ ")
    receiver = Receiver(port, refuse=2).start()  # up, but answers 503 twice first
    try:
        wait_until(lambda: len(receiver.events()) == 6, what="all six events delivered")
        assert seen(receiver) == expected(numbers)
        first = receiver.events()[1]
        assert (first["event"], first["data"]["status"], first["data"]["dossiers"]) == (
            "ticket.finished",
            "done",
            ["HS-A001-01"],
        )
    finally:
        receiver.stop()


def test_webhooks_survive_a_kill_9_of_the_server_with_events_waiting(live):
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    settings = dict(
        webhook_urls=url, webhook_secret=SECRET, webhook_retry_s=0.2, webhook_retry_max_s=0.5, webhook_timeout_s=1
    )
    server = live("eventlet", **settings)
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open", timeout=10)
    before = serve_and_finish(server, clerk, 2)
    wait_until(lambda: sql(server, "SELECT attempts FROM webhook_targets")[0][0] >= 1, what="a refused try")
    server.kill9()
    receiver = Receiver(port, refuse=1).start()
    try:
        server.start(port=server.port)
        clerk = server.login("canbo1")
        clerk.post(server.url + "/api/counters/1/open", timeout=10)
        after = serve_and_finish(server, clerk, 2)
        wait_until(lambda: len(receiver.events()) == 8, what="all eight events delivered")
        assert seen(receiver) == expected(before + after)
        wait_until(lambda: sql(server, "SELECT count(*) FROM outbox")[0][0] == 0, what="delivered events pruned")
    finally:
        receiver.stop()
