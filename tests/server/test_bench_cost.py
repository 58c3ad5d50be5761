"""`make bench-cost`'s own driver on a tiny load, so that it cannot rot: both halls run every kind of request
without valgrind (CPU time stands in for the instruction count), and callgrind's dump files are read back by the
kind each was dumped for. Nothing here asserts a cost."""

import re

import pytest

from tests import bench_cost


@pytest.mark.parametrize("hall", ["demo", "province"])
def test_every_kind_of_request_runs_in_each_hall_and_prints_one_figure_a_kind(hall, capsys):
    assert bench_cost.main(["--child", hall, "--requests", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == ["request", hall]
    rows = {re.split(r"\s{2,}", line)[0]: line for line in lines[1:5]}
    assert list(rows) == list(bench_cost.KINDS.values())
    assert all(re.search(r"\d+\.\d\d ms$", line) for line in rows.values())
    assert lines[6] == f"{hall}: {bench_cost.HALLS[hall]}"


def test_the_dump_files_are_read_by_the_kind_each_was_dumped_for(tmp_path):
    prefix = str(tmp_path / "callgrind.out")
    for n, (kind, total) in enumerate([("issue", 334000000), ("call-pair", 788000000), ("one-press", 555000000)]):
        (tmp_path / f"callgrind.out.{n + 1}").write_text(
            f"# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npid: 12\ncmd: python\npart: {n + 1}\n\n"
            f"desc: I1 cache:\ndesc: Timerange: Basic block 1 - 2\ndesc: Trigger: dump {kind}\n\n"
            f"positions: line\nevents: Ir\nsummary: {total}\n"
        )
    (tmp_path / "callgrind.out").write_text("desc: Trigger: Program termination\nsummary: 99\n")
    assert bench_cost.read_dumps(prefix) == {"issue": 334000000, "call-pair": 788000000, "one-press": 555000000}


def test_an_unknown_hall_is_refused_with_the_names_it_takes(capsys):
    with pytest.raises(SystemExit) as refused:
        bench_cost.main(["--halls", "district"])
    assert refused.value.code == 2
    assert "--halls: one or more of demo, province" in capsys.readouterr().err
