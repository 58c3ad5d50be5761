"""A kiosk's request_id makes a resent tap one ticket, for that kiosk only: another kiosk sending the same
request_id gets its own new ticket, never the first kiosk's ticket and token (issue 12, finding 16)."""

from tests.helpers import device_socket, pair_device

TAP = "0123456789abcdef01234567"


def issue_by_socket(kiosk, request_id=TAP):
    reply = kiosk.emit("issue_ticket", {"service": "A", "request_id": request_id}, namespace="/kiosk", callback=True)
    assert reply["ok"], reply
    return reply["ticket"]


def test_a_resent_tap_is_one_ticket_on_the_same_kiosk(app):
    ra = device_socket(app, "/kiosk", {"kiosk": "ra"})
    first = issue_by_socket(ra)
    again = issue_by_socket(ra)
    assert (again["id"], again["number"], again["token"]) == (first["id"], "A001", first["token"])


def test_another_kiosk_sending_the_same_request_id_gets_its_own_ticket(app, db):
    ra = device_socket(app, "/kiosk", {"kiosk": "ra"})
    rb = device_socket(app, "/kiosk", {"kiosk": "rb"})
    mine = issue_by_socket(ra)
    theirs = issue_by_socket(rb)
    assert theirs["number"] == "A002"
    assert theirs["id"] != mine["id"] and theirs["token"] != mine["token"]
    assert issue_by_socket(rb)["id"] == theirs["id"]  # and rb's own resend is still one ticket
    assert db.execute(
        "SELECT t.number, j.kiosk FROM tickets t JOIN print_jobs j ON j.ticket_id = t.id ORDER BY t.id"
    ).fetchall() == [("A001", "ra"), ("A002", "rb")]


def post_ticket(client, token, request_id=TAP):
    r = client.post("/api/tickets", json={"service": "B", "request_id": request_id}, headers={"X-Device-Token": token})
    assert r.status_code == 201, r.json
    return r.json


def test_over_http_the_request_id_is_the_devices_own_too(app, make_client):
    ra, rb = (pair_device(app, "kiosk", {"kiosk": name}) for name in ("ra", "rb"))
    client = make_client()
    first = post_ticket(client, ra)
    assert post_ticket(client, ra)["token"] == first["token"]
    other = post_ticket(client, rb)
    assert (other["number"], other["token"] != first["token"]) == ("B002", True)


def test_staff_request_ids_are_their_own(client, auth, make_client):
    kiosk = pair_device(client.application, "kiosk", {"kiosk": "ra"})
    from_kiosk = post_ticket(make_client(), kiosk)
    auth.login("canbo1")
    r = client.post("/api/tickets", json={"service": "B", "request_id": TAP})
    assert (r.status_code, r.json["number"]) == (201, "B002")
    assert r.json["token"] != from_kiosk["token"]


def test_a_request_id_of_the_wrong_shape_is_refused(app, make_client, db):
    token = pair_device(app, "kiosk", {"kiosk": "ra"})
    for bad in ("short", "x" * 65, 12345678, ["0123456789"]):
        r = make_client().post(
            "/api/tickets", json={"service": "B", "request_id": bad}, headers={"X-Device-Token": token}
        )
        assert (r.status_code, r.json["error"]) == (400, "bad_request"), bad
    assert db.execute("SELECT count(*) FROM tickets").fetchone() == (0,)
