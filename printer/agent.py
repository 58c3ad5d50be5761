"""The print agent: on a kiosk PC whose printer is local while the server runs elsewhere.

It connects to the server's /printer namespace as one kiosk, prints every job it is sent with its local
transport, answers each job with the outcome, and reports the printer's state every few seconds.
"""

from __future__ import annotations

import base64
import logging
import threading
from typing import Any

import socketio

from printer.transports import OFFLINE, PrinterError, Transport, from_url, url_options

log = logging.getLogger("xephang.agent")


class PrintAgent:
    def __init__(
        self,
        server: str,
        printer_url: str,
        kiosk: str = "main",
        key: str = "",
        status_every_s: float = 10.0,
        transport: Transport | None = None,
        device_token: str = "",
    ):
        self.server = server.rstrip("/")
        self.kiosk = kiosk
        self.key = key
        self.device_token = device_token  # a paired kiosk's token: then the server says which kiosk this is
        self.status_every_s = status_every_s
        self.transport = transport or from_url(printer_url)
        self.profile = url_options(printer_url).get("profile", "80mm")
        self.printed: list[str] = []
        self._lock = threading.Lock()  # one job at a time, and no status query in the middle of one
        self._stop = threading.Event()
        self.client = socketio.Client(reconnection=True, reconnection_delay=1, reconnection_delay_max=10)
        self.client.on("print_job", self.on_print_job, namespace="/printer")
        self.client.on("connect", self.on_connect, namespace="/printer")
        self.client.on("disconnect", self.on_disconnect, namespace="/printer")
        self.client.on("connect_error", self.on_refused, namespace="/printer")

    def on_connect(self) -> None:
        log.info("connected to %s as kiosk %s", self.server, self.kiosk)
        threading.Thread(target=self.report_status, daemon=True).start()

    def on_disconnect(self, reason: Any = None) -> None:
        log.warning("disconnected from %s (%s)", self.server, reason)

    def on_refused(self, data: Any = None) -> None:
        """The server refused this agent (a wrong key, or a revoked pairing): say so on the kiosk PC."""
        log.warning("connection refused by %s: %s", self.server, data)

    def on_print_job(self, job: dict[str, Any]) -> dict[str, Any]:
        data = base64.b64decode(job["data"])
        with self._lock:
            try:
                state = self.transport.print_job(data, name=str(job.get("number", "ticket")))
            except PrinterError as exc:
                log.warning("ticket %s not printed: %s", job.get("number"), exc)
                self.transport.close()
                return {
                    "ok": False,
                    "state": exc.state if exc.state != "timeout" else OFFLINE,
                    "error": exc.detail or exc.state,
                }
        self.printed.append(str(job.get("number")))
        return {"ok": True, "state": state}

    def report_status(self) -> None:
        with self._lock:
            state = self.transport.status()
        try:
            self.client.emit("printer_status", {"state": state}, namespace="/printer")
        except socketio.exceptions.SocketIOError:
            pass

    def start(self) -> PrintAgent:
        auth = {"kiosk": self.kiosk, "key": self.key, "profile": self.profile}
        if self.device_token:
            auth["device"] = self.device_token
        self.client.connect(
            self.server,
            namespaces=["/printer"],
            transports=["websocket", "polling"],
            auth=auth,
            headers={"X-XepHang-Agent": "1"},  # a print agent, not a wall display (server/serving.py SocketCeiling)
            wait_timeout=10,
        )
        threading.Thread(target=self._poll, daemon=True).start()
        return self

    def _poll(self) -> None:
        while not self._stop.wait(self.status_every_s):
            if self.client.connected:
                self.report_status()

    def stop(self) -> None:
        self._stop.set()
        self.client.disconnect()
        self.transport.close()

    def run_forever(self) -> None:
        self.start()
        try:
            self.client.wait()
        finally:
            self.stop()


def pair(server: str, kiosk: str, token_file: str, say: Any = print, every_s: float = 2.0) -> str:
    """This kiosk PC's device token: read from `token_file`, or asked for (the code is shown for a manager to
    confirm in /admin → Devices) and kept there, readable by this user only."""
    import json
    import os
    import time
    import urllib.error
    import urllib.request

    def call(method: str, path: str, token: str = "", body: dict[str, Any] | None = None) -> tuple[int, Any]:
        request = urllib.request.Request(
            server.rstrip("/") + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", **({"X-Device-Token": token} if token else {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)

    token = open(token_file).read().strip() if os.path.exists(token_file) else ""
    while True:
        if token:
            status, me = call("GET", "/api/devices/me", token)
            if status == 200 and me["status"] == "active":
                return token
            if status == 200 and me["status"] == "pending":
                time.sleep(every_s)
                continue
        status, asked = call(
            "POST", "/api/devices/pair", body={"kind": "kiosk", "config": {"kiosk": kiosk, "agent": True}}
        )
        if status != 201:
            raise RuntimeError(asked.get("message", f"pairing refused ({status})"))
        token = asked["token"]
        os.makedirs(os.path.dirname(os.path.abspath(token_file)), exist_ok=True)
        with open(os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as fh:
            fh.write(token)
        if asked["code"]:
            say(
                f"pairing code {asked['code'][:3]} {asked['code'][3:]}: confirm it in /admin → Devices "
                f"(Quản trị → Thiết bị)"
            )
