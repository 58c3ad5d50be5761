"""The live dashboard's webhooks alarm says since when events wait: the time today, the date and time from an
earlier day (a receiver down since yesterday evening read as "since 16:05" the next morning looked recent)."""

import pytest

from server.services import outbox
from server.store.db import immediate

HOOK = "http://127.0.0.1:9/hook"


@pytest.mark.parametrize(
    ("written_ago_s", "since"),
    [(600, "07:50"), (15 * 3600 + 55 * 60, "16:05 22/11/2026")],
    ids=["today", "yesterday"],
)
def test_the_webhooks_alarm_gives_the_date_when_the_oldest_event_is_from_an_earlier_day(
    make_app, clock, written_ago_s, since
):
    app = make_app(webhook_urls=HOOK, webhook_secret="s", webhook_alarm_s=60)
    hub = app.extensions["xephang"]
    db = hub.connect()
    try:
        outbox.ensure_targets(db, [HOOK])
        with immediate(db):
            outbox.record(db, "ticket.finished", None, clock() - written_ago_s)
        hub.webhooks.update_alarm(db)
    finally:
        db.close()
    [said] = hub.alarms["webhooks"]
    assert said.said_in("vi") == f"1 sự kiện chưa gửi được tới {HOOK} (chờ từ {since}, lỗi gần nhất: —)"
    assert said.said_in("en") == f"1 event not yet delivered to {HOOK} (waiting since {since}, last error: —)"
