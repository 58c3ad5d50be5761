"""Threading mode holds a few threads for every open socket. A socket's events are handled in its own thread, one
after the other, never a new thread per event; beyond `threading_max_sockets` a new screen is refused clearly (503,
it tries again), while staff pages and print agents still get in; eventlet mode is not limited by it."""

import threading
import time

import pytest
import requests
import socketio

from tests.helpers import Listener, close_all, session_cookie

pytestmark = pytest.mark.live


def handshake(server, lang="vi"):
    """A new Engine.IO connection, as a screen's first request makes it (polling transport)."""
    return requests.get(
        server.url + "/socket.io/", params={"EIO": "4", "transport": "polling", "lang": lang}, timeout=5
    )


def displays(server, count):
    return [Listener(server.url, "/display", ["display_snapshot", "ticket_called"]).connect() for _ in range(count)]


def test_threading_mode_refuses_a_screen_beyond_the_ceiling_with_503_and_the_connected_ones_keep_hearing_calls(live):
    server = live("threading", threading_max_sockets=3)
    connected = displays(server, 3)
    try:
        refused = handshake(server)
        assert (refused.status_code, refused.headers["Retry-After"], refused.json()) == (
            503,
            "30",
            {
                "error": "too_many_screens",
                "message": "Máy chủ đã kết nối đủ 3 màn hình, chưa nhận thêm. Màn hình này sẽ tự kết nối lại; "
                "nếu lỗi lặp lại nhiều lần, vui lòng báo quản trị viên.",
                "retry_after_s": 30,
            },
        )
        assert handshake(server, lang="en").json()["message"] == (
            "The server already has its maximum of 3 screens connected. This screen will reconnect by itself; "
            "if this keeps happening, please tell the administrator."
        )
        extra = socketio.Client(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            extra.connect(server.url, namespaces=["/display"], transports=["websocket"], wait_timeout=5)
        # The hall goes on: the API answers and every connected display hears the call.
        clerk = server.login("canbo1")
        assert clerk.post(server.url + "/api/counters/1/open").status_code == 200
        assert requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5).status_code == 201
        assert clerk.post(server.url + "/api/counters/1/call-next").json()["ticket"]["number"] == "A001"
        heard = [d.wait_for("ticket_called")[0]["ticket"]["number"] for d in connected]
        assert heard == ["A001", "A001", "A001"]
        assert "too many screens: 3 connected, the ceiling in threading mode" in server.log()
        # A display that leaves frees its place for the next one.
        connected.pop().close()
        deadline = time.monotonic() + 10  # the server notices the closed websocket
        while (answer := handshake(server)).status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert answer.status_code == 200
        assert handshake(server).status_code == 503  # full again
        # A clerk reloading the workstation, or a kiosk's print agent restarting, is not kept out by the displays.
        workstation = Listener(server.url, "/counter", ["counter_snapshot"], cookie=session_cookie(clerk)).connect()
        connected.append(workstation)
        assert workstation.wait_for("counter_snapshot")[0]["view"]["counter"]["number"] == 1
        agent = requests.get(
            server.url + "/socket.io/", params={"EIO": "4", "transport": "polling"}, headers={"X-XepHang-Agent": "1"}
        )
        assert (agent.status_code, handshake(server).status_code) == (200, 503)
    finally:
        close_all(connected)


def test_eventlet_mode_is_not_held_to_the_threading_ceiling(live):
    server = live("eventlet", threading_max_sockets=3)
    connected = displays(server, 4)
    try:
        assert [len(d.wait_for("display_snapshot")) for d in connected] == [1, 1, 1, 1]
        assert handshake(server).status_code == 200
    finally:
        close_all(connected)


def threads_of(pid):
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("Threads:"))


def test_a_burst_of_events_on_one_threading_mode_socket_is_answered_in_order_by_its_own_thread(live):
    server = live("threading")
    clerk = server.login("canbo1")
    assert clerk.post(server.url + "/api/counters/1/open").status_code == 200
    workstation = Listener(server.url, "/counter", ["counter_snapshot"], cookie=session_cookie(clerk)).connect()
    try:
        workstation.wait_for("counter_snapshot")
        idle = threads_of(server.proc.pid)
        most, done = [idle], threading.Event()

        def watch():
            while not done.is_set():
                most.append(threads_of(server.proc.pid))
                time.sleep(0.001)

        watcher = threading.Thread(target=watch)
        watcher.start()
        answered = []
        lock = threading.Condition()

        def answer(number):
            def ack(view):
                with lock:
                    answered.append((number, view["view"]["counter"]["number"]))
                    lock.notify_all()

            return ack

        for number in range(200):  # a page gone wrong, or a hostile one, asking without pause
            workstation.client.emit("snapshot", {}, namespace="/counter", callback=answer(number))
        with lock:
            assert lock.wait_for(lambda: len(answered) == 200, timeout=30)
        done.set()
        watcher.join()
        assert answered == [(number, 1) for number in range(200)]
        assert max(most) - idle <= 5, (idle, max(most))
    finally:
        workstation.close()
