"""Spoken announcements, offline: WAV files assembled on the server from short clips.

Clips are looked for first in `<data_dir>/voice/` (a centre's own recordings, named as in
`server.core.speech.CLIPS`), then in `<data_dir>/voice-default/`, which is generated once with espeak-ng's
Vietnamese voice and a synthesised chime. Every clip is brought to one format (mono, 16-bit, 22,050 Hz)
so a centre can drop in recordings from any recorder.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import struct
import subprocess
import warnings
import wave
from pathlib import Path
from typing import Any

from server.caches import ByteCache
from server.core.speech import CLIPS, FALLBACK, clip_plan

with warnings.catch_warnings():  # audioop is deprecated from 3.11 on; the project is pinned to 3.11
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

RATE = 22050
CACHE_BYTES = 32 * 1024 * 1024  # about 150 assembled calls of 5 s; the least recently played go first
WIDTH = 2
PAUSE_S = 0.7
SPEED = 165  # espeak-ng words per minute for the default clips: clear, and quick enough for a rush


class VoiceError(RuntimeError):
    pass


def _pcm(path: Path) -> bytes:
    """A clip's samples in the common format."""
    with wave.open(str(path), "rb") as w:
        frames = w.readframes(w.getnframes())
        width, channels, rate = w.getsampwidth(), w.getnchannels(), w.getframerate()
    if width != WIDTH:
        frames = audioop.lin2lin(frames, width, WIDTH)
    if channels == 2:
        frames = audioop.tomono(frames, WIDTH, 0.5, 0.5)
    elif channels != 1:
        raise VoiceError(f"{path.name}: {channels} channels")
    if rate != RATE:
        frames, _ = audioop.ratecv(frames, WIDTH, 1, rate, RATE, None)
    return trim(frames)


def trim(frames: bytes, threshold: int = 400, margin_s: float = 0.03) -> bytes:
    """Cut the silence a recording starts and ends with, keeping a short margin so words are not clipped."""
    count = len(frames) // WIDTH
    samples = struct.unpack(f"<{count}h", frames[: count * WIDTH])
    loud = [i for i in range(0, count, 64) if max(map(abs, samples[i : i + 64]), default=0) > threshold]
    if not loud:
        return frames
    margin = int(RATE * margin_s)
    start, end = max(0, loud[0] - margin), min(count, loud[-1] + 64 + margin)
    return frames[start * WIDTH : end * WIDTH]


def chime() -> bytes:
    """Ding-dong: two soft decaying tones, 0.85 s."""
    frames = bytearray()
    for freq, length in ((880.0, 0.35), (659.25, 0.5)):
        n = int(RATE * length)
        for i in range(n):
            t = i / RATE
            value = 0.45 * math.sin(2 * math.pi * freq * t) * math.exp(-3.2 * t)
            frames += struct.pack("<h", int(value * 32767))
    return bytes(frames)


def silence(seconds: float) -> bytes:
    return b"\x00\x00" * int(RATE * seconds)


def to_wav(pcm: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(WIDTH)
        w.setframerate(RATE)
        w.writeframes(pcm)
    return out.getvalue()


def generate_defaults(folder: str, espeak: str | None = None, force: bool = False) -> list[str]:
    """Write the default clip set with espeak-ng's Vietnamese voice; returns the clips written."""
    espeak = espeak or shutil.which("espeak-ng")
    if not espeak:
        raise VoiceError(
            "espeak-ng is not installed (Debian package espeak-ng); the display will show calls "
            "without speaking them until clips are in the voice folder"
        )
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in CLIPS.items():
        path = target / f"{name}.wav"
        if path.exists() and not force:
            continue
        tmp = target / f".{name}.tmp.wav"
        if name == "chime":
            tmp.write_bytes(to_wav(chime()))
        else:
            subprocess.run(
                [espeak, "-v", "vi", "-s", str(SPEED), "-w", str(tmp), text],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=30,
            )
            tmp.write_bytes(to_wav(_pcm(tmp)))
        os.replace(tmp, path)
        written.append(name)
    return written


class Voice:
    """Finds clips and assembles announcements; results are cached while the clip folders are unchanged."""

    def __init__(self, data_dir: str):
        self.folders = [Path(data_dir) / "voice", Path(data_dir) / "voice-default"]
        self.cache: ByteCache[bytes] = ByteCache(CACHE_BYTES)

    def _stamp(self) -> tuple:
        return tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in self.folders)

    def clip_path(self, name: str) -> Path:
        for folder in self.folders:
            for candidate in (name, FALLBACK.get(name)):
                path = folder / f"{candidate}.wav"
                if candidate and path.exists():
                    return path
        raise VoiceError(f"no clip {name}.wav in {' or '.join(str(f) for f in self.folders)}")

    def missing(self) -> list[str]:
        return [name for name in CLIPS if not any((f / f"{name}.wav").exists() for f in self.folders)]

    def clip(self, name: str, stamp: tuple = ()) -> bytes:
        """A clip's samples, converted and trimmed once while the folders are unchanged."""
        if name == "pause":
            return silence(PAUSE_S)
        key = ("clip", name, stamp or self._stamp())
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        pcm = _pcm(self.clip_path(name))
        self.cache.put(key, pcm)
        return pcm

    def assemble(self, plan: list[str]) -> bytes:
        stamp = self._stamp()
        key = (tuple(plan), stamp)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        pcm = b"".join(self.clip(name, stamp) + silence(0.05) for name in plan)
        wav = to_wav(pcm)
        self.cache.put(key, wav)
        return wav


def seconds(wav: bytes) -> float:
    """How long a WAV made by `to_wav` plays."""
    with wave.open(io.BytesIO(wav), "rb") as w:
        return w.getnframes() / w.getframerate()


def saying_length(voice: Voice, step: Any, reading: str = "digits", zero_tens: str = "linh") -> float:
    """Seconds one saying of the backlog rules lasts (server.core.backlog.Step) with this voice's clips."""
    call = step.call
    return seconds(
        voice.assemble(
            clip_plan(
                call.number,
                call.counter,
                reading,
                zero_tens,
                1,
                form=step.form,
                chime=step.chime,
                lead_pause=step.again,
            )
        )
    )
