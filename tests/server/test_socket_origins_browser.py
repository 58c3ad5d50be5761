"""In Chromium: a page of another site on this host cannot read a logged-in clerk's counter through Socket.IO."""

import http.server
import threading

import pytest
from playwright.sync_api import expect

from tests.helpers import free_port

pytestmark = [pytest.mark.browser, pytest.mark.live]

EVIL = """<!doctype html><title>waiting</title>
<script src="{server}/static/vendor/socket.io.min.js"></script>
<script>
const socket = io("{server}/counter", {{transports: ["websocket"], withCredentials: true, reconnection: false}});
socket.on("counter_snapshot", (s) => {{ document.title = "read " + s.view.me.username; }});
socket.on("connect_error", () => {{ document.title = "refused"; }});
</script>"""


def test_a_page_on_another_port_cannot_read_a_logged_in_clerks_snapshot(live, page):
    server = live()
    r = page.request.post(
        server.url + "/api/login", data={"username": "canbo1", "password": "demo"}, headers={"X-XepHang": "1"}
    )
    assert r.ok  # the clerk's browser now holds the session cookie, which goes along to 127.0.0.1 on any port
    page.goto(server.url + "/counter")
    expect(page.get_by_role("heading", name="Chọn quầy làm việc")).to_be_visible()  # logged in
    body = EVIL.format(server=server.url).encode()

    class Evil(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    other = http.server.HTTPServer(("127.0.0.1", free_port()), Evil)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{other.server_port}/")
        expect(page).to_have_title("refused", timeout=10_000)
    finally:
        other.shutdown()
        other.server_close()
