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

    def memory_ms():
        order.append("memory")
        return 412.0

    monkeypatch.setattr(bench, "memory_ms", memory_ms)

    def fsync_ms():
        order.append("disk")
        return 0.1234, 0.4

    cpu = iter([(10_000.0, 100.0), (12_000.0, 150.0)])  # 2,000 ticks spent, 50 of them stolen

    def cpu_times():
        order.append("cpu")
        return next(cpu)

    monkeypatch.setattr(bench, "fsync_ms", fsync_ms)
    monkeypatch.setattr(bench, "cpu_times", cpu_times)
    monkeypatch.setattr(bench, "run_mode", run_mode)
    bench.main(["--modes", "eventlet", "--runs", "2", "--report-tickets", "0"])
    lines = capsys.readouterr().out.splitlines()
    assert order == ["load", "speed", "memory", "disk", "cpu", "run", "run", "load", "cpu"]
    assert [line for line in lines if line.startswith("machine")] == [
        f"machine: {os.cpu_count()} cores; load average 0.4 before the first run, 2.3 after the last (the bench's "
        "own load; other programs may share the box)",
        "machine speed: reference work 187 ms before the first run (pure Python on one core, best of 5: the more, "
        "the slower the box; compare the rates of two days with it in view); memory work 412 ms (scattered reads "
        "over 140 MB, best of 3: the caches a host's other guests share)",
        "machine disk: a 4 KiB write made durable (fsync) took 0.12 ms, p90 0.40 ms, before the first run (every "
        "call's commit waits for one; the more, the slower the calls)",
        "machine host: 2.5 % of the CPU time during the runs went to the host's other guests (steal, /proc/stat: "
        "the more, the slower every figure)",
    ]


def test_the_box_speed_is_the_best_of_its_repeats_in_milliseconds(monkeypatch):
    clock = iter([0.0, 0.3, 1.0, 1.1, 2.0, 2.2])  # the three repeats take 300, 100 and 200 ms
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(clock))
    assert round(bench.reference_ms(3), 6) == 100.0


def test_the_disk_reading_is_the_median_and_p90_of_real_fsyncs_in_the_folder_given(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(bench.os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    clock = iter(x for i in range(10) for x in (float(i), i + (i + 1) / 1000))  # fsyncs of 1, 2, … 10 ms
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(clock))
    assert [round(ms, 6) for ms in bench.fsync_ms(str(tmp_path), writes=10)] == [5.5, 9.0]
    assert len(synced) == 10 and list(tmp_path.iterdir()) == []  # its file written, synced, removed


def test_the_cpu_times_are_the_whole_and_the_stolen_ticks_of_proc_stat():
    spent, stolen = bench.cpu_times()
    with open("/proc/stat", encoding="ascii") as fh:
        fields = [float(v) for v in fh.readline().split()[1:]]
    assert spent <= sum(fields[:8]) and 0 <= stolen <= fields[7]  # read just before, never more than now
