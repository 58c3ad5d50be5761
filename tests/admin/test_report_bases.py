"""The report's satisfaction formula: the centre's denominator, stated with its numbers on every row; and the
reasons for dissatisfaction per field and per officer.

The dossier dataset (tests/admin/test_dossier_reports.py), 23/11/2026, worked by hand per basis:
  rated (default): A 2 rated, 1 "không hài lòng" → (2 − 1) ÷ 2; B (3 − 1) ÷ 3; total (5 − 2) ÷ 5;
    counter 1 / canbo1 (t1 t2 rated) (2 − 1) ÷ 2; counter 2 / canbo2 (t4 t5 t6) (3 − 1) ÷ 3.
  served: A served t1 t2 t3 t7 → (4 − 1) ÷ 4; B t4 t5 t6 → (3 − 1) ÷ 3; total (7 − 2) ÷ 7;
    counter 1 (t1 t2 t3) (3 − 1) ÷ 3; counter 2 (t4 t5 t6 t7) (4 − 1) ÷ 4.
  dossiers: A D1 D2 D3 D6, unhappy D1 D2 → (4 − 2) ÷ 4; B D1 D5, both unhappy → (2 − 2) ÷ 2;
    total D1 D2 D3 D5 D6, unhappy D1 D2 D5 → (5 − 3) ÷ 5; counter 1 D1 D2 D3 → (3 − 2) ÷ 3;
    counter 2 D1 D5 D6 → (3 − 2) ÷ 3.
"""

from server import reports
from tests.admin import test_dossier_reports, test_reports

dataset, manager = test_dossier_reports.dataset, test_reports.manager


def f(basis, numerator, denominator, dissatisfied):
    return {"basis": basis, "numerator": numerator, "denominator": denominator, "dissatisfied": dissatisfied}


def _rates(report):
    """(rate, formula) of the total, each field, counter and officer."""
    return {
        "basis": report["satisfaction_basis"],
        "total": (report["total"]["satisfaction_rate"], report["total"]["formula"]),
        "services": [(s["service"], s["satisfaction_rate"], s["formula"]) for s in report["services"]],
        "counters": [(c["counter"], c["satisfaction_rate"], c["formula"]) for c in report["counters"]],
        "clerks": [(c["username"], c["satisfaction_rate"], c["formula"]) for c in report["clerks"]],
    }


def _report(hub):
    return reports.compute(hub.db_path, "2026-11-23", "2026-11-23", hub.env.tz, "2026-11-24")


def test_the_satisfaction_rate_divides_by_the_ratings_by_default_and_says_so(dataset):
    assert _rates(_report(dataset)) == {
        "basis": "rated",
        "total": (0.6, f("rated", 3, 5, 2)),
        "services": [("A", 0.5, f("rated", 1, 2, 1)), ("B", 0.6667, f("rated", 2, 3, 1))],
        "counters": [(1, 0.5, f("rated", 1, 2, 1)), (2, 0.6667, f("rated", 2, 3, 1))],
        "clerks": [("canbo1", 0.5, f("rated", 1, 2, 1)), ("canbo2", 0.6667, f("rated", 2, 3, 1))],
    }


def test_a_centre_that_divides_by_the_tickets_served_gets_that_formula_everywhere(dataset, manager):
    assert manager.put("/api/admin/options", json={"satisfaction_denominator": "served"}).status_code == 200
    assert _rates(_report(dataset)) == {
        "basis": "served",
        "total": (0.7143, f("served", 5, 7, 2)),
        "services": [("A", 0.75, f("served", 3, 4, 1)), ("B", 0.6667, f("served", 2, 3, 1))],
        "counters": [(1, 0.6667, f("served", 2, 3, 1)), (2, 0.75, f("served", 3, 4, 1))],
        "clerks": [("canbo1", 0.6667, f("served", 2, 3, 1)), ("canbo2", 0.75, f("served", 3, 4, 1))],
    }


def test_a_centre_that_divides_by_the_dossiers_received_counts_unhappy_dossiers(dataset, manager):
    assert manager.put("/api/admin/options", json={"satisfaction_denominator": "dossiers"}).status_code == 200
    report = _report(dataset)
    assert _rates(report) == {
        "basis": "dossiers",
        "total": (0.4, f("dossiers", 2, 5, 3)),
        "services": [("A", 0.5, f("dossiers", 2, 4, 2)), ("B", 0.0, f("dossiers", 0, 2, 2))],
        "counters": [(1, 0.3333, f("dossiers", 1, 3, 2)), (2, 0.3333, f("dossiers", 1, 3, 2))],
        "clerks": [("canbo1", 0.3333, f("dossiers", 1, 3, 2)), ("canbo2", 0.3333, f("dossiers", 1, 3, 2))],
    }
    assert [(c["counter"], c["dossiers"], c["dossiers_dissatisfied"]) for c in report["counters"]] == [
        (1, 3, 2),
        (2, 3, 2),
    ]


def test_the_denominator_option_offers_three_choices_and_refuses_others(manager):
    assert manager.put("/api/admin/options", json={"satisfaction_denominator": "tickets"}).status_code == 400
    assert manager.put("/api/admin/options", json={"satisfaction_denominator": "dossiers"}).status_code == 200


def test_reasons_are_listed_most_frequent_first(dataset, db):
    with db.conn:  # two more unhappy citizens at canbo1 said "attitude"
        db.execute(
            "INSERT INTO ratings (ticket_id, day, service, counter, clerk_id, score, scale, dissatisfied, reasons,"
            ' created_at) SELECT id, day, service, counter, clerk_id, 1, 3, 1, \'["attitude", "costs"]\', 0'
            " FROM tickets WHERE id = 3"
        )
    report = _report(dataset)
    assert [(c["username"], c["reasons"]) for c in report["clerks"]] == [
        ("canbo1", {"attitude": 1, "costs": 1, "time": 1}),
        ("canbo2", {"time": 1}),
    ]
    assert report["services"][0]["reasons"] == {"attitude": 1, "costs": 1, "time": 1}
    assert report["reasons"] == {"time": 2, "attitude": 1, "costs": 1}


def test_the_public_results_say_which_denominator_their_rates_use(dataset, manager, client):
    assert manager.put("/api/admin/options", json={"satisfaction_denominator": "served"}).status_code == 200
    posted = client.get("/api/public/results").json  # (the page's counts are kept five minutes)
    assert posted["satisfaction_basis"] == "served"
    assert [(s["service"], s["satisfaction_rate"]) for s in posted["periods"][0]["services"]] == [
        ("A", 0.75),
        ("B", 0.6667),
    ]
