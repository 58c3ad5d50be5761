"""The serving process freezes what start-up made (gc.freeze): with 700 screens connected a full collection held
the event loop, and every call in flight, 80–121 ms; without the start-up objects to scan, 39–57 ms."""

import subprocess
import sys

from tests.conftest import copy_template
from tests.helpers import ROOT

# As `xephang serve` starts (eventlet patched first in that mode), up to the moment it would serve.
PROBE = """
import gc, os, sys
if sys.argv[2] == "eventlet":
    import eventlet
    eventlet.monkey_patch()
import flask_socketio
flask_socketio.SocketIO.run = lambda self, app, **kw: print(f"FROZEN={gc.get_freeze_count()}", flush=True)
from server import cli
cli.serve({"data_dir": sys.argv[1], "demo": True, "async_mode": sys.argv[2], "port": 0})
os._exit(0)
"""


def _frozen_when_serving(data_dir: str, mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, data_dir, mode], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("FROZEN=")]
    return int(line.removeprefix("FROZEN="))


def test_the_serving_process_freezes_its_start_up_objects_in_either_mode(tmp_path, template_dir):
    frozen = {}
    for mode in ("eventlet", "threading"):
        copy_template(template_dir, str(tmp_path / mode))
        frozen[mode] = _frozen_when_serving(str(tmp_path / mode), mode)
    # about 93,000 and 74,000 on 2026-12-01; none before
    assert {mode: n > 50_000 for mode, n in frozen.items()} == {"eventlet": True, "threading": True}, frozen
