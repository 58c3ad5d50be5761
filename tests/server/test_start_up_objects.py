"""The serving process freezes what start-up made (gc.freeze): with 700 screens connected a full collection held
the event loop, and every call in flight, 80–121 ms; without the start-up objects to scan, 39–57 ms. It runs a
full collection about ten times less often than Python's default: with 700 screens it still took 55–91 ms, every 6 s.
And what outlives a full collection is frozen in its turn, thawed by one in thirty and by the night's."""

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
report = lambda *a, **kw: print(
    f"FROZEN={gc.get_freeze_count()}",
    f"THRESHOLDS={','.join(map(str, gc.get_threshold()))}",
    f"HOOKED={cli._freeze_what_outlives_a_full_collection in gc.callbacks}",
    flush=True,
)
flask_socketio.SocketIO.run = report  # threading mode's server
from server import cli
cli.serve_eventlet = report  # eventlet mode's
# The start-up day close's full collection thaws everything and freezes it again (tested below); in threading mode
# it runs in a thread of its own, and a report in the middle of it read 0 frozen now and then.
cli._rollover_loop = lambda app: None
cli.serve({"data_dir": sys.argv[1], "demo": True, "async_mode": sys.argv[2], "port": 0})
os._exit(0)
"""


def _python(code: str, *args: str, timeout: float) -> list[str]:
    """The lines `code` prints, run in a Python process of its own (the test process's collector is left alone)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def _collector_when_serving(data_dir: str, mode: str) -> tuple[int, str, str]:
    """How many objects are frozen, the collector's thresholds and whether a full collection's survivors are
    frozen, as the serving process would start serving."""
    [line] = [line for line in _python(PROBE, data_dir, mode, timeout=120) if line.startswith("FROZEN=")]
    frozen, thresholds, hooked = line.split()
    return int(frozen.removeprefix("FROZEN=")), thresholds.removeprefix("THRESHOLDS="), hooked.removeprefix("HOOKED=")


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
    frozen = {mode: n for mode, (n, _, _) in collectors.items()}
    assert {mode: n > 50_000 for mode, n in frozen.items()} == {"eventlet": True, "threading": True}, frozen


def test_the_serving_process_runs_a_full_collection_ten_times_less_often_in_either_mode(collectors):
    # Python's default is 700,10,10: a full pass after ten of the middle generation's
    assert {mode: t for mode, (_, t, _) in collectors.items()} == {"eventlet": "700,10,100", "threading": "700,10,100"}


def test_the_serving_process_freezes_what_outlives_a_full_collection_in_either_mode(collectors):
    assert {mode: h for mode, (_, _, h) in collectors.items()} == {"eventlet": "True", "threading": "True"}


# The serving process's collector, tuned, in a process of its own (the test process's collector is left alone): a
# cycle that outlives a full collection, then is dropped.
CYCLE = """
import gc, sys, weakref
from server import cli
cli._tune_the_garbage_collector()
class Node:
    pass
node = Node()
node.me = node
alive = weakref.ref(node)
gc.collect()
print("LEFT_IN_THE_OLD_GENERATION", len(gc.get_objects(2)))
print("FROZEN_WITH_THE_REST", all(o is not node for g in range(3) for o in gc.get_objects(g)))
del node
if sys.argv[1] == "night":
    cli.collect_everything()
    print("FREED_BY_THE_NIGHT", alive() is None)
    print("LEFT_IN_THE_OLD_GENERATION", len(gc.get_objects(2)))  # what the night's collection left: frozen again
else:
    collections = 0
    while alive() is not None and collections < 100:
        gc.collect()
        collections += 1
    print("FREED_AFTER", collections)
"""


def _cycle_in_a_tuned_process(how: str) -> list[str]:
    return _python(CYCLE, how, timeout=60)


def test_what_outlives_a_full_collection_is_frozen_and_one_in_thirty_frees_the_cycles_among_it():
    """With 700 screens a full collection scanned 110,000 objects (55–91 ms, holding every call in flight); frozen
    after it, the next one scans what came since. The thirtieth thaws everything first: a cycle among frozen objects
    that nothing uses any more is freed then, not never."""
    from server.cli import RESCAN_EVERY

    assert _cycle_in_a_tuned_process("day") == [
        "LEFT_IN_THE_OLD_GENERATION 0",
        "FROZEN_WITH_THE_REST True",
        f"FREED_AFTER {RESCAN_EVERY - 1}",  # the first full collection froze it; the 30th since tuning thaws it
    ]


def test_the_nights_collection_frees_a_cycle_among_frozen_objects():
    assert _cycle_in_a_tuned_process("night") == [
        "LEFT_IN_THE_OLD_GENERATION 0",
        "FROZEN_WITH_THE_REST True",
        "FREED_BY_THE_NIGHT True",
        "LEFT_IN_THE_OLD_GENERATION 0",
    ]


def test_the_day_close_scans_everything_while_the_hall_is_empty(hub, monkeypatch):
    """Serving's full collections are rare and scan only what came since the last; the night's scans everything,
    the frozen objects too, so no cycle among them waits past the day."""
    from server import cli

    asked = []
    monkeypatch.setattr(cli, "collect_everything", lambda: asked.append("everything"))
    cli.close_day(hub)
    assert asked == ["everything"]
