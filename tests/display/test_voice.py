"""Announcements assembled from clips: the right clips in the right order, any recording format, offline."""

import io
import shutil
import wave

import pytest

from display.voice import RATE, Voice, generate_defaults, to_wav
from server.core.speech import CLIPS, clip_plan
from tests.helpers import tone


def frames_of(wav: bytes) -> bytes:
    with wave.open(io.BytesIO(wav)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        return w.readframes(w.getnframes())


@pytest.fixture
def synthetic(tmp_path):
    """A clip set where each clip is a tone of its own pitch and length, so order and length can be checked."""
    folder = tmp_path / "voice-default"
    folder.mkdir()
    for i, name in enumerate(CLIPS):
        (folder / f"{name}.wav").write_bytes(tone(300 + 20 * i, 0.2 + 0.01 * i))
    return tmp_path


def test_the_call_for_a015_at_counter_3_is_the_expected_clips_in_order(synthetic):
    voice = Voice(str(synthetic))
    plan = clip_plan("A015", 3)
    assert plan == [
        "chime",
        "xin_moi",
        "chu_A",
        "so_0",
        "so_1",
        "so_5",
        "den_quay",
        "so_3",
        "pause",
        "xin_moi",
        "chu_A",
        "so_0",
        "so_1",
        "so_5",
        "den_quay",
        "so_3",
    ]
    audio = frames_of(voice.assemble(plan))
    gap = b"\x00\x00" * int(RATE * 0.05)
    expected = b"".join(voice.clip(name) + gap for name in plan)
    assert audio == expected
    # Durations: each clip as long as its recording (less trimmed silence), the pause 0.7 s.
    pieces = [len(voice.clip(name)) / 2 / RATE for name in plan]
    assert pieces[8] == pytest.approx(0.7, abs=1e-3)
    assert len(audio) / 2 / RATE == pytest.approx(sum(pieces) + 0.05 * len(plan), abs=0.01)


def test_whole_number_reading_uses_the_number_word_clips(synthetic):
    voice = Voice(str(synthetic))
    plan = clip_plan("A015", 3, "whole", repeat=1)
    assert plan == ["chime", "xin_moi", "chu_A", "muoi", "lam", "den_quay", "so_3"]
    assert frames_of(voice.assemble(plan)) == b"".join(voice.clip(n) + b"\x00\x00" * int(RATE * 0.05) for n in plan)


def test_a_centres_own_recording_replaces_the_default_whatever_its_format(synthetic):
    own = synthetic / "voice"
    own.mkdir()
    (own / "den_quay.wav").write_bytes(tone(1000, 0.5, rate=44100, channels=2))
    voice = Voice(str(synthetic))
    assert voice.clip_path("den_quay") == own / "den_quay.wav"
    assert len(voice.clip("den_quay")) / 2 / RATE == pytest.approx(0.5, abs=0.02)
    assert voice.clip_path("xin_moi") == synthetic / "voice-default" / "xin_moi.wav"


def test_a_missing_clip_is_named(tmp_path):
    voice = Voice(str(tmp_path))
    assert sorted(voice.missing()) == sorted(CLIPS)
    with pytest.raises(Exception, match="no clip chime.wav"):
        voice.assemble(["chime"])


def test_the_default_set_is_made_offline_with_espeak_ng(tmp_path):
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: `make test` installs Debian's espeak-ng package")
    written = generate_defaults(str(tmp_path / "voice-default"))
    assert sorted(written) == sorted(CLIPS)
    voice = Voice(str(tmp_path))
    assert voice.missing() == []
    for name in CLIPS:
        seconds = len(voice.clip(name)) / 2 / RATE
        assert 0.05 < seconds < 4.0, (name, seconds)
    assert generate_defaults(str(tmp_path / "voice-default")) == []  # only what is missing
    wav = voice.assemble(clip_plan("A015", 3))
    assert 6 < len(frames_of(wav)) / 2 / RATE < 20


def test_wav_header_is_standard():
    with wave.open(io.BytesIO(to_wav(b"\x00\x00" * 10))) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, RATE, 10)
