"""The webhook worker: sends the outbox's events to each of `webhook_urls` in order, outside every transaction.

Each event goes out as a POST of JSON with its idempotency key (`Idempotency-Key` and the body's `id`) and an
`X-XepHang-Signature: sha256=<hex>` HMAC of the exact body bytes with `webhook_secret`. A receiver's cursor
moves only when it answers 2xx; otherwise the same event is tried again after a wait that doubles
(webhook_retry_s … webhook_retry_max_s), and nothing behind it goes first. The outbox and the cursors are in
SQLite, so a restart or a kill -9 loses nothing: at worst the last event is sent twice, with the same key.
Several server processes on one database take turns through a lease on each receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import urllib.error
import urllib.request
from typing import Any

from server import payloads
from server.core.numbering import local_time
from server.hub import Hub
from server.i18n import Said
from server.services import integration, outbox

log = logging.getLogger("xephang.webhooks")


def signature(secret: str, body: bytes) -> str:
    """The X-XepHang-Signature header's value for `body`."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class WebhookWorker:
    def __init__(self, hub: Hub):
        self.hub = hub
        self.owner = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._wake = threading.Event()
        self._stop = False
        self.started = False

    @property
    def urls(self) -> list[str]:
        return list(self.hub.settings["webhook_urls"])

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        db = self.hub.connect()
        try:  # before the first request: a receiver configured now gets every event from now on
            outbox.ensure_targets(db, self.urls)
        finally:
            db.close()
        self.hub.socketio.start_background_task(self._run)

    def stop(self) -> None:
        self._stop = True
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop:
            try:
                self.run_once()
            except Exception:  # the worker must outlive any one bad event or receiver
                log.exception("webhook worker error")
            # With no receiver configured there is nothing to send: only prune now and then, instead of opening a
            # connection twice a second for nothing.
            self._wake.wait(timeout=0.5 if self.urls else 60)
            self._wake.clear()

    def run_once(self) -> None:
        db = self.hub.connect()
        try:
            for url in self.urls:
                self.deliver(db, url)
            outbox.prune(db, self.urls)
            self.update_alarm(db)
        finally:
            db.close()

    def deliver(self, db: Any, url: str) -> int:
        """Send `url` its due events, oldest first, until one fails or none is left; returns how many went."""
        s = self.hub.settings
        lease = float(s["webhook_timeout_s"]) + 5
        sent = 0
        if not outbox.claim(db, url, self.owner, self.hub.env.clock(), lease):
            return 0
        try:
            while not self._stop and (event := outbox.next_event(db, url)) is not None:
                error: str | None
                try:
                    body = (event["body"] or outbox.fix_body(db, event["id"], self.build(db, event))).encode("utf-8")
                except Exception as exc:  # a bug must not spin: it waits like a refusal, and shows on the dashboard
                    log.exception("webhook body of event %s", event["key"])
                    body, error = b"", f"cannot build the event: {exc}"[:200]
                else:
                    error = self.post(url, event, body)
                now = self.hub.env.clock()
                if error:
                    delay = outbox.failed(
                        db, url, self.owner, error, now, float(s["webhook_retry_s"]), float(s["webhook_retry_max_s"])
                    )
                    log.warning("webhook %s: %s (event %s); next try in %.0f s", url, error, event["key"], delay)
                    return sent
                if not outbox.delivered(db, url, self.owner, event["id"], now, lease):
                    return sent  # our lease ran out and another process took over
                sent += 1
        finally:
            outbox.release(db, url, self.owner)
        return sent

    def build(self, db: Any, event: dict[str, Any]) -> str:
        """The body of an event, from the rows as they are at its first try."""
        tz = self.hub.env.tz
        names = integration.service_names(db)
        if event["event"] == "rating.submitted":
            row = integration.rating_item_row(db, event["data"]["rating_id"])
            data: dict[str, Any] = payloads.integration_rating(row, names, tz) if row else {}
        else:
            row = integration.ticket_item_row(db, event["ticket_id"])
            item = payloads.integration_ticket(row, names, tz) if row else {}
            data = (
                item
                if event["event"] == "ticket.finished"
                else {"code": event["data"]["code"], "by": event["data"]["by"], "ticket": item}
            )
        return json.dumps(payloads.webhook_body(event, data, tz), ensure_ascii=False, sort_keys=True)

    def post(self, url: str, event: dict[str, Any], body: bytes) -> str | None:
        """One try: None when the receiver answered 2xx, else what went wrong."""
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "XepHang-webhook/1",
                "X-XepHang-Event": event["event"],
                "Idempotency-Key": event["key"],
                "X-XepHang-Signature": signature(self.hub.settings["webhook_secret"], body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=float(self.hub.settings["webhook_timeout_s"])) as answer:
                answer.read(65536)
                return None if 200 <= answer.status < 300 else f"HTTP {answer.status}"
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code}"
        except (OSError, ValueError) as exc:  # refused, unreachable, timed out, bad URL
            return str(getattr(exc, "reason", exc))[:200]

    def update_alarm(self, db: Any) -> None:
        """The live dashboard's alarm: events older than webhook_alarm_s still waiting for a receiver."""
        now, limit = self.hub.env.clock(), float(self.hub.settings["webhook_alarm_s"])
        late = [b for b in outbox.backlog(db, self.urls) if b["waiting"] and now - b["oldest_at"] > limit]
        if late:
            tz = self.hub.env.tz
            self.hub.alarms["webhooks"] = tuple(  # said in each manager's language on the dashboard
                Said(
                    "alarm.webhooks",
                    n=b["waiting"],
                    url=b["url"],
                    since=waiting_since(b["oldest_at"], now, tz),
                    error=b["last_error"] or "—",
                )
                for b in late
            )
        else:
            self.hub.alarms.pop("webhooks", None)


def waiting_since(at: float, now: float, tz: str) -> str:
    """When the oldest waiting event was written: its time today ("07:50"), with its date from an earlier day
    ("16:05 22/11/2026"): a time alone read as today's when the receiver had been down since yesterday."""
    then = local_time(at, tz)
    return then.strftime("%H:%M" if then.date() == local_time(now, tz).date() else "%H:%M %d/%m/%Y")
