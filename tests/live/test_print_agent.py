"""`xephang print-agent` on a kiosk PC: jobs reach the agent's local printer; its status reaches the server."""

import os
import subprocess
import sys
import time

import pytest
import requests

from printer.escpos_render import decode, texts
from tests.helpers import ROOT, Listener, LiveServer
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
        [sys.executable, "-m", "server.cli", "print-agent", "--server", server.url, "--printer", printer_url,
         "--kiosk", kiosk, "--key", key], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_until(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


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
        assert (failures[1]["number"], failures[1]["status"], failures[1]["error"]) == ("C001", "retrying",
                                                                                      "paper_out")
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
