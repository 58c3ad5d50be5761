"""CPU-heavy work that releases the interpreter lock (password hashes) on real threads at the lowest CPU priority.

On a two-core box an argon2 hash runs on four threads (its parallelism): at the same
priority as the event loop, fifty wrong logins left the loop a third of a core and every kiosk and counter
waited (p99 114 ms with nothing else running, docs/performance.md). Linux gives each thread its own priority
and the threads a hash starts inherit it, so these threads run only on what the hall's requests leave.

Not eventlet's own thread pool: its threads also run the commits' `fsync` when the disk is slow
(server/store/db.py, DiskPace), which must never wait behind a hash. The threads here are real ones: under
eventlet, server/cli.py hands in the unpatched `threading` and `queue` and waits through `tpool.execute` (each
wait holds one of its threads: one hash at a time, so one thread). Not for pure-Python work such as parsing: a
low-priority thread holding the interpreter lock while the cores are busy would hold the event loop with it.
"""

from __future__ import annotations

import os
import queue as std_queue
import threading as std_threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

LOWEST = 19  # nice


def lower_this_thread(nice: int = LOWEST) -> bool:
    """Give the calling thread (and the threads it starts) the lowest CPU priority; False where not allowed."""
    try:
        os.setpriority(os.PRIO_PROCESS, std_threading.get_native_id(), nice)
        return True
    except (AttributeError, OSError):  # not Linux, or not allowed: the work still runs, at normal priority
        return False


class BackgroundPool:
    """`pool(fn, *args)` runs `fn` on one of `threads` low-priority threads and returns its result (or raises
    its exception) to the caller, who waits with `wait(blocking_call)`: directly in threading mode, through
    eventlet's `tpool.execute` under eventlet so that the event loop goes on meanwhile."""

    def __init__(
        self,
        threads: int = 2,
        *,
        threading: ModuleType = std_threading,
        queue: ModuleType = std_queue,
        wait: Callable[[Callable[[], Any]], Any] | None = None,
        nice: int = LOWEST,
    ):
        self.threading, self.nice = threading, nice
        self.jobs: Any = queue.Queue()
        self.wait = wait or (lambda blocking: blocking())
        for n in range(threads):
            threading.Thread(target=self._work, name=f"xephang-background-{n + 1}", daemon=True).start()

    def _work(self) -> None:
        lower_this_thread(self.nice)
        while True:
            fn, args, kwargs, done, box = self.jobs.get()
            try:
                box.append((True, fn(*args, **kwargs)))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, raised there
                box.append((False, exc))
            finally:
                done.set()

    def __call__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        box: list[tuple[bool, Any]] = []
        done = self.threading.Event()
        self.jobs.put((fn, args, kwargs, done, box))
        self.wait(done.wait)
        ok, value = box[0]
        if ok:
            return value
        raise value
