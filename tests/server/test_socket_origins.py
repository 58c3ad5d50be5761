"""Socket.IO against a live server: other sites' pages are refused; behind a proxy, sockets see the real address."""

import queue

import pytest
import socketio

from tests.helpers import free_port, session_cookie

pytestmark = pytest.mark.live


def attempt(server, namespace, origin, cookie=None, auth=None, headers=None):
    """Connect a real client sending `Origin` (as a browser would): the snapshot it got, or the refusal."""
    role = namespace.strip("/")
    client = socketio.Client(reconnection=False, websocket_extra_options={"suppress_origin": True})
    got = queue.Queue()
    client.on(f"{role}_snapshot", got.put, namespace=namespace)
    sent = {"Origin": origin, **({"Cookie": cookie} if cookie else {}), **(headers or {})}
    try:
        client.connect(
            server.url, namespaces=[namespace], auth=auth, headers=sent, transports=["websocket"], wait_timeout=10
        )
    except socketio.exceptions.ConnectionError as exc:
        return f"refused: {exc}"
    try:
        return got.get(timeout=10)
    finally:
        client.disconnect()


def test_counter_and_admin_sockets_refuse_another_sites_page_carrying_the_session_cookie(live):
    server = live()
    clerk, admin = server.login("canbo1"), server.login("admin", "admin")
    assert clerk.post(server.url + "/api/counters/1/open").ok
    other_port = f"http://127.0.0.1:{free_port()}"
    for namespace, session, auth in (("/counter", clerk, None), ("/admin", admin, {"live": True})):
        cookie = session_cookie(session)
        for origin in ("http://evil.example", other_port, "null"):
            assert attempt(server, namespace, origin, cookie, auth).startswith("refused"), (namespace, origin)
        own = attempt(server, namespace, server.url, cookie, auth)
        assert isinstance(own, dict) and "error" not in own, own
    assert attempt(server, "/counter", server.url, session_cookie(clerk))["view"]["me"]["username"] == "canbo1"


def test_the_public_url_is_an_own_origin(live):
    server = live(public_url="http://hall.example:8080/")
    assert isinstance(attempt(server, "/display", "http://hall.example:8080"), dict)
    assert attempt(server, "/display", "http://hall.example:9090").startswith("refused")


def test_behind_a_proxy_sockets_see_the_real_device_address_and_the_proxys_host_is_an_own_origin(live):
    server = live(behind_proxy=True)
    forwarded = {"X-Forwarded-For": "192.0.2.50", "X-Forwarded-Host": "queue.example", "X-Forwarded-Proto": "https"}
    # In demo mode a display on the server's own machine needs no pairing; one elsewhere in the hall does.
    assert attempt(server, "/display", server.url).get("recent_calls") == []
    assert attempt(server, "/display", "https://queue.example", headers=forwarded).startswith("refused")
    here = {**forwarded, "X-Forwarded-For": "127.0.0.1"}
    assert attempt(server, "/display", "https://queue.example", headers=here).get("recent_calls") == []
    assert attempt(server, "/display", "http://evil.example", headers=here).startswith("refused")


def test_behind_a_proxy_a_print_agent_needs_the_key_or_a_pairing_even_from_this_machine(live):
    server = live(behind_proxy=True, printer="agent")
    agent = socketio.Client(reconnection=False)
    refusals = []
    agent.on("connect_error", refusals.append, namespace="/printer")
    with pytest.raises(socketio.exceptions.ConnectionError):
        agent.connect(
            server.url, namespaces=["/printer"], auth={"kiosk": "k1"}, transports=["websocket"], wait_timeout=10
        )
    assert refusals == [{"message": "agent_key_required"}]
    keyed = live(behind_proxy=True, printer="agent", agent_key="s3cret-s3cret")
    agent = socketio.Client(reconnection=False)
    agent.connect(
        keyed.url,
        namespaces=["/printer"],
        auth={"kiosk": "k1", "key": "s3cret-s3cret"},
        transports=["websocket"],
        wait_timeout=10,
    )
    try:
        assert agent.call("printer_status", {"state": "ready"}, namespace="/printer", timeout=10) == {"ok": True}
    finally:
        agent.disconnect()
