"""A full disk or a read-only data folder: screens still connect, the alarm clears when writes work again, and
the server says in one line why it cannot start."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT, pair_device


def refuse_writes(hub):
    """From now on every new connection of the app fails to write, as on a full or read-only disk."""
    real_connect = hub.connect

    def read_only():
        db = real_connect()
        db.conn.execute("PRAGMA query_only = ON")
        return db

    hub.connect = read_only
    return real_connect


@pytest.mark.parametrize(
    ("namespace", "config", "auth", "snapshot"),
    [
        ("/kiosk", {"kiosk": "k1"}, {}, "kiosk_snapshot"),
        ("/display", {"group": "*"}, {}, "display_snapshot"),
        ("/rating", {"counter": 1}, {"counter": 1}, "rating_snapshot"),
    ],
)
def test_a_paired_screen_connects_on_a_full_disk_and_the_alarm_clears_once_writes_work(
    make_app, namespace, config, auth, snapshot
):
    app = make_app(demo=False)
    hub = app.extensions["xephang"]
    token = pair_device(app, namespace.strip("/"), config)
    real_connect = refuse_writes(hub)
    socket = app.extensions["socketio"].test_client(app, namespace=namespace, auth={**auth, "device": token})
    assert socket.is_connected(namespace)
    assert [m["name"] for m in socket.get_received(namespace)] == [snapshot]
    assert "readonly" in hub.alarms["storage"]
    hub.connect = real_connect  # space is back
    staff = app.test_client()
    staff.post("/api/login", json={"username": "canbo1", "password": "demo"})
    assert staff.post("/api/tickets", json={"service": "A"}).status_code == 201
    assert hub.alarms == {}


def test_a_read_only_data_folder_stops_the_server_with_one_clear_line(tmp_path, data_dir):
    folder = str(tmp_path / "ro")
    shutil.copytree(data_dir, folder)
    serve = [sys.executable, "-m", "server.cli", "serve", "--data", folder, "--port", "1"]
    if os.getuid() == 0:  # root writes through file modes: mount the folder read-only, as a remounted disk is
        remount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
        command, why = ["unshare", "--mount", "sh", "-c", remount, folder, *serve], "Read-only file system"
    else:
        os.chmod(folder, 0o555)
        command, why = serve, "Permission denied"
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    os.chmod(folder, 0o755)
    assert (result.returncode, result.stderr.splitlines()) == (
        2,
        [
            f"xephang: cannot write to the data folder {folder} ({why}): the server keeps its database there; give "
            "the service's user write access, or set data_dir to a writable folder"
        ],
    )
