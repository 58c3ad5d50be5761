"""A serving process copies the WAL back into the database in the background, off the event loop: the request
whose commit crossed SQLite's own threshold used to do it, syncing four megabytes into the database in front of
every kiosk and counter (the no-stall phase of `make bench --scale province`)."""

import os
import time

import pytest
import requests

from server.store.db import CHECKPOINT_BYTES

pytestmark = pytest.mark.live


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_the_server_copies_the_wal_back_in_the_background_long_before_a_commit_would(live, mode):
    server = live(mode)
    db, wal = f"{server.data_dir}/xephang.db", f"{server.data_dir}/xephang.db-wal"
    time.sleep(1.5)  # the start's own writes settle
    written = os.stat(db).st_mtime_ns
    issued, deadline = 0, time.monotonic() + 30
    while os.stat(db).st_mtime_ns == written:  # tickets until the WAL holds 1.2 MB, well under SQLite's own 4 MB
        assert time.monotonic() < deadline, f"the database was not written after {issued} tickets"
        if os.path.getsize(wal) < CHECKPOINT_BYTES * 1.2:
            assert requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=10).status_code == 201
            issued += 1
        else:
            time.sleep(0.1)
    assert os.path.getsize(wal) < 4 << 20
