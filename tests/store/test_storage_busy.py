"""Another process holding SQLite's write lock: writes wait without freezing anyone, then answer 503 storage_busy."""

import sqlite3
import threading

import pytest
import requests

from tests.helpers import Listener, device_socket, sql


def hold_write_lock(path: str) -> sqlite3.Connection:
    """What a second program (a manual sqlite3 session, a stuck script) holding the write lock looks like."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_held_write_lock_gives_storage_busy_on_http_and_sockets_and_changes_nothing(make_app, data_dir):
    app = make_app(storage_busy_s=0.3)
    client = app.test_client()
    kiosk = device_socket(app, "/kiosk")
    other = hold_write_lock(f"{data_dir}/xephang.db")
    try:
        r = client.post("/api/tickets", json={"service": "A"})
        assert (r.status_code, r.json) == (
            503,
            {
                "error": "storage_busy",
                "message": "Hệ thống đang bận ghi dữ liệu. Vui lòng thử lại sau ít giây; "
                "nếu vẫn lỗi, báo quản trị viên.",
            },
        )
        reply = kiosk.emit("issue_ticket", {"service": "A"}, namespace="/kiosk", callback=True)
        assert reply["error"] == "storage_busy"
        assert client.get("/api/services").status_code == 200  # reading still works
        assert other.execute("SELECT count(*) FROM tickets").fetchone() == (0,)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert client.post("/api/tickets", json={"service": "A"}).json["number"] == "A001"
    assert "storage" not in app.extensions["xephang"].alarms  # busy is not broken


def test_a_write_waits_for_a_short_lock_and_succeeds(make_app, data_dir):
    app = make_app(storage_busy_s=10)
    client = app.test_client()
    other = hold_write_lock(f"{data_dir}/xephang.db")
    release = threading.Timer(0.3, lambda: (other.execute("ROLLBACK"), other.close()))
    release.start()
    r = client.post("/api/tickets", json={"service": "A"})
    release.join()
    assert (r.status_code, r.json["number"]) == (201, "A001")


@pytest.mark.live
def test_while_another_process_holds_the_lock_a_live_server_keeps_answering_everyone_else(live):
    server = live("eventlet", storage_busy_s=4)
    display = Listener(server.url, "/display", ["display_snapshot"])
    other = hold_write_lock(f"{server.data_dir}/xephang.db")
    answer = {}
    ticket = threading.Thread(
        target=lambda: answer.update(r=requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=20))
    )
    try:
        ticket.start()
        rounds = 0
        while ticket.is_alive():  # every request below is answered at once while the ticket request waits
            assert requests.get(server.url + "/api/health", timeout=2).ok
            assert requests.get(server.url + "/api/state", timeout=2).json()["services"][0]["code"] == "A"
            rounds += 1
            if rounds == 3:
                display.connect()
                assert display.wait_for("display_snapshot", timeout=2)[0]["recent_calls"] == []
        assert rounds >= 3
        r = answer["r"]
        assert (r.status_code, r.json()["error"]) == (503, "storage_busy")
        assert sql(server, "SELECT count(*) FROM tickets") == [(0,)]
    finally:
        other.execute("ROLLBACK")
        other.close()
        display.close()
    r = requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    assert (r.status_code, r.json()["number"]) == (201, "A001")


def test_a_write_kept_waiting_by_another_write_of_this_server_gets_storage_busy_not_an_internal_error(make_app):
    """This server's own writer turn held too long (a stuck commit on a dying disk) is busy too: 503, try again."""
    app = make_app(storage_busy_s=0.3)
    client = app.test_client()
    hub = app.extensions["xephang"]
    with hub.writers:
        r = client.post("/api/tickets", json={"service": "A"})
    assert (r.status_code, r.json["error"]) == (503, "storage_busy")
    assert client.post("/api/tickets", json={"service": "A"}).json["number"] == "A001"
