"""Fixtures: a real app on a real SQLite file per test (copied from a template built once), a clock."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import sys
import time

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient

from display.voice import VoiceError, generate_defaults
from server.app import create_app
from server.core.speech import CLIPS
from server.services.seed import DEMO_ACCOUNTS
from tests.helpers import VN, Clock, LiveServer, at, before_midnight_s, tone


class PageClient(FlaskClient):
    """A test browser that behaves like our own pages: it sends the anti-CSRF header."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_X_XEPHANG"] = "1"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Live servers, Chromium and the print agent run on the real clock: a test that would start within a minute of
    the centre's midnight waits until just after it (at most once a run, at 17:00 UTC), before any of its fixtures
    is made (a module's live server too; one that a module keeps longer runs on a noon zone: helpers.noon_zone)."""
    wait = before_midnight_s(dt.datetime.now(VN))
    if wait:
        print(f"[tests] {wait:.0f} s to the centre's midnight: waiting it out", file=sys.stderr, flush=True)
        time.sleep(wait)


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A demo database built once: hashing the demo passwords is the slow part of setup.

    The demo accounts' hashes are then made again at argon2's least cost. A login checks a password at the cost its
    hash was made with (argon2 keeps it in the hash), through the same code: the suite's many logins take a
    millisecond each instead of a quarter of a second. The tests about the cost of hashing make their own slow
    hashes (test_hashing_off_the_loop) or hold the hashing's turn themselves."""
    path = tmp_path_factory.mktemp("template")
    create_app({"data_dir": str(path), "demo": True, "async_mode": "threading"})
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    db = sqlite3.connect(path / "xephang.db")
    with db:
        for username, password, _, _ in DEMO_ACCOUNTS:
            db.execute("UPDATE users SET password_hash = ? WHERE username = ?", [cheap.hash(password), username])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # into the file the tests copy
    db.close()
    return str(path)


@pytest.fixture
def clock() -> Clock:
    return Clock(at(2026, 11, 23, 8, 0))  # a Monday morning in the centre


def copy_template(template_dir: str, target: str) -> None:
    """This test's data folder starts as the demo database built once (the same create_app a server runs)."""
    os.makedirs(target, exist_ok=True)
    for name in ("xephang.db", "secret_key"):
        shutil.copy(f"{template_dir}/{name}", f"{target}/{name}")


@pytest.fixture
def data_dir(tmp_path, template_dir: str) -> str:
    target = tmp_path / "var"
    target.mkdir()
    copy_template(template_dir, str(target))
    return str(target)


@pytest.fixture
def make_app(data_dir: str, clock: Clock):
    """An app on this test's data folder with some settings changed."""

    def make(**settings):
        app = create_app({"data_dir": data_dir, "demo": True, "async_mode": "threading", **settings}, clock=clock)
        app.testing = True
        app.test_client_class = PageClient
        return app

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def hub(app):
    return app.extensions["xephang"]


@pytest.fixture
def db(hub):
    conn = hub.connect()
    yield conn
    conn.close()


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    """Log a test client in as a demo account and take a counter."""

    def __init__(self, client):
        self.client = client

    def login(self, username: str = "canbo1", password: str = "demo"):
        r = self.client.post("/api/login", json={"username": username, "password": password})
        assert r.status_code == 200, r.json
        return r

    def open(self, counter: int, username: str | None = None):
        if username:
            self.login(username)
        r = self.client.post(f"/api/counters/{counter}/open")
        assert r.status_code == 200, r.json
        return r


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def manager(make_client):
    """A browser logged in as the demo admin (who manages the centre)."""
    client = make_client()
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    return client


@pytest.fixture
def make_client(app):
    """Several independent browsers (each its own cookie jar) against one app."""
    return lambda: app.test_client()


# ---------------------------------------------------------------- live servers and real Chromium


@pytest.fixture(scope="session")
def default_clips(tmp_path_factory: pytest.TempPathFactory) -> str | None:
    """The default clips (espeak-ng) made once, as every server makes them at start in a folder that lacks them."""
    folder = str(tmp_path_factory.mktemp("voice") / "voice-default")
    try:
        generate_defaults(folder)
    except VoiceError:
        return None  # no espeak-ng: each server says so in its log, as before
    return folder


@pytest.fixture
def live(tmp_path, template_dir: str, default_clips: str | None):
    """The one live-server fixture: `live(mode="eventlet", data_dir=None, fresh=False, **settings)` starts a real
    server process on 127.0.0.1 (settings passed as XEPHANG_* variables); every server started is stopped at the end
    of the test.

    Its own folder starts as the demo database built once, and every folder gets the default clips made once: a
    server starting on an empty folder hashes the demo passwords and runs espeak-ng 50 times, seconds of both cores
    that each test would otherwise pay. `fresh=True` starts on an empty folder, as a new centre does."""
    servers: list[LiveServer] = []

    def start(mode: str = "eventlet", data_dir: str | None = None, fresh: bool = False, **settings) -> LiveServer:
        env = {f"XEPHANG_{k.upper()}": str(v) for k, v in settings.items()}
        folder = data_dir or str(tmp_path / "var")
        if not fresh:
            if data_dir is None and not os.path.exists(f"{folder}/xephang.db"):
                copy_template(template_dir, folder)
            if default_clips and not os.path.exists(f"{folder}/voice-default"):
                shutil.copytree(default_clips, f"{folder}/voice-default")
        server = LiveServer(folder, mode=mode, env=env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
]


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
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, has_touch=True, locale="vi-VN", bypass_csp=True
    )
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
        context = browser.new_context(
            viewport={"width": width, "height": height}, has_touch=True, locale="vi-VN", bypass_csp=True
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


# ---------------------------------------------------------------- voice clips made of short tones


@pytest.fixture
def voiced(data_dir):
    folder = f"{data_dir}/voice-default"
    os.makedirs(folder, exist_ok=True)
    for i, name in enumerate(CLIPS):
        with open(f"{folder}/{name}.wav", "wb") as fh:
            fh.write(tone(300 + 10 * i, 0.2))
    return folder


@pytest.fixture
def voiced_live(live, tmp_path):
    """A live server whose clips are short tones, so a whole call lasts about a second."""
    folder = tmp_path / "var" / "voice"
    os.makedirs(folder, exist_ok=True)
    for i, name in enumerate(CLIPS):
        (folder / f"{name}.wav").write_bytes(tone(400 + 10 * i, 0.03))
    return live
