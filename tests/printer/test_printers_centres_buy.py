"""Printers centres really buy: models that never answer the status request, and profile flags in a URL."""

from dataclasses import replace

import pytest

from printer.agent import PrintAgent
from printer.escpos_render import decode, texts
from printer.layout import PROFILES, render_ticket
from printer.transports import NO_STATUS_ANSWER, PrinterError, from_url
from server.cli import main
from server.services.print_jobs import sample_text
from tests.helpers import wait_until
from tests.printer.fake_printer import PtyPrinter, TcpPrinter
from tests.printer.samples import TICKET

JOB = render_ticket(TICKET, PROFILES["58mm"])


def silent(kind):
    """A printer that prints and never answers: a serial model without DLE EOT, or one wired TX only."""
    printer = kind()
    printer.silent = True
    yield printer
    printer.stop()


@pytest.fixture
def mute_serial():
    yield from silent(PtyPrinter)


@pytest.fixture
def mute_network():
    yield from silent(TcpPrinter)


def test_a_printer_that_never_answers_is_refused_with_the_reason_unless_status_none(mute_serial):
    with pytest.raises(PrinterError) as info:
        from_url(mute_serial.url()).print_job(JOB)
    assert (info.value.state, info.value.detail, mute_serial.data) == ("offline", NO_STATUS_ANSWER, b"")
    asked = mute_serial.queries
    transport = from_url(mute_serial.url() + "&status=none")
    assert transport.print_job(JOB, "B015") == "unknown"
    wait_until(lambda: len(mute_serial.data) == len(JOB))
    assert (mute_serial.data, mute_serial.queries) == (JOB, asked)  # the job, and not one more question
    assert transport.status() == "unknown"
    transport.close()


def test_status_none_on_a_network_printer_sends_no_question_at_all(mute_network):
    transport = from_url(mute_network.url + "?status=none&profile=58mm")
    assert transport.print_job(JOB) == "unknown"
    wait_until(lambda: len(mute_network.data) == len(JOB))
    assert (mute_network.data, mute_network.queries) == (JOB, 0)
    transport.close()


def test_an_echo_on_the_line_is_not_a_status_answer():
    """pyserial's loop:// sends every byte back: DLE EOT 1 comes back as 0x10, which no printer answers."""
    transport = from_url("serial://loop://?baudrate=19200")
    assert (transport.status(), transport.unanswered) == ("offline", True)
    transport.close()
    transport = from_url("serial://loop://?baudrate=19200&status=none")
    job = JOB[:600]  # pyserial's loop buffer is small
    assert transport.print_job(job) == "unknown"
    port = transport._serial
    port.timeout = 1
    assert port.read(len(job)) == job
    transport.close()


def test_a_status_mode_other_than_dle_or_none_is_refused():
    with pytest.raises(ValueError, match="status is dle .* or none"):
        from_url("tcp://10.0.0.5:9100?status=off")


@pytest.mark.parametrize(
    "url",
    [
        "tcp://10.0.0.5:9100?profile=58mm+rasterqr",
        "tcp://10.0.0.5:9100?profile=58mm%2Brasterqr",
        "serial:///dev/ttyUSB0?baudrate=9600&profile=58mm+rasterqr&status=none",
    ],
)
def test_profile_flags_in_a_url_are_read_as_documented(url):
    assert from_url(url).profile == replace(PROFILES["58mm"], native_qr=False)


def test_the_print_agent_tells_the_server_the_whole_profile():
    agent = PrintAgent("http://127.0.0.1:1", "tcp://10.0.0.5:9100?profile=80mm+rasterqr+rasternumber")
    assert agent.profile == "80mm+rasterqr+rasternumber"


@pytest.mark.parametrize(
    "lang,lines",
    [
        (
            "en",
            [
                "NOT PRINTED: offline",
                "no status answer — try ?status=none: {url}&status=none"
                " (if the printer is on, has paper and its cover is shut)",
            ],
        ),
        (
            "vi",
            [
                "CHƯA IN: mất kết nối",
                "máy in không trả lời lệnh hỏi trạng thái — hãy thử ?status=none: {url}&status=none"
                " (nếu máy đang bật, còn giấy và nắp đã đóng)",
            ],
        ),
    ],
)
def test_print_test_says_try_status_none_when_the_printer_never_answers(mute_serial, capsys, lang, lines):
    url = mute_serial.url(9600)
    assert main(["print-test", "--printer", url, "--lang", lang]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [line.format(url=url) for line in lines]
    assert mute_serial.data == b""


def test_print_test_with_status_none_prints_and_says_the_state_was_not_asked(mute_serial, capsys):
    assert main(["print-test", "--printer", mute_serial.url(115200) + "&status=none", "--lang", "vi"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert (lines[0], err) == ("Trạng thái máy in trước khi in: không hỏi (?status=none)", "")
    assert lines[2].endswith("trạng thái máy in sau khi in: không hỏi (?status=none)")
    sample = render_ticket(sample_text("vi"), PROFILES["80mm"])
    wait_until(lambda: len(mute_serial.data) == len(sample))
    assert (mute_serial.data, mute_serial.queries) == (sample, 0)


def test_print_test_does_not_blame_the_status_request_for_a_missing_device(capsys):
    assert main(["print-test", "--printer", "serial:///dev/ttyNOPE9", "--lang", "en"]) == 1
    assert "status=none" not in capsys.readouterr().err


def test_the_worker_prints_a_kiosk_ticket_on_a_printer_that_never_answers(make_app, mute_network):
    app = make_app(printer=mute_network.url + "?status=none&profile=58mm", print_attempts=1)
    hub, client = app.extensions["xephang"], app.test_client()
    client.post("/api/tickets", json={"service": "A", "kiosk": "main"})
    hub.printing.run_pending()
    db = hub.connect()
    assert db.execute("SELECT status, error FROM print_jobs").fetchall() == [("printed", None)]
    db.close()
    wait_until(lambda: mute_network.data.endswith(b"\x1dV\x00"))  # up to the cut
    assert (texts(decode(mute_network.data)), mute_network.queries) == (["A001"], 0)
    assert client.get("/api/state").json["printers"]["main"]["state"] == "ready"
