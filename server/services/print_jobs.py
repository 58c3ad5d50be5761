"""Print jobs: what a ticket prints, claiming a due job, recording its outcome, and each printer's state.

A ticket is committed with its print job (server/services/queue.py); the worker (server/print_worker.py)
claims the job here, prints outside every transaction and records the outcome here. A failure never
touches the ticket: it becomes a visible "not printed" state with a reprint.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from printer.layout import Line, TicketText
from printer.transports import PrinterError
from server.core.numbering import local_time
from server.i18n import counter_list, t
from server.options import load_options
from server.services.base import Env, Event
from server.services.queue import ahead_of
from server.store import repo
from server.store.db import immediate

RETRY_DELAYS_S = (1.0, 3.0, 10.0)
STALE_CLAIM_S = 120.0  # a job claimed this long ago by a worker or agent that vanished is tried again


def ticket_text(db: Database, env: Env, ticket_id: int, lang: str, base_url: str) -> tuple[TicketText, str]:
    """What the printer prints for a ticket, in `lang`; and the ticket's number (the preview file name)."""
    ticket = repo.get_ticket(db, ticket_id)
    assert ticket is not None
    opts = load_options(db)
    service = repo.service_row(db, ticket.service) or {"name_vi": ticket.service, "name_en": ticket.service}
    counters = [c["number"] for c in repo.counters_serving(db, ticket.service)]
    when = local_time(ticket.issued_at, env.tz)
    body = [Line(t("ticket.ahead", lang, n=ahead_of(db, ticket)), 26)]
    if ticket.priority:
        names = {r["code"]: r for r in db.query("SELECT * FROM priority_categories")}
        name = names.get(ticket.priority, {}).get("name_en" if lang == "en" else "name_vi", ticket.priority)
        body.append(Line(t("ticket.priority", lang, name=name), 24, True))
    if counters:
        body.append(Line(t("ticket.counters", lang, counters=counter_list(counters, lang)), 26))
    body += [
        Line(t("ticket.issued", lang, time=when.strftime("%H:%M"), date=when.strftime("%d/%m/%Y")), 22),
        Line(t("ticket.instruction", lang), 22),
    ]
    url = f"{base_url.rstrip('/')}/t/{ticket.token}" if base_url else None
    footer = ([Line(t("ticket.scan", lang), 20)] if url else []) + [
        Line(t("ticket.hotline", lang, hotline=opts["hotline"]), 22),
        Line(t("ticket.valid_today", lang), 22, True),
    ]
    text = TicketText(
        header=(Line(opts["authority_name"], 24, True), Line(opts["centre_name"], 24, True)),
        service=Line(service["name_en"] if lang == "en" else service["name_vi"], 34, True),
        number=ticket.number,
        body=tuple(body),
        qr_url=url,
        footer=tuple(footer),
    )
    return text, ticket.number


def sample_text(lang: str = "vi") -> TicketText:
    """A test ticket for `xephang print-test`: every kind of line, Vietnamese diacritics throughout."""
    return TicketText(
        header=(Line("UBND XÃ AN BÌNH", 24, True), Line("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", 24, True)),
        service=Line("Hộ tịch – Chứng thực", 34, True),
        number="A015",
        body=(
            Line(t("ticket.ahead", lang, n=4), 26),
            Line(t("ticket.counters", lang, counters="1, 2"), 26),
            Line("ắằẳẵặ ấầẩẫậ éèẻẽẹ ếềểễệ íìỉĩị óòỏõọ ốồổỗộ ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ đ", 22),
            Line(t("ticket.test", lang), 26, True),
        ),
        qr_url="http://127.0.0.1:8080/t/print-test",
        footer=(Line(t("ticket.hotline", lang, hotline="1900 0000"), 22), Line(t("ticket.valid_today", lang), 22)),
    )


def set_printer_state(db: Database, kiosk: str, state: str, detail: str, at: float) -> bool:
    """Store a printer's state; True when it changed (worth telling the screens)."""
    with immediate(db):
        row = db.execute("SELECT state, detail FROM printer_state WHERE kiosk = ?", [kiosk]).fetchone()
        if row == (state, detail):
            return False
        db.execute(
            "INSERT INTO printer_state (kiosk, state, detail, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(kiosk) DO UPDATE SET state = excluded.state, detail = excluded.detail,"
            " updated_at = excluded.updated_at",
            [kiosk, state, detail, at],
        )
    return True


def printer_states(db: Database) -> list[dict[str, Any]]:
    """Each kiosk printer's last known state (rows)."""
    return list(db.query("SELECT * FROM printer_state ORDER BY kiosk"))


def unprinted(db: Database, env: Env) -> list[dict[str, Any]]:
    """Today's tickets whose latest print job failed (rows): shown to counters and kiosks with a reprint."""
    # From the failed jobs of today's tickets (their ids are today's first one's and up), not from every ticket
    # of the day: every screen's snapshot reads this, and a provincial afternoon has ten thousand tickets. The id
    # bound only narrows the walk; `t.day` is what decides (a ticket written with an id out of order, by a restore
    # or another program, is still today's or not by its day alone).
    rows = db.query(
        "SELECT t.id, t.number, t.service, j.kiosk, j.error, j.status FROM print_jobs j INDEXED BY print_jobs_failed"
        " CROSS JOIN tickets t ON t.id = j.ticket_id"  # CROSS: the failed jobs first (unhinted, SQLite went day-first)
        " WHERE j.status = 'failed' AND j.ticket_id >= (SELECT min(id) FROM tickets WHERE day = ?1) AND t.day = ?1"
        " AND j.id = (SELECT max(id) FROM print_jobs WHERE ticket_id = j.ticket_id) ORDER BY j.ticket_id",
        [env.today()],
    )
    return list(rows)


def latest_status_base(db: Database, env: Env) -> str | None:
    """The status-page address in today's latest printed QR (None before the first ticket printed today)."""
    row = db.execute(
        "SELECT j.base_url FROM print_jobs j JOIN tickets t ON t.id = j.ticket_id WHERE t.day = ?"
        " ORDER BY j.id DESC LIMIT 1",
        [env.today()],
    ).fetchone()
    return row[0] if row else None


def claim(db: Database, env: Env, kiosk: str | None = None) -> dict[str, Any] | None:
    """Take the next due job (optionally for one kiosk) and mark it printing, in one short transaction."""
    now = env.clock()
    # Looking first, without the write lock: the worker polls every second and must not queue for the lock
    # behind other writers (a report writing its day summaries, a second server) when there is nothing to do.
    if not db.execute(
        "SELECT EXISTS (SELECT 1 FROM print_jobs WHERE (status = 'pending' AND not_before <= ?)"
        " OR (status = 'printing' AND claimed_at < ?))",
        [now, now - STALE_CLAIM_S],
    ).fetchone()[0]:
        return None
    with immediate(db):
        db.execute(
            "UPDATE print_jobs SET status = 'pending' WHERE status = 'printing' AND claimed_at < ?",
            [now - STALE_CLAIM_S],
        )
        sql = "SELECT * FROM print_jobs WHERE status = 'pending' AND not_before <= ?"
        params: list[Any] = [now]
        if kiosk is not None:
            sql += " AND kiosk = ?"
            params.append(kiosk)
        rows = list(db.query(sql + " ORDER BY id LIMIT 1", params))
        if not rows:
            return None
        job = rows[0]
        db.execute(
            "UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, claimed_at = ? WHERE id = ?",
            [now, job["id"]],
        )
        job["attempts"] += 1
    return job


def finish(db: Database, env: Env, job: dict[str, Any], error: PrinterError | None, attempts: int) -> list[Event]:
    """Record a job's outcome: printed, pending again after a delay, or failed for good."""
    now = env.clock()
    with immediate(db):
        if error is None:
            status = "printed"
            db.execute(
                "UPDATE print_jobs SET status = 'printed', error = NULL, finished_at = ? WHERE id = ?", [now, job["id"]]
            )
        elif job["attempts"] < attempts:
            status = "retrying"
            delay = RETRY_DELAYS_S[min(job["attempts"] - 1, len(RETRY_DELAYS_S) - 1)]
            db.execute(
                "UPDATE print_jobs SET status = 'pending', error = ?, not_before = ? WHERE id = ?",
                [error.state, now + delay, job["id"]],
            )
        else:
            status = "failed"
            db.execute(
                "UPDATE print_jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
                [error.state, now, job["id"]],
            )
        number = db.execute("SELECT number FROM tickets WHERE id = ?", [job["ticket_id"]]).fetchone()[0]
    return [
        Event(
            "print_status",
            {
                "ticket_id": job["ticket_id"],
                "number": number,
                "kiosk": job["kiosk"],
                "status": status,
                "error": None if error is None else error.state,
            },
        )
    ]
