"""A clerk who is serving a citizen cannot be deactivated until that ticket is finished, so "served" and the
rating can never go to an account that has left the counter (issue 12, finding 11)."""

from tests.helpers import issue
from tests.server.test_fuzz import snapshot

CANBO1 = 2


def test_deactivating_a_clerk_mid_service_is_refused_and_changes_nothing(manager, auth, client, db):
    ticket = issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    client.post(f"/api/tickets/{ticket['id']}/start")
    before = snapshot(db)
    r = manager.put(f"/api/admin/users/{CANBO1}", json={"active": False})
    assert (r.status_code, r.json) == (
        409,
        {
            "error": "clerk_serving",
            "message": "Cán bộ quầy 1 đang phục vụ số A001 tại quầy 1: hãy hoàn thành hoặc đánh dấu vắng mặt "
            "trước khi khoá tài khoản.",
        },
    )
    assert snapshot(db) == before
    r = manager.put(f"/api/admin/users/{CANBO1}?lang=en", json={"active": False})
    assert r.json["message"] == (
        "Cán bộ quầy 1 is serving A001 at counter 1: finish it or mark a no-show before deactivating the account."
    )
    assert client.post(f"/api/tickets/{ticket['id']}/finish").status_code == 200
    done = db.execute("SELECT status, clerk_id FROM tickets WHERE id = ?", [ticket["id"]]).fetchone()
    assert done == ("done", CANBO1)


def test_a_clerk_whose_citizen_is_only_called_is_refused_too(manager, auth, client, db):
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    r = manager.put(f"/api/admin/users/{CANBO1}", json={"active": False, "full_name": "Nguyễn Văn A"})
    assert (r.status_code, r.json["error"]) == (409, "clerk_serving")
    assert db.execute("SELECT active, full_name FROM users WHERE id = ?", [CANBO1]).fetchone() == (1, "Cán bộ quầy 1")


def test_once_the_ticket_is_finished_the_clerk_is_deactivated_and_the_counter_closed(manager, auth, client, db):
    ticket = issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    client.post(f"/api/tickets/{ticket['id']}/start")
    client.post(f"/api/tickets/{ticket['id']}/finish")
    r = manager.put(f"/api/admin/users/{CANBO1}", json={"active": False})
    assert (r.status_code, r.json["active"]) == (200, 0)
    assert db.execute("SELECT state, clerk_id FROM counters WHERE number = 1").fetchone() == ("closed", None)
    assert client.post("/api/counters/1/call-next").status_code == 401
