"""The print worker: a ticket is committed first, printed after, retried, and never lost to a printer."""

import pytest

from printer.escpos_render import decode, texts
from tests.helpers import device_socket, free_port
from tests.printer.fake_printer import TcpPrinter


@pytest.fixture
def tcp_printer():
    printer = TcpPrinter()
    yield printer
    printer.stop()


def jobs(db):
    return db.execute("SELECT ticket_id, kiosk, status, attempts, error FROM print_jobs ORDER BY id").fetchall()


def kiosk_events(hub, app):
    client = device_socket(app, "/kiosk")
    client.get_received("/kiosk")
    return client


def test_a_kiosk_ticket_is_printed_to_the_preview_folder(app, hub, client, data_dir, db):
    kiosk = kiosk_events(hub, app)
    # The kiosk opened the server at its LAN address (a loopback one is replaced: tests/kiosk/test_citizen_phone).
    issued = client.post(
        "/api/tickets", json={"service": "B", "kiosk": "main"}, base_url="http://192.168.1.10:8080"
    ).json
    assert jobs(db) == [(1, "main", "pending", 0, None)]  # committed with the ticket, before printing
    assert hub.printing.run_pending() == 1
    assert jobs(db) == [(1, "main", "printed", 1, None)]
    with open(f"{data_dir}/tickets/B001.bin", "rb") as fh:
        items = decode(fh.read())
    assert texts(items) == ["B001"]
    assert [i.value for i in items if i.kind == "qr"] == [(f"http://192.168.1.10:8080/t/{issued['token']}", 6)]
    got = [(e["name"], e["args"][0]) for e in kiosk.get_received("/kiosk")]
    assert (
        "print_status",
        {"ticket_id": 1, "number": "B001", "kiosk": "main", "status": "printed", "error": None},
    ) in got
    assert ("printer_status", {"kiosk": "main", "state": "ready"}) in got


def test_api_tickets_without_a_kiosk_are_not_printed(client, db, hub):
    client.post("/api/tickets", json={"service": "B"})
    assert jobs(db) == []
    assert hub.printing.run_pending() == 0


def test_failing_printer_is_retried_then_shown_as_not_printed_and_the_ticket_stays(make_app, clock):
    app = make_app(printer=f"tcp://127.0.0.1:{free_port()}")
    hub, client = app.extensions["xephang"], app.test_client()
    kiosk = kiosk_events(hub, app)
    client.post("/api/tickets", json={"service": "A", "kiosk": "main"})
    db = hub.connect()
    hub.printing.run_pending()
    assert jobs(db) == [(1, "main", "pending", 1, "offline")]
    assert hub.printing.run_pending() == 0  # not due yet: the retry waits
    clock.advance(1)
    hub.printing.run_pending()
    clock.advance(3)
    hub.printing.run_pending()
    assert jobs(db) == [(1, "main", "failed", 3, "offline")]
    statuses = [e["args"][0]["status"] for e in kiosk.get_received("/kiosk") if e["name"] == "print_status"]
    assert statuses == ["retrying", "retrying", "failed"]
    state = client.get("/api/state").json
    assert state["unprinted"] == [
        {"ticket_id": 1, "number": "A001", "service": "A", "kiosk": "main", "error": "offline"}
    ]
    assert state["printers"] == {"main": {"state": "offline", "detail": state["printers"]["main"]["detail"]}}
    assert client.get("/api/tickets/1").json["status"] == "waiting"
    db.close()


def test_reprint_after_the_paper_is_refilled(make_app, tcp_printer, clock):
    tcp_printer.state = "paper_out"
    app = make_app(printer=tcp_printer.url, print_attempts=1)
    hub, client = app.extensions["xephang"], app.test_client()
    client.post("/api/tickets", json={"service": "A", "kiosk": "main"})
    hub.printing.run_pending()
    assert client.get("/api/state").json["printers"]["main"]["state"] == "paper_out"
    tcp_printer.state = "ready"
    client.post("/api/login", json={"username": "canbo1", "password": "demo"})
    assert client.post("/api/tickets/1/reprint", json={"kiosk": "main"}).json["number"] == "A001"
    hub.printing.run_pending()
    db = hub.connect()
    assert jobs(db) == [(1, "main", "failed", 1, "paper_out"), (1, "main", "printed", 1, None)]
    assert client.get("/api/state").json["unprinted"] == []
    assert texts(decode(tcp_printer.data)) == ["A001"]
    db.close()


def test_reprint_needs_a_login_or_the_tickets_token(app, hub, client):
    issued = client.post("/api/tickets", json={"service": "A", "kiosk": "main"}).json
    assert client.post("/api/tickets/1/reprint").status_code == 401
    kiosk = device_socket(app, "/kiosk")
    assert kiosk.emit("reprint", {"token": "not-the-token"}, namespace="/kiosk", callback=True)["error"] == (
        "unknown_ticket"
    )
    assert kiosk.emit("reprint", {"token": issued["token"], "kiosk": "main"}, namespace="/kiosk", callback=True) == {
        "ok": True
    }
    db = hub.connect()
    assert [r[2] for r in jobs(db)] == ["pending", "pending"]
    db.close()


def test_kiosk_issue_through_the_socket_prints_in_the_kiosks_language(app, hub, data_dir):
    kiosk = device_socket(app, "/kiosk", auth={"kiosk": "k2"})  # paired as the kiosk with printer k2
    reply = kiosk.emit(
        "issue_ticket", {"service": "C", "kiosk": "main", "lang": "en"}, namespace="/kiosk", callback=True
    )
    assert reply["ticket"]["number"] == "C001"
    db = hub.connect()
    assert db.execute("SELECT kiosk, lang FROM print_jobs").fetchall() == [("k2", "en")]
    db.close()
    hub.printing.run_pending()
    from printer.escpos_render import draw

    with open(f"{data_dir}/tickets/C001.bin", "rb") as fh:
        assert draw(fh.read(), 576).height > 600


def test_a_pending_job_survives_a_restart_and_prints_then(make_app, data_dir):
    first = make_app()
    first.test_client().post("/api/tickets", json={"service": "A", "kiosk": "main"})
    second = make_app()  # as after kill -9: the job is in the database, the worker finds it
    assert second.extensions["xephang"].printing.run_pending() == 1
    import os

    assert sorted(os.listdir(f"{data_dir}/tickets")) == ["A001.bin", "A001.png"]


def test_bad_kiosk_names_are_refused(client, db):
    r = client.post("/api/tickets", json={"service": "A", "kiosk": ""})
    assert (r.status_code, r.json["error"]) == (400, "bad_request")
    assert db.execute("SELECT count(*) FROM tickets").fetchone() == (0,)
