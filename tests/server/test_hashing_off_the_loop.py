"""Password hashing never holds up the event loop: while wrong logins keep the hashing busy, a clerk's counter
keeps calling, in order (issue 12, finding 2a). How fast is for `make bench`; this proves the order."""

import threading
import time

import pytest
import requests
from argon2 import PasswordHasher

from tests.helpers import sql

pytestmark = pytest.mark.live

# Each of these accounts' hashes takes seconds to check (argon2 keeps its cost in the hash), so a wrong login holds
# the hashing for far longer than a clerk needs to call, start and finish three tickets.
SLOW = PasswordHasher(time_cost=175, memory_cost=8192, parallelism=1)


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_a_counter_keeps_calling_while_wrong_logins_are_being_hashed(live, mode):
    server = live(mode)
    slow_hash = SLOW.hash("the right one")
    for i in range(4):
        sql(
            server,
            "INSERT INTO users (username, full_name, role, password_hash, active, created_at)"
            " VALUES (?, '', 'clerk', ?, 1, 0)",
            f"slow{i}",
            slow_hash,
        )
    clerk = server.login("canbo1")
    assert clerk.post(server.url + "/api/counters/1/open", timeout=10).status_code == 200
    for _ in range(3):
        assert clerk.post(server.url + "/api/tickets", json={"service": "A"}, timeout=10).status_code == 201

    finished: list[tuple[str, object]] = []  # what answered, in the order it answered
    lock = threading.Lock()

    def wrong_login(i: int) -> None:
        r = requests.post(server.url + "/api/login", json={"username": f"slow{i}", "password": "wrong"}, timeout=120)
        with lock:
            finished.append(("login", (r.status_code, r.json()["error"])))

    hammers = [threading.Thread(target=wrong_login, args=(i,)) for i in range(4)]
    for thread in hammers:
        thread.start()
    time.sleep(0.5)  # let the logins reach their hashing: the server must now serve the counter alongside them
    for _ in range(3):
        ticket = clerk.post(server.url + "/api/counters/1/call-next", timeout=120).json()["ticket"]
        for action in ("start", "finish"):
            assert clerk.post(f"{server.url}/api/tickets/{ticket['id']}/{action}", timeout=120).status_code == 200
        with lock:
            finished.append(("call", ticket["number"]))
    for thread in hammers:
        thread.join(120)

    refused = ("login", (401, "bad_credentials"))
    assert finished == [("call", "A001"), ("call", "A002"), ("call", "A003"), refused, refused, refused, refused]
