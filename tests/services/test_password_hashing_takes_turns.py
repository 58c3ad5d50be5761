"""Six clerks logging in at the same moment: their argon2 checks (64 MB each, every core already) run one at a
time, off the request, so the opening rush never asks the box for six times the memory."""

import sqlite3
import threading
import time


def test_logins_at_the_same_moment_hash_one_at_a_time_and_all_succeed(app, hub):
    running, most = [0], [0]
    guard = threading.Lock()

    def counting(fn, *args):
        assert getattr(fn, "__name__", "") == "_matches"  # only password checks go to the low-priority threads
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.05)  # long enough for the others to arrive
            return fn(*args)
        finally:
            with guard:
                running[0] -= 1

    hub.crunch = counting
    answers = {}
    start = threading.Barrier(6)

    def log_in(n):
        client = app.test_client()
        start.wait()
        answers[n] = client.post(
            "/api/login", json={"username": f"canbo{n}", "password": "demo"}, headers={"X-XepHang": "1"}
        ).status_code

    threads = [threading.Thread(target=log_in, args=(n,)) for n in range(1, 7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == {n: 200 for n in range(1, 7)}
    assert most[0] == 1


def test_a_login_kept_waiting_behind_a_flood_is_told_to_retry_and_nothing_is_recorded(app, hub, monkeypatch):
    from server.services import logins

    monkeypatch.setattr(logins, "HASH_WAIT_S", 0.1)
    assert logins._HASHING.acquire(timeout=1)  # a flood's hash holds the turn
    try:
        answer = app.test_client().post(
            "/api/login", json={"username": "canbo1", "password": "demo"}, headers={"X-XepHang": "1"}
        )
    finally:
        logins._HASHING.release()
    assert (answer.status_code, answer.json) == (
        503,
        {
            "error": "login_busy",
            "message": "Đang có nhiều người đăng nhập cùng lúc. Vui lòng thử lại sau 5 giây.",
            "retry_after_s": 5,
        },
    )
    stored = sqlite3.connect(hub.db_path)
    assert stored.execute(
        "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM login_failures)"
    ).fetchall() == [(0, 0)]
    stored.close()
