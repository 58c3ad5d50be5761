"""The print worker: wakes when a job is committed (or every second), prints every due job outside any
transaction with the server's own printer, or hands it to the kiosk's print agent (`printer = "agent"`)."""

from __future__ import annotations

import base64
import logging
import threading
from typing import Any

from sqlite_utils import Database

from printer.layout import render_ticket
from printer.transports import OFFLINE, READY, FileTransport, PreviewTransport, PrinterError, Transport, from_url
from server.dispatch import dispatch
from server.hub import Hub
from server.services.base import Event
from server.services.print_jobs import claim, finish, set_printer_state, ticket_text

log = logging.getLogger("xephang.printing")


class PrintWorker:
    """The worker: wakes when a job is committed (or every few seconds), prints every due job."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self._wake = threading.Event()
        self._stop = False
        self._transport: Transport | None = None
        self.started = False
        self.agents = {}
        self._busy: set[str] = set()

    @property
    def agent_mode(self) -> bool:
        return self.hub.settings["printer"] == "agent"

    def transport(self) -> Transport:
        if self._transport is None:
            settings = self.hub.settings
            self._transport = from_url(settings["printer"], settings["data_dir"])
            if hasattr(self._transport, "timeout"):
                self._transport.timeout = float(settings["print_timeout_s"])
        return self._transport

    def start(self) -> None:
        if not self.started:
            self.started = True
            self.hub.socketio.start_background_task(self._run)

    def stop(self) -> None:
        self._stop = True
        self._wake.set()

    def wake(self, kiosk: str | None = None) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop:
            try:
                if self.agent_mode:
                    for kiosk in list(self.agents):
                        self.push_to_agent(kiosk)
                else:
                    self.run_pending()
            except Exception:  # the worker must outlive any one bad job
                log.exception("print worker error")
            self._wake.wait(timeout=1.0)
            self._wake.clear()

    # ---------------------------------------------------------- print agents (printer = "agent")

    agents: dict[str, tuple[str, Any]]  # kiosk -> (sid, profile)

    def agent_connected(self, kiosk: str, sid: str, profile: Any) -> None:
        self.agents[kiosk] = (sid, profile)
        self.wake(kiosk)

    def agent_gone(self, sid: str) -> None:
        for kiosk, (known, _) in list(self.agents.items()):
            if known == sid:
                del self.agents[kiosk]

    def push_to_agent(self, kiosk: str) -> None:
        """Send this kiosk's next due job to its agent; the agent's ack reports the outcome."""
        if kiosk not in self.agents or kiosk in self._busy:
            return
        sid, profile = self.agents[kiosk]
        db = self.hub.connect()
        try:
            job = claim(db, self.hub.env, kiosk)
            if job is None:
                return
            text, number = ticket_text(db, self.hub.env, job["ticket_id"], job["lang"], job["base_url"])
            data = self.hub.offload(render_ticket, text, profile)
        finally:
            db.close()
        self._busy.add(kiosk)

        def done(result: Any = None) -> None:
            self._busy.discard(kiosk)
            ok = isinstance(result, dict) and result.get("ok") is True
            state = result.get("state", OFFLINE) if isinstance(result, dict) else OFFLINE
            error = (
                None
                if ok
                else PrinterError(
                    str(state) if state != READY else "error",
                    str(result.get("error", "")) if isinstance(result, dict) else "",
                )
            )
            conn = self.hub.connect()
            try:
                self.report(conn, job, error, READY if ok and state == "unknown" else str(state))
            finally:
                conn.close()
            self.wake(kiosk)

        self.hub.socketio.emit(
            "print_job",
            {"job_id": job["id"], "number": number, "data": base64.b64encode(data).decode("ascii")},
            namespace="/printer",
            to=sid,
            callback=done,
        )

    def run_pending(self) -> int:
        """Print every job that is due now with the server's own printer; returns how many were tried."""
        db = self.hub.connect()
        tried = 0
        try:
            while (job := claim(db, self.hub.env)) is not None:
                tried += 1
                self.print_one(db, job)
        finally:
            db.close()
        return tried

    def print_one(self, db: Database, job: dict[str, Any]) -> None:
        text, number = ticket_text(db, self.hub.env, job["ticket_id"], job["lang"], job["base_url"])
        transport = self.transport()
        error: PrinterError | None = None
        state = READY
        offload = self.hub.offload
        try:
            # Drawing the ticket (and, for the preview and file printers, writing it) is CPU and disk work:
            # off the event loop, so kiosks and counters are answered meanwhile. Network and serial printers
            # stay on the loop, whose sockets yield while they wait.
            data = offload(render_ticket, text, transport.profile)
            if isinstance(transport, (PreviewTransport, FileTransport)):
                result = offload(transport.print_job, data, number)
            else:
                result = transport.print_job(data, name=number)
            state = result if result != "unknown" else READY
        except PrinterError as exc:
            error, state = exc, exc.state if exc.state != "timeout" else OFFLINE
            transport.close()
        except Exception as exc:  # a bug or an odd device must not kill the worker: count it as a failure
            log.exception("printing ticket %s", number)
            error, state = PrinterError("error", str(exc)), OFFLINE
            transport.close()
        self.report(db, job, error, state)

    def report(
        self, db: Database, job: dict[str, Any], error: PrinterError | None, state: str, detail: str = ""
    ) -> None:
        events = finish(db, self.hub.env, job, error, int(self.hub.settings["print_attempts"]))
        if set_printer_state(db, job["kiosk"], state, detail or (error.detail if error else ""), self.hub.env.clock()):
            events.append(Event("printer_status", {"kiosk": job["kiosk"], "state": state}))
        dispatch(self.hub, db, events)
