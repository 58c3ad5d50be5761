"""What `make bench` prints above its table about the box: read when it says it was read."""

import os

import pytest

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
    monkeypatch.setattr(bench, "reference_ms", lambda: 187.0)
    monkeypatch.setattr(bench, "run_mode", run_mode)
    bench.main(["--modes", "eventlet", "--runs", "2", "--report-tickets", "0"])
    lines = capsys.readouterr().out.splitlines()
    assert order == ["load", "run", "run", "load"]
    assert [line for line in lines if line.startswith("machine")] == [
        f"machine: {os.cpu_count()} cores; load average 0.4 before the first run, 2.3 after the last (the bench's "
        "own load; other programs may share the box)",
        "machine speed: reference work 187 ms before the first run (pure Python on one core, best of 5: the more, "
        "the slower the box; compare the rates of two days with it in view)",
    ]


@pytest.mark.parametrize("repeat", [1, 3])
def test_the_box_speed_is_a_positive_number_of_milliseconds(repeat):
    assert 0 < bench.reference_ms(repeat) < 60_000
