"""The opening rush with the default (espeak-ng) clips: the backlog rules keep the voice within budget."""

import shutil

import pytest

from display.voice import Voice, generate_defaults, saying_length
from server.core.backlog import CHIME, FULL, SHORT, Call, Step, simulate
from server.core.speech import clip_plan


@pytest.fixture(scope="module")
def default_voice(tmp_path_factory):
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: `make test` installs Debian's espeak-ng package")
    data_dir = tmp_path_factory.mktemp("voice")
    generate_defaults(str(data_dir / "voice-default"))
    return Voice(str(data_dir))


RUSH = [
    Call(i + 1, number, i + 1, at=0.4 * i) for i, number in enumerate(["A001", "A002", "B001", "C001", "D001", "F001"])
]


def test_six_calls_within_two_seconds_all_start_within_the_budget(default_voice):
    spoken = simulate(RUSH, lambda step: saying_length(default_voice, step))
    firsts = [s for s in spoken if not s.step.again and s.step.form != CHIME]
    assert [s.step.call.ticket_id for s in firsts] == [1, 2, 3, 4, 5, 6]  # every call, in call order, once
    # One chime; by its end three calls wait: short, each once; the last in full, and again.
    assert [s.step.form for s in spoken] == [CHIME, SHORT, SHORT, SHORT, SHORT, SHORT, FULL, FULL]
    assert firsts[-1].delay <= 20
    assert max(s.delay for s in firsts) <= 30


def test_the_short_form_says_number_and_counter_in_about_half_the_time(default_voice):
    assert clip_plan("A001", 1, repeat=1, form="short", chime=False) == [
        "moi_so",
        "chu_A",
        "so_0",
        "so_0",
        "so_1",
        "quay",
        "so_1",
    ]
    full, short = (
        saying_length(default_voice, Step(RUSH[0], form, chime=False, again=False)) for form in (FULL, SHORT)
    )
    assert short < 0.7 * full


def test_a_centre_that_recorded_only_the_full_phrases_keeps_its_voice_in_the_short_form(tmp_path):
    own, default = tmp_path / "voice", tmp_path / "voice-default"
    own.mkdir()
    default.mkdir()
    for name in ("xin_moi", "den_quay"):
        (own / f"{name}.wav").write_bytes(b"")
    for name in ("moi_so", "quay"):
        (default / f"{name}.wav").write_bytes(b"")
    voice = Voice(str(tmp_path))
    assert (voice.clip_path("moi_so"), voice.clip_path("quay")) == (own / "xin_moi.wav", own / "den_quay.wav")
