"""Caches are bounded by bytes: assembled announcements and the parsed procedures catalogue."""

from display.voice import Voice
from server import procedures
from server.caches import ByteCache
from server.core.speech import CLIPS, clip_plan
from tests.helpers import tone


def test_a_byte_cache_drops_the_least_recently_used_and_never_keeps_what_is_bigger_than_its_budget():
    cache = ByteCache(10)
    cache.put("a", b"aaaa")
    cache.put("b", b"bbbb")
    assert cache.get("a") == b"aaaa"  # a is now the most recently used
    cache.put("c", b"cccc")
    assert ([cache.get(k) for k in "abc"], cache.bytes) == ([b"aaaa", None, b"cccc"], 8)
    cache.put("huge", b"x" * 11)
    assert (cache.get("huge"), cache.bytes, len(cache)) == (None, 8, 2)


def test_assembled_announcements_stay_within_the_cache_budget_and_the_latest_is_kept(tmp_path):
    folder = tmp_path / "voice-default"
    folder.mkdir()
    for i, name in enumerate(CLIPS):
        (folder / f"{name}.wav").write_bytes(tone(300 + 20 * i, 0.1))
    voice = Voice(str(tmp_path))
    one = len(voice.assemble(clip_plan("A001", 1)))
    voice.cache.max_bytes = 5 * one + 1000  # a small budget, so a few calls fill it
    plans = [clip_plan(f"A{n:03d}", 1 + n % 9) for n in range(1, 31)]
    for plan in plans:
        voice.assemble(plan)
    assert voice.cache.bytes <= voice.cache.max_bytes
    assert len(voice.cache) < len(plans)
    latest = voice.assemble(plans[-1])
    assert voice.assemble(plans[-1]) is latest  # served from the cache
    assert voice.cache.get((tuple(plans[0]), voice._stamp())) is None  # the oldest was dropped


def test_a_parsed_procedures_file_larger_than_the_budget_is_not_kept_in_memory(tmp_path, monkeypatch):
    fresh = ByteCache(procedures.CACHE_BYTES, size=lambda item: procedures._footprint(item[1]))
    monkeypatch.setattr(procedures, "_cache", fresh)  # what other tests parsed is not this test's business
    sample = procedures.load(str(tmp_path), {"A", "B"})
    assert procedures.load(str(tmp_path), {"A", "B"}) is sample  # the small sample stays cached
    monkeypatch.setattr(fresh, "max_bytes", 200_000)
    lines = ["ma,ten,linh_vuc"] + [f"1.{n:06d},Thủ tục số {n} {'chứng thực bản sao ' * 5},A" for n in range(2000)]
    (tmp_path / "procedures.csv").write_text("\n".join(lines), encoding="utf-8")
    big = procedures.load(str(tmp_path), {"A", "B"})
    assert len(big.rows) == 2000
    again = procedures.load(str(tmp_path), {"A", "B"})
    assert (again is big, again.rows == big.rows) == (False, True)  # parsed again, never held
    assert procedures._cache.bytes <= 200_000
