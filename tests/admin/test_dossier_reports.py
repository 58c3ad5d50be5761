"""Satisfaction per dossier (Decision 766/QĐ-TTg) on a dataset worked out by hand, beside the per-rating figure.

Day 2026-11-23. canbo1 (counter 1) serves field A; canbo2 (counter 2) serves A and B.
  t1 A canbo1  dossiers D1, D2   rated 1 (không hài lòng)
  t2 A canbo1  dossier D3        rated 3
  t3 A canbo1  no dossier        not rated
  t4 B canbo2  dossier D1        rated 3           (the same dossier, handled again at B)
  t5 B canbo2  no dossier        rated 1, the citizen typed D5 on the tablet
  t6 B canbo2  no dossier        rated 3
  t7 A canbo2  dossier D6        not rated
Field A: dossiers D1 D2 D3 D6 = 4, dissatisfied D1 D2 = 2, rate 2/4 = 0.5; served without a dossier: t3 = 1;
  per rating: 2 rated, 1 dissatisfied = 0.5.
Field B: dossiers D1 D5 = 2, dissatisfied D1 (rated so at A) D5 = 2, rate 0; without: t6 = 1; per rating 2/3.
canbo1: D1 D2 D3 = 3, dissatisfied 2, rate 1/3; without 1.   canbo2: D1 D5 D6 = 3, dissatisfied 2; without 1.
Total: D1 D2 D3 D5 D6 = 5, dissatisfied D1 D2 D5 = 3, rate 2/5 = 0.4; without 2.
"""

import pytest

from server.core.tickets import Action
from server.services import dossiers, queue, ratings
from server.services.base import Actor
from tests.helpers import at

CANBO1, CANBO2 = Actor(2, "clerk"), Actor(3, "clerk")


@pytest.fixture
def dataset(hub, db, clock):
    env = hub.env
    clock.now = at(2026, 11, 23, 8, 0)
    queue.open_counter(db, env, CANBO1, 1)
    queue.open_counter(db, env, CANBO2, 2)

    def served(clerk, counter, service, codes=(), score=None, typed=None):
        ticket = queue.issue_ticket(db, env, service)[0]
        queue.call_ticket(db, env, clerk, counter, ticket_id=ticket.id)
        queue.act(db, env, clerk, ticket.id, Action.START)
        for code in codes:
            dossiers.link(db, env, clerk, ticket.id, code)
        clock.advance(60)
        queue.act(db, env, clerk, ticket.id, Action.FINISH)
        if score is not None:
            token = db.execute("SELECT token FROM rating_requests WHERE ticket_id = ?", [ticket.id]).fetchone()[0]
            ratings.submit(db, env, counter, token, score, ["time"] if score == 1 else [], typed)

    served(CANBO1, 1, "A", ["HS-D1-2026", "HS-D2-2026"], 1)
    served(CANBO1, 1, "A", ["HS-D3-2026"], 3)
    served(CANBO1, 1, "A")
    served(CANBO2, 2, "B", ["HS-D1-2026"], 3)
    served(CANBO2, 2, "B", [], 1, typed="HS-D5-2026")
    served(CANBO2, 2, "B", [], 3)
    served(CANBO2, 2, "A", ["HS-D6-2026"], None)
    return hub


KEYS = (
    "dossiers",
    "dossiers_dissatisfied",
    "dossier_satisfaction_rate",
    "served_without_dossier",
    "rated",
    "dissatisfied",
    "satisfaction_rate",
)


def test_satisfaction_per_dossier_per_field_per_officer_and_in_total(dataset, make_client):
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    report = manager.get("/api/reports?from=2026-11-23&to=2026-11-23").json
    pick = lambda row: tuple(row[k] for k in KEYS)  # noqa: E731
    assert {r["service"]: pick(r) for r in report["services"]} == {
        "A": (4, 2, 0.5, 1, 2, 1, 0.5),
        "B": (2, 2, 0.0, 1, 3, 1, 0.6667),
    }
    assert {r["username"]: pick(r) for r in report["clerks"]} == {
        "canbo1": (3, 2, 0.3333, 1, 2, 1, 0.5),
        "canbo2": (3, 2, 0.3333, 1, 3, 1, 0.6667),
    }
    assert pick(report["total"]) == (5, 3, 0.4, 2, 5, 2, 0.6)


def test_a_closed_days_summary_gives_the_same_dossier_figures(dataset, make_client, clock):
    clock.advance(2 * 24 * 3600)  # the day is closed now and gets its summary on first use
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    first = manager.get("/api/reports?from=2026-11-23&to=2026-11-23").json
    again = manager.get("/api/reports?from=2026-11-23&to=2026-11-23").json
    figures = [tuple(r[k] for k in KEYS) for r in again["services"]]
    assert figures == [tuple(r[k] for k in KEYS) for r in first["services"]]
    assert figures == [(4, 2, 0.5, 1, 2, 1, 0.5), (2, 2, 0.0, 1, 3, 1, 0.6667)]


def test_the_dossier_tables_export_as_csv(dataset, make_client):
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    text = manager.get("/api/reports/export.csv?from=2026-11-23&to=2026-11-23&table=dossiers").data.decode("utf-8-sig")
    assert text.splitlines() == [
        "Mã,Lĩnh vực,Số hồ sơ,Hồ sơ không hài lòng,Tỷ lệ hài lòng theo hồ sơ,Chỉ tiêu,Lượt phục vụ không có mã hồ sơ,"
        "Tỷ lệ hài lòng",
        'A,Chứng thực,4,2,"50,0 %","90,0 %",1,"50,0 %"',
        'B,Hộ tịch,2,2,"0,0 %","90,0 %",1,"66,7 %"',
        ',Tổng cộng,5,3,"40,0 %","90,0 %",2,"60,0 %"',
    ]
    text = manager.get("/api/reports/export.csv?from=2026-11-23&to=2026-11-23&table=clerk_dossiers").data.decode(
        "utf-8-sig"
    )
    assert text.splitlines()[1:] == [
        'canbo1,Cán bộ quầy 1,3,2,"33,3 %","90,0 %",1,"50,0 %"',
        'canbo2,Cán bộ quầy 2,3,2,"33,3 %","90,0 %",1,"66,7 %"',
    ]
