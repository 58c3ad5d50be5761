"""First-run content: the default fields and priority categories, and the demo commune centre."""

from __future__ import annotations

import json
import time

from sqlite_utils import Database

from server.services.logins import hash_password
from server.store import repo
from server.store.db import immediate

# (prefix, Vietnamese name, English name, icon) — the proposal of the domain notes; managers edit them.
DEFAULT_SERVICES = [
    ("A", "Chứng thực", "Certification", "stamp"),
    ("B", "Hộ tịch", "Civil status", "family"),
    ("C", "Đất đai", "Land", "land"),
    ("D", "Lao động – Bảo trợ xã hội – Người có công", "Labour, social assistance, people with merit", "hands"),
    ("E", "Xây dựng – Quy hoạch – Nhà ở", "Construction, planning, housing", "house"),
    ("F", "Kinh doanh – Công thương", "Business and trade", "shop"),
    ("G", "Nông nghiệp – Môi trường", "Agriculture and environment", "leaf"),
    ("H", "Giáo dục – Y tế – Văn hóa", "Education, health, culture", "book"),
    ("K", "Lĩnh vực khác", "Other matters", "dots"),
    ("T", "Trả kết quả – Hướng dẫn", "Results and guidance", "info"),
]

DEFAULT_PRIORITIES = [
    ("thuong_binh", "Thương binh, bệnh binh", "War invalids"),
    ("nguoi_co_cong", "Người có công với cách mạng", "People with merit to the revolution"),
    ("nguoi_cao_tuoi", "Người cao tuổi", "Elderly people"),
    ("nguoi_khuyet_tat", "Người khuyết tật", "People with disabilities"),
    ("phu_nu_mang_thai", "Phụ nữ mang thai", "Pregnant women"),
    ("tre_nho", "Người đi cùng trẻ nhỏ", "People with small children"),
]

# Demo counters: (number, services) — every field served somewhere, some at several counters.
DEMO_COUNTERS = [
    (1, ["A", "T"]),
    (2, ["A", "B"]),
    (3, ["B", "K"]),
    (4, ["C", "E"]),
    (5, ["D", "H"]),
    (6, ["F", "G", "K", "T"]),
]
DEMO_ACCOUNTS = [("admin", "admin", "admin", "Quản trị viên")] + [
    (f"canbo{n}", "demo", "clerk", f"Cán bộ quầy {n}") for n in range(1, 7)
]


def seed_defaults(db: Database) -> bool:
    """Fill an empty database with the default fields and priority categories; True if it did."""
    with immediate(db):
        if db.execute("SELECT count(*) FROM services").fetchone()[0]:
            return False
        for position, (code, vi, en, icon) in enumerate(DEFAULT_SERVICES):
            db.execute(
                "INSERT INTO services (code, name_vi, name_en, icon, position) VALUES (?, ?, ?, ?, ?)",
                [code, vi, en, icon, position],
            )
        for position, (code, vi, en) in enumerate(DEFAULT_PRIORITIES):
            db.execute(
                "INSERT INTO priority_categories (code, name_vi, name_en, position) VALUES (?, ?, ?, ?)",
                [code, vi, en, position],
            )
    return True


def seed_demo(db: Database) -> list[tuple[str, str, str]]:
    """Add the demo counters and accounts (only ever called in demo mode); returns (user, password, role)."""
    missing = [(u, p, r, n) for u, p, r, n in DEMO_ACCOUNTS if repo.user_row(db, username=u) is None]
    hashes = {u: hash_password(p) for u, p, _, _ in missing}  # slow: before the transaction, never inside
    with immediate(db):
        for number, services in DEMO_COUNTERS:
            db.execute(
                "INSERT OR IGNORE INTO counters (number, name, services) VALUES (?, ?, ?)",
                [number, f"Quầy {number}", json.dumps(services)],
            )
        for username, _, role, name in missing:
            db.execute(
                "INSERT OR IGNORE INTO users (username, full_name, role, password_hash, active, created_at)"
                " VALUES (?, ?, ?, ?, 1, ?)",
                [username, name, role, hashes[username], time.time()],
            )
        # The demo must work whatever the hour it is tried at.
        repo.set_option(db, "enforce_hours", False)
    return [(u, p, r) for u, p, r, _ in DEMO_ACCOUNTS]
