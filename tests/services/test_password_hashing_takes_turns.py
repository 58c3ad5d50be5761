"""Six clerks logging in at the same moment: their argon2 checks (64 MB each, every core already) run one at a
time, off the request, so the opening rush never asks the box for six times the memory."""

import threading
import time


def test_logins_at_the_same_moment_hash_one_at_a_time_and_all_succeed(app, hub):
    running, most = [0], [0]
    guard = threading.Lock()

    def counting(fn, *args):
        if getattr(fn, "__name__", "") != "_matches":  # the hub's other work off the loop (its COMMITs)
            return fn(*args)
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.05)  # long enough for the others to arrive
            return fn(*args)
        finally:
            with guard:
                running[0] -= 1

    hub.offload = counting
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
