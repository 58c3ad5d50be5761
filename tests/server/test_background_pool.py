"""The low-priority threads that run password hashes (server/background.py)."""

import os
import threading

import pytest

from server.background import LOWEST, BackgroundPool


def _where():
    return threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, 0)  # this thread's own nice on Linux


def test_work_runs_on_another_thread_at_the_lowest_priority_and_its_result_comes_back():
    pool = BackgroundPool(1)
    thread, nice = pool(_where)
    assert (thread != threading.get_native_id(), nice) == (True, LOWEST)
    assert pool(sorted, [3, 1, 2], reverse=True) == [3, 2, 1]


def test_an_error_in_the_work_reaches_the_caller_and_the_thread_goes_on():
    pool = BackgroundPool(1)
    with pytest.raises(ValueError, match="not a number"):
        pool(int, "not a number")
    assert pool(int, "42") == 42


def test_the_caller_waits_the_way_it_is_given():
    waits = []

    def wait(blocking):
        waits.append(blocking)
        return blocking()

    pool = BackgroundPool(2, wait=wait)
    assert [pool(len, "abc"), pool(len, "de")] == [3, 2]
    assert len(waits) == 2
