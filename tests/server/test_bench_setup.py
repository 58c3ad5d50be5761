"""What `make bench` prints above its table about the box: read when it says it was read."""

import os

from tests.bench import __main__ as bench


def test_the_setup_prints_the_load_read_before_the_first_run_and_after_the_last_and_the_box_speed(monkeypatch, capsys):
    readings = iter([0.4, 2.3])
    order = []

    def load_average():
        order.append("load")
        return next(readings)

    def run_mode(*args):
        order.append("run")
        return {}

    monkeypatch.setattr(bench, "load_average", load_average)

    def reference_ms():
        order.append("speed")
        return 187.0

    monkeypatch.setattr(bench, "reference_ms", reference_ms)
    monkeypatch.setattr(bench, "run_mode", run_mode)
    bench.main(["--modes", "eventlet", "--runs", "2", "--report-tickets", "0"])
    lines = capsys.readouterr().out.splitlines()
    assert order == ["load", "speed", "run", "run", "load"]
    assert [line for line in lines if line.startswith("machine")] == [
        f"machine: {os.cpu_count()} cores; load average 0.4 before the first run, 2.3 after the last (the bench's "
        "own load; other programs may share the box)",
        "machine speed: reference work 187 ms before the first run (pure Python on one core, best of 5: the more, "
        "the slower the box; compare the rates of two days with it in view)",
    ]


def test_the_box_speed_is_the_best_of_its_repeats_in_milliseconds(monkeypatch):
    clock = iter([0.0, 0.3, 1.0, 1.1, 2.0, 2.2])  # the three repeats take 300, 100 and 200 ms
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(clock))
    assert round(bench.reference_ms(3), 6) == 100.0
