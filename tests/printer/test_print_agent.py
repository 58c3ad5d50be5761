"""`xephang print-agent` on a kiosk PC: jobs reach the agent's local printer; its status reaches the server."""

import os
import subprocess
import sys
import threading

import pytest
import requests

from printer.escpos_render import decode, texts
from tests.helpers import ROOT, Listener, LiveServer, wait_until
from tests.printer.fake_printer import TcpPrinter

pytestmark = pytest.mark.live


@pytest.fixture
def agent_server(tmp_path):
    server = LiveServer(str(tmp_path / "var"), env={"XEPHANG_PRINTER": "agent", "XEPHANG_AGENT_KEY": "s3cret"})
    server.start()
    yield server
    server.stop()


def start_agent(server, printer_url, kiosk="k1", key="s3cret"):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "print-agent",
            "--server",
            server.url,
            "--printer",
            printer_url,
            "--kiosk",
            kiosk,
            "--key",
            key,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_the_agent_prints_its_kiosks_tickets_and_reports_printer_state(agent_server):
    printer = TcpPrinter()
    kiosk = Listener(agent_server.url, "/kiosk", ["kiosk_snapshot", "print_status", "printer_status"]).connect()
    agent = start_agent(agent_server, printer.url)
    try:
        # Issued before the agent is even connected: the job waits in the database, then prints.
        requests.post(agent_server.url + "/api/tickets", json={"service": "A", "kiosk": "k1"}, timeout=5)
        wait_until(lambda: b"\x1dV" in printer.data)
        assert texts(decode(printer.data)) == ["A001"]
        [status] = kiosk.wait_for("print_status")
        assert (status["number"], status["kiosk"], status["status"]) == ("A001", "k1", "printed")
        # Another kiosk's tickets are not this agent's business.
        requests.post(agent_server.url + "/api/tickets", json={"service": "B", "kiosk": "k2"}, timeout=5)
        printer.state = "paper_out"
        requests.post(agent_server.url + "/api/tickets", json={"service": "C", "kiosk": "k1"}, timeout=5)
        failures = kiosk.wait_for("print_status", 2, timeout=20)
        assert (failures[1]["number"], failures[1]["status"], failures[1]["error"]) == ("C001", "retrying", "paper_out")
        assert texts(decode(printer.data)) == ["A001"]
        state = requests.get(agent_server.url + "/api/state", timeout=5).json()
        assert state["printers"]["k1"]["state"] == "paper_out"
    finally:
        agent.terminate()
        agent.wait(10)
        kiosk.close()
        printer.stop()


def test_an_agent_with_the_wrong_key_is_refused(agent_server):
    printer = TcpPrinter()
    agent = start_agent(agent_server, printer.url, key="wrong")
    try:
        out, _ = agent.communicate(timeout=30)
    finally:
        printer.stop()
    assert agent.returncode != 0
    assert b"agent_refused" in out or b"ConnectionError" in out
    assert os.path.exists(agent_server.data_dir)


def test_an_agent_paired_by_a_manager_prints_for_its_own_kiosk_until_revoked(tmp_path):
    data = str(tmp_path / "var")
    subprocess.run(
        [sys.executable, "-m", "server.cli", "init", "--demo", "--data", data],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    server = LiveServer(data, demo=False, env={"XEPHANG_PRINTER": "agent", "XEPHANG_AGENT_KEY": "s3cret"}).start()
    printer = TcpPrinter()
    token_file = tmp_path / "pc" / "agent.token"
    agent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "print-agent",
            "--server",
            server.url,
            "--printer",
            printer.url,
            "--kiosk",
            "k1",
            "--pair",
            "--token-file",
            str(token_file),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = agent.stdout.readline()
        assert line.startswith("pairing code "), line
        code = line.split()[2] + line.split()[3].rstrip(":")
        assert oct(token_file.stat().st_mode & 0o777) == "0o600"
        manager = server.login("admin", "admin")
        confirmed = manager.post(server.url + "/api/admin/devices/confirm", json={"code": code, "name": "Máy in k1"})
        assert confirmed.json()["config"] == {"kiosk": "k1", "agent": True}  # the admin tells the agent from its kiosk
        assert agent.stdout.readline().startswith("print agent: kiosk k1")
        output: list[str] = []
        threading.Thread(target=lambda: output.extend(iter(agent.stdout.readline, "")), daemon=True).start()
        manager.post(server.url + "/api/tickets", json={"service": "A", "kiosk": "k1"})
        manager.post(server.url + "/api/tickets", json={"service": "B", "kiosk": "k2"})
        manager.post(server.url + "/api/tickets", json={"service": "A", "kiosk": "k1"})
        # k1's jobs go to the agent in order: once A002 (issued after k2's B001) is printed, B001 would have
        # come before it had it been sent to this agent.
        wait_until(lambda: printer.data.count(b"\x1dV") == 2, what="A001 and A002 printed")
        assert texts(decode(printer.data)) == ["A001", "A002"]  # k2's ticket is not this agent's business

        def printed() -> list:
            import sqlite3 as sql

            with sql.connect(f"{data}/xephang.db") as db:
                return db.execute("SELECT status FROM print_jobs WHERE kiosk = 'k1' ORDER BY id").fetchall()

        wait_until(lambda: printed() == [("printed",), ("printed",)], what="both acknowledged by the agent")
        manager.post(f"{server.url}/api/admin/devices/{confirmed.json()['id']}/revoke").raise_for_status()
        # Revoking closes the agent's socket on the server (and a reconnection would be refused).
        wait_until(lambda: any("disconnected from" in line for line in output), what="the agent cut off")
        manager.post(server.url + "/api/tickets", json={"service": "C", "kiosk": "k1"})
        assert texts(decode(printer.data)) == ["A001", "A002"]  # revoked: cut off, C001 waits for a paired printer
        import sqlite3

        with sqlite3.connect(f"{data}/xephang.db") as db:
            assert db.execute(
                "SELECT t.number, j.status FROM print_jobs j JOIN tickets t ON t.id = j.ticket_id"
                " WHERE j.kiosk = 'k1' ORDER BY j.id"
            ).fetchall() == [("A001", "printed"), ("A002", "printed"), ("C001", "pending")]
    finally:
        agent.terminate()
        agent.wait(10)
        printer.stop()
        server.stop()
