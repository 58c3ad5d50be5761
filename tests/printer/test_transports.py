"""Transports against real endpoints (TCP listener, pseudo-terminal, files), with injected faults."""

import os
import time

import pytest

from printer.escpos_render import decode
from printer.layout import PROFILES, render_ticket
from printer.transports import (
    FileTransport,
    PreviewTransport,
    PrinterError,
    SerialTransport,
    TcpTransport,
    UsbTransport,
    from_url,
    status_from_bytes,
)
from tests.helpers import wait_until
from tests.printer.fake_printer import PtyPrinter, TcpPrinter
from tests.printer.samples import TICKET

JOB = render_ticket(TICKET, PROFILES["80mm"])


@pytest.fixture
def tcp_printer():
    printer = TcpPrinter()
    yield printer
    printer.stop()


@pytest.fixture
def pty_printer():
    printer = PtyPrinter()
    yield printer
    printer.stop()


# ---------------------------------------------------------------- status bytes


@pytest.mark.parametrize(
    "answers,state",
    [
        ((0x16, 0x12, 0x12), "ready"),
        ((0x16, 0x12, 0x1E), "paper_low"),
        ((0x1E, 0x32, 0x72), "paper_out"),
        ((0x1E, 0x16, 0x12), "cover_open"),
        ((0x1E, 0x12, 0x12), "offline"),
        ((None, None, None), "offline"),
    ],
)
def test_dle_eot_answers_map_to_printer_states(answers, state):
    assert status_from_bytes(*answers) == state


# ---------------------------------------------------------------- network (port 9100)


def test_network_printer_receives_the_exact_job(tcp_printer):
    transport = from_url(tcp_printer.url)
    assert transport.print_job(JOB, "B015") == "ready"
    wait_until(lambda: len(tcp_printer.data) == len(JOB))
    assert tcp_printer.data == JOB
    transport.close()


def test_network_printer_out_of_paper_is_refused_before_sending(tcp_printer):
    tcp_printer.state = "paper_out"
    transport = from_url(tcp_printer.url)
    with pytest.raises(PrinterError) as info:
        transport.print_job(JOB)
    assert info.value.state == "paper_out"
    assert tcp_printer.data == b""  # nothing left waiting inside the printer to print twice later


def test_network_printer_running_out_mid_job_reports_paper_out(tcp_printer):
    tcp_printer.paper_out_after_job = True
    with pytest.raises(PrinterError) as info:
        from_url(tcp_printer.url).print_job(JOB)
    assert (info.value.state, info.value.detail) == ("paper_out", "after sending")


def test_network_printer_with_cover_open(tcp_printer):
    tcp_printer.state = "cover_open"
    assert from_url(tcp_printer.url).status() == "cover_open"


def test_network_printer_hanging_up_mid_job_is_offline(tcp_printer):
    tcp_printer.drop_after = 2000
    transport = TcpTransport("127.0.0.1", tcp_printer.port, PROFILES["80mm"], timeout=2)
    with pytest.raises(PrinterError) as info:
        transport.print_job(JOB)
    assert info.value.state in ("offline", "timeout")


def test_very_slow_network_printer_times_out_instead_of_hanging(tcp_printer):
    tcp_printer.delay_per_kb = 5.0  # 5 s per KiB: the 15 KiB ticket would take over a minute
    transport = TcpTransport("127.0.0.1", tcp_printer.port, PROFILES["80mm"], timeout=1.0)
    big = JOB * 1000  # 15 MB: more than the socket buffers can hide
    started = time.monotonic()
    with pytest.raises(PrinterError) as info:
        transport.send(big)
    assert info.value.state == "timeout"
    assert time.monotonic() - started < 10


def test_unreachable_network_printer_is_offline():
    from tests.helpers import free_port

    with pytest.raises(PrinterError) as info:
        from_url(f"tcp://127.0.0.1:{free_port()}").print_job(JOB)
    assert info.value.state == "offline"


def test_printer_that_never_answers_status_is_offline(tcp_printer):
    tcp_printer.silent = True
    assert from_url(tcp_printer.url).status() == "offline"


# ---------------------------------------------------------------- serial (pseudo-terminal and loop://)


@pytest.mark.parametrize("baudrate", [9600, 19200, 115200])
def test_serial_printer_receives_the_exact_job_at_any_baud_rate(pty_printer, baudrate):
    transport = from_url(pty_printer.url(baudrate))
    assert isinstance(transport, SerialTransport) and transport.baudrate == baudrate
    assert transport.print_job(JOB, "B015") == "ready"
    wait_until(lambda: len(pty_printer.data) == len(JOB))
    assert pty_printer.data == JOB
    transport.close()


def test_serial_printer_out_of_paper(pty_printer):
    pty_printer.state = "paper_out"
    with pytest.raises(PrinterError) as info:
        from_url(pty_printer.url()).print_job(JOB)
    assert info.value.state == "paper_out"
    assert pty_printer.data == b""


def test_serial_printer_unplugged_mid_job(pty_printer):
    pty_printer.drop_after = 1000
    transport = from_url(pty_printer.url() + "&timeout=2")
    with pytest.raises(PrinterError) as info:
        transport.print_job(JOB)
        transport.print_job(JOB)  # the second job meets the closed line at the latest
    assert info.value.state in ("offline", "timeout")


def test_serial_device_that_does_not_exist_is_offline():
    with pytest.raises(PrinterError) as info:
        from_url("serial:///dev/ttyNOPE9?baudrate=19200").print_job(JOB)
    assert info.value.state == "offline"


def test_serial_loop_url_carries_the_bytes():
    transport = from_url("serial://loop://?baudrate=19200")
    job = JOB[:600]  # pyserial's loop buffer is small
    transport.send(job)
    port = transport._serial
    port.timeout = 1
    assert port.read(len(job)) == job
    transport.close()


# ---------------------------------------------------------------- files and preview


def test_preview_writes_the_exact_bytes_and_a_picture(tmp_path):
    transport = from_url("preview://tickets", data_dir=str(tmp_path))
    assert isinstance(transport, PreviewTransport)
    transport.print_job(JOB, "B015")
    assert (tmp_path / "tickets/B015.bin").read_bytes() == JOB
    from PIL import Image

    picture = Image.open(tmp_path / "tickets/B015.png")
    assert picture.width == 576 and picture.height > 600
    assert sorted(os.listdir(tmp_path / "tickets")) == ["B015.bin", "B015.png"]


def test_device_file_gets_the_bytes(tmp_path):
    target = tmp_path / "lp0"
    target.write_bytes(b"")
    FileTransport(str(target), PROFILES["80mm"]).print_job(JOB)
    assert target.read_bytes() == JOB


def test_device_nobody_reads_times_out_or_is_offline(tmp_path):
    fifo = tmp_path / "stuck"
    os.mkfifo(fifo)  # a writer with no reader: like a printer that takes nothing
    with pytest.raises(PrinterError) as info:
        FileTransport(str(fifo), PROFILES["80mm"], timeout=0.5).print_job(JOB)
    assert info.value.state in ("offline", "timeout")


def test_usb_printer_absent_is_offline():
    transport = from_url("usb://04b8:0202")
    assert isinstance(transport, UsbTransport)
    with pytest.raises(PrinterError) as info:
        transport.print_job(JOB)
    assert info.value.state == "offline"


@pytest.mark.parametrize("url", ["lpt://1", "tcp://", "usb://epson", "nonsense"])
def test_bad_printer_urls_are_refused_with_the_reason(url):
    with pytest.raises(ValueError) as info:
        from_url(url)
    assert url in str(info.value)


def test_profile_comes_from_the_url():
    assert from_url("tcp://10.0.0.5:9100?profile=58mm").profile == PROFILES["58mm"]
    assert decode(JOB)[0].kind == "init"


def test_very_slow_serial_printer_times_out_instead_of_hanging(pty_printer):
    pty_printer.delay_per_kb = 5.0
    transport = SerialTransport(pty_printer.device, PROFILES["80mm"], baudrate=115200, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(PrinterError) as info:
        transport.send(JOB * 50)  # far more than the line's buffers hold
    assert info.value.state == "timeout"
    assert time.monotonic() - started < 10
    transport.close()
