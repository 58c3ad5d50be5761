"""The serving process freezes what start-up made (gc.freeze): with 700 screens connected a full collection held
the event loop, and every call in flight, 80–121 ms; without the start-up objects to scan, 39–57 ms. And it runs a
full collection about ten times less often than Python's default: with 700 screens it still took 55–91 ms, every 6 s."""

import subprocess
import sys

import pytest

from tests.conftest import copy_template
from tests.helpers import ROOT

# As `xephang serve` starts (eventlet patched first in that mode), up to the moment it would serve.
PROBE = """
import gc, os, sys
if sys.argv[2] == "eventlet":
    import eventlet
    eventlet.monkey_patch()
import flask_socketio
flask_socketio.SocketIO.run = lambda self, app, **kw: print(
    f"FROZEN={gc.get_freeze_count()}", f"THRESHOLDS={','.join(map(str, gc.get_threshold()))}", flush=True
)
from server import cli
cli.serve({"data_dir": sys.argv[1], "demo": True, "async_mode": sys.argv[2], "port": 0})
os._exit(0)
"""


def _collector_when_serving(data_dir: str, mode: str) -> tuple[int, str]:
    """How many objects are frozen, and the collector's thresholds, as the serving process would start serving."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, data_dir, mode], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("FROZEN=")]
    frozen, thresholds = line.split()
    return int(frozen.removeprefix("FROZEN=")), thresholds.removeprefix("THRESHOLDS=")


@pytest.fixture(scope="module")
def collectors(tmp_path_factory, template_dir):
    out = {}
    for mode in ("eventlet", "threading"):
        where = str(tmp_path_factory.mktemp(mode))
        copy_template(template_dir, where)
        out[mode] = _collector_when_serving(where, mode)
    return out


def test_the_serving_process_freezes_its_start_up_objects_in_either_mode(collectors):
    # about 93,000 and 74,000 on 2026-12-01; none before
    frozen = {mode: n for mode, (n, _) in collectors.items()}
    assert {mode: n > 50_000 for mode, n in frozen.items()} == {"eventlet": True, "threading": True}, frozen


def test_the_serving_process_runs_a_full_collection_ten_times_less_often_in_either_mode(collectors):
    # Python's default is 700,10,10: a full pass after ten of the middle generation's
    assert {mode: t for mode, (_, t) in collectors.items()} == {"eventlet": "700,10,100", "threading": "700,10,100"}


def test_the_day_close_runs_a_full_collection_while_the_hall_is_empty(hub):
    """Serving runs full collections rarely; the night's close runs one, so no cycle waits past the day."""
    import gc

    from server.cli import close_day

    generations = []

    def seen(phase, info):
        if phase == "stop":
            generations.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        close_day(hub)
    finally:
        gc.callbacks.remove(seen)
    assert 2 in generations, generations
