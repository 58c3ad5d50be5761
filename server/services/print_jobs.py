"""Printing tickets: the job queue in SQLite, the worker that prints outside every transaction, printer state.

A ticket is committed with its print job; then the worker claims the job, renders the bytes and sends
them with a timeout, retrying a few times. A failure never touches the ticket: it becomes a visible
"not printed" state with a reprint, and the printer's own state (paper out, cover open, offline) is
stored and pushed to the screens. With `printer = "agent"` the jobs go to the print agent of the kiosk
that issued them instead (namespace /printer).
"""

from __future__ import annotations

import base64
import hmac
import logging
import threading
from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, Namespace, join_room
from sqlite_utils import Database

from printer.layout import Line, TicketText, render_ticket
from printer.transports import OFFLINE, READY, PrinterError, Transport, from_url
from server import rooms
from server.core.numbering import local_time
from server.i18n import t
from server.options import load_options
from server.services.base import Env, Event, ServiceError
from server.services.queue import ahead_of
from server.store import repo
from server.store.db import immediate

log = logging.getLogger("xephang.printing")
RETRY_DELAYS_S = (1.0, 3.0, 10.0)
STALE_CLAIM_S = 120.0  # a job claimed this long ago by a worker or agent that vanished is tried again


def ticket_text(db: Database, env: Env, ticket_id: int, lang: str, base_url: str) -> tuple[TicketText, str]:
    """What the printer prints for a ticket, in `lang`; and the ticket's number (the preview file name)."""
    ticket = repo.get_ticket(db, ticket_id)
    assert ticket is not None
    opts = load_options(db)
    service = repo.service_row(db, ticket.service) or {"name_vi": ticket.service, "name_en": ticket.service}
    counters = [c["number"] for c in repo.counter_rows(db) if ticket.service in c["services"]]
    when = local_time(ticket.issued_at, env.tz)
    body = [Line(t("ticket.ahead", lang, n=ahead_of(db, ticket)), 26)]
    if ticket.priority:
        names = {r["code"]: r for r in db.query("SELECT * FROM priority_categories")}
        name = names.get(ticket.priority, {}).get("name_en" if lang == "en" else "name_vi", ticket.priority)
        body.append(Line(t("ticket.priority", lang, name=name), 24, True))
    if counters:
        body.append(Line(t("ticket.counters", lang, counters=", ".join(map(str, counters))), 26))
    body += [Line(t("ticket.issued", lang, time=when.strftime("%H:%M"), date=when.strftime("%d/%m/%Y")), 22),
             Line(t("ticket.instruction", lang), 22)]
    url = f"{base_url.rstrip('/')}/t/{ticket.token}" if base_url else None
    footer = ([Line(t("ticket.scan", lang), 20)] if url else []) + [
        Line(t("ticket.hotline", lang, hotline=opts["hotline"]), 22),
        Line(t("ticket.valid_today", lang), 22, True)]
    text = TicketText(
        header=(Line(opts["authority_name"], 24, True), Line(opts["centre_name"], 24, True)),
        service=Line(service["name_en"] if lang == "en" else service["name_vi"], 34, True),
        number=ticket.number, body=tuple(body), qr_url=url, footer=tuple(footer))
    return text, ticket.number


def sample_text(lang: str = "vi") -> TicketText:
    """A test ticket for `xephang print-test`: every kind of line, Vietnamese diacritics throughout."""
    return TicketText(
        header=(Line("UBND XÃ AN BÌNH", 24, True), Line("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", 24, True)),
        service=Line("Hộ tịch – Chứng thực", 34, True), number="A015",
        body=(Line(t("ticket.ahead", lang, n=4), 26), Line(t("ticket.counters", lang, counters="1, 2"), 26),
              Line("ắằẳẵặ ấầẩẫậ éèẻẽẹ ếềểễệ íìỉĩị óòỏõọ ốồổỗộ ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ đ", 22),
              Line(t("ticket.test", lang), 26, True)),
        qr_url="http://127.0.0.1:8080/t/print-test",
        footer=(Line(t("ticket.hotline", lang, hotline="1900 0000"), 22), Line(t("ticket.valid_today", lang), 22)))


def set_printer_state(db: Database, kiosk: str, state: str, detail: str, at: float) -> bool:
    """Store a printer's state; True when it changed (worth telling the screens)."""
    with immediate(db):
        row = db.execute("SELECT state, detail FROM printer_state WHERE kiosk = ?", [kiosk]).fetchone()
        if row == (state, detail):
            return False
        db.execute("INSERT INTO printer_state (kiosk, state, detail, updated_at) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT(kiosk) DO UPDATE SET state = excluded.state, detail = excluded.detail,"
                   " updated_at = excluded.updated_at", [kiosk, state, detail, at])
    return True


def printer_states(db: Database) -> dict[str, dict[str, Any]]:
    return {r["kiosk"]: {"state": r["state"], "detail": r["detail"]}
            for r in db.query("SELECT * FROM printer_state ORDER BY kiosk")}


def unprinted(db: Database, env: Env) -> list[dict[str, Any]]:
    """Today's tickets whose latest print job failed: shown to counters and kiosks with a reprint."""
    rows = db.query(
        "SELECT t.id, t.number, t.service, j.kiosk, j.error, j.status FROM tickets t"
        " JOIN print_jobs j ON j.id = (SELECT max(id) FROM print_jobs WHERE ticket_id = t.id)"
        " WHERE t.day = ? AND j.status = 'failed' ORDER BY t.id", [env.today()])
    return [{"ticket_id": r["id"], "number": r["number"], "service": r["service"], "kiosk": r["kiosk"],
             "error": r["error"]} for r in rows]


def claim(db: Database, env: Env, kiosk: str | None = None) -> dict[str, Any] | None:
    """Take the next due job (optionally for one kiosk) and mark it printing, in one short transaction."""
    now = env.clock()
    # Looking first, without the write lock: the worker polls every second and must not queue for the lock
    # behind other writers (a report writing its day summaries, a second server) when there is nothing to do.
    if not db.execute("SELECT EXISTS (SELECT 1 FROM print_jobs WHERE (status = 'pending' AND not_before <= ?)"
                      " OR (status = 'printing' AND claimed_at < ?))", [now, now - STALE_CLAIM_S]).fetchone()[0]:
        return None
    with immediate(db):
        db.execute("UPDATE print_jobs SET status = 'pending' WHERE status = 'printing' AND claimed_at < ?",
                   [now - STALE_CLAIM_S])
        sql = "SELECT * FROM print_jobs WHERE status = 'pending' AND not_before <= ?"
        params: list[Any] = [now]
        if kiosk is not None:
            sql += " AND kiosk = ?"
            params.append(kiosk)
        rows = list(db.query(sql + " ORDER BY id LIMIT 1", params))
        if not rows:
            return None
        job = rows[0]
        db.execute("UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, claimed_at = ? WHERE id = ?",
                   [now, job["id"]])
        job["attempts"] += 1
    return job


def finish(db: Database, env: Env, job: dict[str, Any], error: PrinterError | None, attempts: int) -> list[Event]:
    """Record a job's outcome: printed, pending again after a delay, or failed for good."""
    now = env.clock()
    with immediate(db):
        if error is None:
            status = "printed"
            db.execute("UPDATE print_jobs SET status = 'printed', error = NULL, finished_at = ? WHERE id = ?",
                       [now, job["id"]])
        elif job["attempts"] < attempts:
            status = "retrying"
            delay = RETRY_DELAYS_S[min(job["attempts"] - 1, len(RETRY_DELAYS_S) - 1)]
            db.execute("UPDATE print_jobs SET status = 'pending', error = ?, not_before = ? WHERE id = ?",
                       [error.state, now + delay, job["id"]])
        else:
            status = "failed"
            db.execute("UPDATE print_jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
                       [error.state, now, job["id"]])
        number = db.execute("SELECT number FROM tickets WHERE id = ?", [job["ticket_id"]]).fetchone()[0]
    return [Event("print_status", {"ticket_id": job["ticket_id"], "number": number, "kiosk": job["kiosk"],
                                   "status": status, "error": None if error is None else error.state})]


class PrintService:
    """The worker: wakes when a job is committed (or every few seconds), prints every due job."""

    def __init__(self, hub: Any):
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
            data = render_ticket(text, profile)
        finally:
            db.close()
        self._busy.add(kiosk)

        def done(result: Any = None) -> None:
            self._busy.discard(kiosk)
            ok = isinstance(result, dict) and result.get("ok") is True
            state = result.get("state", OFFLINE) if isinstance(result, dict) else OFFLINE
            error = None if ok else PrinterError(str(state) if state != READY else "error",
                                                 str(result.get("error", "")) if isinstance(result, dict) else "")
            conn = self.hub.connect()
            try:
                self.report(conn, job, error, READY if ok and state == "unknown" else str(state))
            finally:
                conn.close()
            self.wake(kiosk)

        self.hub.socketio.emit("print_job", {"job_id": job["id"], "number": number,
                                             "data": base64.b64encode(data).decode("ascii")},
                               namespace="/printer", to=sid, callback=done)

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
        try:
            data = render_ticket(text, transport.profile)
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

    def report(self, db: Database, job: dict[str, Any], error: PrinterError | None, state: str,
               detail: str = "") -> None:
        from server.dispatch import dispatch

        events = finish(db, self.hub.env, job, error, int(self.hub.settings["print_attempts"]))
        if set_printer_state(db, job["kiosk"], state, detail or (error.detail if error else ""), self.hub.env.clock()):
            events.append(Event("printer_status", {"kiosk": job["kiosk"], "state": state}))
        dispatch(self.hub, db, events)



class PrinterAgentNamespace(Namespace):
    """/printer: print agents on kiosk PCs connect here, get their kiosk's jobs and report printer state."""

    def on_connect(self, auth: Any = None) -> None:
        from printer.layout import profile_from_name
        from server.services import devices
        from server.web import get_db

        hub = current_app.extensions["xephang"]
        auth = auth if isinstance(auth, dict) else {}
        key = hub.settings["agent_key"]
        if auth.get("device"):  # a paired kiosk's token: it prints for that kiosk only
            try:
                device = devices.authorize(get_db(), "kiosk", auth["device"], None, demo=False)
            except ServiceError:
                raise ConnectionRefusedError("agent_refused") from None
            auth = {**auth, "kiosk": device.config["kiosk"]}
            join_room(rooms.device(device.id))
        elif key:
            if not hmac.compare_digest(str(auth.get("key", "")), key):
                raise ConnectionRefusedError("agent_refused")
        elif request.remote_addr not in ("127.0.0.1", "::1"):
            raise ConnectionRefusedError("agent_refused")
        kiosk = auth.get("kiosk")
        if not isinstance(kiosk, str) or not kiosk or len(kiosk) > 40:
            raise ConnectionRefusedError("agent_refused")
        try:
            profile = profile_from_name(str(auth.get("profile", "80mm")))
        except ValueError as exc:
            raise ConnectionRefusedError("agent_refused") from exc
        join_room(rooms.printer(kiosk))
        hub.printing.agent_connected(kiosk, request.sid, profile)

    def on_disconnect(self, reason: Any = None) -> None:
        current_app.extensions["xephang"].printing.agent_gone(request.sid)

    def on_printer_status(self, data: Any = None) -> dict[str, Any]:
        """The agent reports its printer's state (polled on the kiosk PC)."""
        from server.dispatch import dispatch

        hub = current_app.extensions["xephang"]
        kiosk = next((k for k, (sid, _) in hub.printing.agents.items() if sid == request.sid), None)
        state = data.get("state") if isinstance(data, dict) else None
        if kiosk is None or state not in ("ready", "paper_low", "paper_out", "cover_open", "offline", "unknown"):
            return {"error": "bad_request"}
        db = hub.connect()
        try:
            if set_printer_state(db, kiosk, state, str(data.get("detail", ""))[:200], hub.env.clock()):
                dispatch(hub, db, [Event("printer_status", {"kiosk": kiosk, "state": state})])
        finally:
            db.close()
        return {"ok": True}
