"""Two server processes behind one database and a Redis message queue: a call made on one reaches the other's
displays."""

import shutil
import socket
import subprocess
import time

import pytest
import requests

from tests.helpers import Listener, LiveServer, free_port

pytestmark = pytest.mark.live


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: `make test` installs Debian's redis-server package")
    port = free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


def test_a_call_made_on_one_process_reaches_a_display_on_the_other(tmp_path, redis_url):
    env = {"XEPHANG_MESSAGE_QUEUE": redis_url}
    data = str(tmp_path / "var")
    first = LiveServer(data, env=env).start()
    second = LiveServer(data, env=env).start()
    try:
        display = Listener(second.url, "/display", ["display_snapshot", "ticket_called"]).connect()
        kiosk = Listener(second.url, "/kiosk", ["kiosk_snapshot", "queue_changed"]).connect()
        display.wait_for("display_snapshot")
        kiosk.wait_for("kiosk_snapshot")
        requests.post(first.url + "/api/tickets", json={"service": "A"}, timeout=5)
        [changed] = kiosk.wait_for("queue_changed")
        assert [(s["code"], s["waiting"]) for s in changed["services"]] == [("A", 1)]
        clerk = first.login("canbo1")
        clerk.post(first.url + "/api/counters/1/open")
        clerk.post(first.url + "/api/counters/1/call-next")
        [called] = display.wait_for("ticket_called")
        assert (called["ticket"]["number"], called["counter"]) == ("A001", 1)
        display.close()
        kiosk.close()
    finally:
        first.stop()
        second.stop()
