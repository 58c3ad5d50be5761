"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright, against live servers."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tests.helpers import LiveServer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # The test harness evaluates its own JavaScript in the page, which our CSP forbids; test_escaping loads
    # every screen under the real CSP.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, has_touch=True, locale="vi-VN",
                                  bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture
def make_page(browser):
    contexts = []

    def make(width: int = 1366, height: int = 768):
        context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, locale="vi-VN",
                                      bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def live(tmp_path):
    """Start a live server (eventlet, demo) with extra settings as XEPHANG_* variables."""
    servers: list[LiveServer] = []

    def start(**settings) -> LiveServer:
        env = {f"XEPHANG_{k.upper()}": str(v) for k, v in settings.items()}
        server = LiveServer(str(tmp_path / "var"), mode="eventlet", env=env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def sql(server: LiveServer, statement: str, *params) -> list[tuple]:
    db = sqlite3.connect(f"{server.data_dir}/xephang.db")
    try:
        with db:
            return db.execute(statement, params).fetchall()
    finally:
        db.close()
