"""The counters a ticket names, as a citizen reads them: a field served at forty counters of a provincial hall
prints "1, 2, 7 đến 40", not forty numbers, and says it in words a dash would hide from an elderly reader."""

import pytest

from printer.layout import PROFILES, render_ticket
from server.i18n import counter_list
from server.services.print_jobs import ticket_text
from tests.printer.readback import read_back, words


@pytest.mark.parametrize(
    ("numbers", "vi", "en"),
    [
        ([], "", ""),
        ([3], "3", "3"),
        ([2, 1], "1, 2", "1, 2"),
        ([1, 2, 3], "1 đến 3", "1 to 3"),
        ([9, 1, 2, 7, 8, 12, 10, 11], "1, 2, 7 đến 12", "1, 2, 7 to 12"),
        ([1, 3, 5, 6], "1, 3, 5, 6", "1, 3, 5, 6"),
        ([*range(7, 101), 2, 1], "1, 2, 7 đến 100", "1, 2, 7 to 100"),
    ],
)
def test_counter_numbers_are_listed_one_by_one_and_runs_of_three_or_more_from_first_to_last(numbers, vi, en):
    assert (counter_list(numbers, "vi"), counter_list(numbers, "en")) == (vi, en)


def test_a_field_served_at_forty_counters_prints_them_as_runs_that_read_back_from_the_paper(client, hub, db):
    for number in range(7, 41):  # a provincial hall: counters 7 to 40 serve field A too (with 1 and 2)
        db.execute(
            "INSERT INTO counters (number, name, services) VALUES (?, ?, ?)", [number, f"Quầy {number}", '["A"]']
        )
    issued = client.post("/api/tickets", json={"service": "A"}).json
    lines = {}
    for lang in ("vi", "en"):
        text, _ = ticket_text(db, hub.env, issued["id"], lang, "http://192.168.1.10:8080")
        lines[lang] = [line.text for line in text.body if ":" in line.text and "1, 2" in line.text]
    assert lines == {"vi": ["Quầy phục vụ: 1, 2, 7 đến 40"], "en": ["Served at counter(s): 1, 2, 7 to 40"]}
    text, _ = ticket_text(db, hub.env, issued["id"], "vi", "http://192.168.1.10:8080")
    read = words(" ".join(read_back(render_ticket(text, PROFILES["58mm"]))))
    wanted = words("Quầy phục vụ: 1, 2, 7 đến 40")
    assert any(read[i : i + len(wanted)] == wanted for i in range(len(read))), read
