"""Getting bytes to a printer, chosen by URL, and reading its status (paper out, cover open, offline).

    preview://tickets                 files <name>.bin and <name>.png (relative to the data folder)
    usb://04b8:0202                   python-escpos over libusb
    serial:///dev/ttyUSB0?baudrate=19200   pyserial; also serial://loop:// or serial://socket://host:port
    tcp://192.168.1.50:9100           raw TCP (JetDirect), the usual network printer
    file:///dev/usb/lp0               a device file (Linux usblp)

Every transport has timeouts: a slow or stuck printer raises PrinterError, it never hangs the caller.
Status is read with DLE EOT where the connection is two-way (serial, tcp, usb), unless the URL says
`?status=none`: for printers that never answer it (many cheap serial models, lines wired TX only).
"""

from __future__ import annotations

import errno
import os
import select
import socket
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from printer.layout import Profile, profile_from_name

READY, PAPER_OUT, PAPER_LOW, COVER_OPEN, OFFLINE, UNKNOWN = (
    "ready",
    "paper_out",
    "paper_low",
    "cover_open",
    "offline",
    "unknown",
)
DLE_EOT = b"\x10\x04"
NO_STATUS_ANSWER = "no answer to the status request (DLE EOT)"
STATUS_MODES = ("dle", "none")


class PrinterError(Exception):
    """A print that did not happen; `state` is one of paper_out, cover_open, offline, timeout, error."""

    def __init__(self, state: str, detail: str = ""):
        super().__init__(f"{state}: {detail}" if detail else state)
        self.state = state
        self.detail = detail


def status_from_bytes(printer: int | None, offline_cause: int | None, paper: int | None) -> str:
    """Interpret the answers to DLE EOT 1, 2 and 4 (Epson ESC/POS); None = no answer."""
    if printer is None:
        return OFFLINE
    if offline_cause is not None and offline_cause & 0x04:
        return COVER_OPEN
    if (paper is not None and paper & 0x60) or (offline_cause is not None and offline_cause & 0x20):
        return PAPER_OUT
    if printer & 0x08:
        return OFFLINE
    if paper is not None and paper & 0x0C:
        return PAPER_LOW
    return READY


def is_status_byte(byte: int) -> bool:
    """An answer to DLE EOT n has the fixed bits 0xx1xx10; anything else (an echo, line noise) is none."""
    return byte & 0x93 == 0x12


class Transport:
    url: str = ""
    profile: Profile
    two_way = False
    unanswered = False  # the line opened, but the printer did not answer the last status request

    def send(self, data: bytes, name: str = "ticket") -> None:
        raise NotImplementedError

    def status(self) -> str:
        """ready, paper_low, paper_out, cover_open, offline, or unknown for one-way connections."""
        return UNKNOWN

    def close(self) -> None:
        pass

    def check_ready(self) -> None:
        """Refuse to send into a printer known not to print: the job would wait inside it, then print twice."""
        state = self.status()
        if state in (PAPER_OUT, COVER_OPEN, OFFLINE):
            raise PrinterError(state, NO_STATUS_ANSWER if self.unanswered else "")

    def print_job(self, data: bytes, name: str = "ticket") -> str:
        """Check, send, check again; return the status after printing or raise PrinterError."""
        if self.two_way:
            self.check_ready()
        self.send(data, name)
        if not self.two_way:
            return UNKNOWN
        state = self.status()
        if state in (PAPER_OUT, COVER_OPEN, OFFLINE):
            raise PrinterError(state, "after sending")  # the ticket may be cut short: reprint it
        return state


class _Queried(Transport):
    """Two-way connections: DLE EOT n, one status byte back."""

    two_way = True

    def _exchange(self, data: bytes, timeout: float) -> bytes | None:
        raise NotImplementedError

    def status(self) -> str:
        self.unanswered = False
        if not self.two_way:  # ?status=none: never asked
            return UNKNOWN
        try:
            answers: list[int | None] = []
            for n in (1, 2, 4):
                raw = self._exchange(DLE_EOT + bytes([n]), timeout=1.0)
                answers.append(raw[0] if raw and is_status_byte(raw[0]) else None)
                if answers[-1] is None:
                    self.unanswered = n == 1
                    break
            answers += [None] * (3 - len(answers))
            return status_from_bytes(*answers)
        except (OSError, PrinterError):
            return OFFLINE


class PreviewTransport(Transport):
    """The embedded default: each ticket's exact bytes as <name>.bin and what it would look like as <name>.png."""

    def __init__(self, folder: str, profile: Profile, url: str = ""):
        self.folder = Path(folder)
        self.profile = profile
        self.url = url

    def send(self, data: bytes, name: str = "ticket") -> None:
        from printer.escpos_render import draw

        self.folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(c for c in name if c.isalnum() or c in "-_") or "ticket"
        tmp = self.folder / f".{safe}.bin.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, self.folder / f"{safe}.bin")
        draw(data, self.profile.width_dots).save(self.folder / f".{safe}.png.tmp", format="PNG")
        os.replace(self.folder / f".{safe}.png.tmp", self.folder / f"{safe}.png")

    def status(self) -> str:
        return READY if os.access(self.folder if self.folder.exists() else self.folder.parent, os.W_OK) else OFFLINE


class TcpTransport(_Queried):
    def __init__(self, host: str, port: int, profile: Profile, timeout: float = 10.0, url: str = ""):
        self.host, self.port, self.timeout = host, port, timeout
        self.profile = profile
        self.url = url
        self._sock: socket.socket | None = None

    def _connect(self) -> socket.socket:
        if self._sock is None:
            try:
                self._sock = socket.create_connection((self.host, self.port), timeout=min(self.timeout, 5.0))
            except OSError as exc:
                raise PrinterError(OFFLINE, str(exc)) from exc
            self._sock.settimeout(self.timeout)
        return self._sock

    def _exchange(self, data: bytes, timeout: float) -> bytes | None:
        sock = self._connect()
        try:
            sock.sendall(data)
            sock.settimeout(timeout)
            try:
                got = sock.recv(1)
            except TimeoutError:
                return None
            if not got:
                self.close()
                raise PrinterError(OFFLINE, "connection closed")
            return got
        finally:
            if self._sock is not None:
                self._sock.settimeout(self.timeout)

    def send(self, data: bytes, name: str = "ticket") -> None:
        sock = self._connect()
        try:
            sock.sendall(data)
        except TimeoutError as exc:
            self.close()
            raise PrinterError("timeout", f"printer did not take the data in {self.timeout}s") from exc
        except OSError as exc:
            self.close()
            raise PrinterError(OFFLINE, str(exc)) from exc

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None


class SerialTransport(_Queried):
    def __init__(
        self, port: str, profile: Profile, baudrate: int = 9600, timeout: float = 10.0, url: str = "", **options: object
    ):
        self.port, self.baudrate, self.timeout, self.options = port, baudrate, timeout, options
        self.profile = profile
        self.url = url
        self._serial = None

    def _open(self):
        import serial

        if self._serial is None:
            try:
                self._serial = serial.serial_for_url(
                    self.port, baudrate=self.baudrate, timeout=1.0, write_timeout=self.timeout, **self.options
                )
            except (serial.SerialException, ValueError, OSError) as exc:
                raise PrinterError(OFFLINE, str(exc)) from exc
        return self._serial

    def _exchange(self, data: bytes, timeout: float) -> bytes | None:
        import serial

        port = self._open()
        try:
            port.reset_input_buffer()
            port.write(data)
            port.timeout = timeout
            got = port.read(1)
        except serial.SerialException as exc:
            self.close()
            raise PrinterError(OFFLINE, str(exc)) from exc
        return got or None

    def send(self, data: bytes, name: str = "ticket") -> None:
        import serial

        port = self._open()
        try:
            # Write in slices so a long image on a slow line reports progress against the timeout.
            deadline = time.monotonic() + self.timeout + len(data) * 10 / self.baudrate
            for start in range(0, len(data), 1024):
                if time.monotonic() > deadline:
                    raise PrinterError("timeout", "serial line too slow or blocked")
                port.write(data[start : start + 1024])
            port.flush()
        except serial.SerialTimeoutException as exc:
            self.close()
            raise PrinterError("timeout", str(exc)) from exc
        except serial.SerialException as exc:
            self.close()
            raise PrinterError(OFFLINE, str(exc)) from exc

    def close(self) -> None:
        if self._serial is not None:
            try:
                self._serial.close()
            finally:
                self._serial = None


class FileTransport(Transport):
    """A device file such as /dev/usb/lp0: written without blocking, with a deadline."""

    def __init__(self, path: str, profile: Profile, timeout: float = 10.0, url: str = ""):
        self.path, self.timeout = path, timeout
        self.profile = profile
        self.url = url

    def send(self, data: bytes, name: str = "ticket") -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK | (0 if Path(self.path).exists() else os.O_CREAT))
        except OSError as exc:
            raise PrinterError(OFFLINE, str(exc)) from exc
        try:
            view, deadline = memoryview(data), time.monotonic() + self.timeout
            while view:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PrinterError("timeout", f"device did not take the data in {self.timeout}s")
                _, ready, _ = select.select([], [fd], [], left)
                if not ready:
                    continue
                try:
                    view = view[os.write(fd, view) :]
                except BlockingIOError:
                    continue
                except OSError as exc:
                    if exc.errno in (errno.EAGAIN,):
                        continue
                    raise PrinterError(OFFLINE, str(exc)) from exc
        finally:
            os.close(fd)

    def status(self) -> str:
        return READY if os.access(self.path, os.W_OK) else OFFLINE


class UsbTransport(_Queried):
    def __init__(self, vendor: int, product: int, profile: Profile, timeout: float = 10.0, url: str = ""):
        self.vendor, self.product, self.timeout = vendor, product, timeout
        self.profile = profile
        self.url = url
        self._printer: Any = None

    def _open(self):
        if self._printer is None:
            from escpos.printer import Usb

            try:
                self._printer = Usb(self.vendor, self.product, timeout=int(self.timeout * 1000))
                self._printer.open()
            except Exception as exc:  # pyusb raises many kinds: no device, no permission, busy
                self._printer = None
                raise PrinterError(OFFLINE, str(exc)) from exc
        return self._printer

    def _exchange(self, data: bytes, timeout: float) -> bytes | None:
        printer = self._open()
        try:
            printer._raw(data)
            got = printer._read()
        except Exception as exc:
            self.close()
            raise PrinterError(OFFLINE, str(exc)) from exc
        return bytes(got[:1]) if got else None

    def send(self, data: bytes, name: str = "ticket") -> None:
        printer = self._open()
        try:
            printer._raw(data)
        except Exception as exc:
            self.close()
            raise PrinterError(OFFLINE, str(exc)) from exc

    def close(self) -> None:
        if self._printer is not None:
            try:
                self._printer.close()
            except Exception:
                pass
            self._printer = None


def url_options(url: str) -> dict[str, str]:
    """The query of a printer URL; a '+' stays a '+' (`?profile=58mm+rasterqr`), it is not a space here."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query.replace("+", "%2B")).items()}


def from_url(url: str, data_dir: str = ".", default_profile: str = "80mm") -> Transport:
    """The transport for a printer URL; `?profile=58mm` picks the paper and abilities (default 80mm),
    `?status=none` prints without asking the printer's state first."""
    status = url_options(url).get("status", "dle")
    if status not in STATUS_MODES:
        raise ValueError(f"printer URL {url!r}: status is dle (ask the printer, the default) or none")
    transport = _transport(url, data_dir, default_profile)
    if status == "none":
        transport.two_way = False
    return transport


def _transport(url: str, data_dir: str, default_profile: str) -> Transport:
    parts = urlsplit(url)
    query = url_options(url)
    profile = profile_from_name(query.pop("profile", default_profile))
    timeout = float(query.pop("timeout", 10))
    scheme = parts.scheme
    if scheme == "preview":
        folder = parts.netloc + parts.path
        return PreviewTransport(folder if os.path.isabs(folder) else os.path.join(data_dir, folder), profile, url)
    if scheme == "tcp":
        if not parts.hostname:
            raise ValueError(f"printer URL {url!r} needs a host")
        return TcpTransport(parts.hostname, parts.port or 9100, profile, timeout, url)
    if scheme == "serial":
        rest = url[len("serial://") :].split("?")[0]
        baudrate = int(query.pop("baudrate", 9600))
        return SerialTransport(rest, profile, baudrate=baudrate, timeout=timeout, url=url)
    if scheme == "file":
        return FileTransport(parts.path, profile, timeout, url)
    if scheme == "usb":
        try:
            vendor, product = (int(x, 16) for x in parts.netloc.split(":"))
        except ValueError as exc:
            raise ValueError(f"printer URL {url!r}: expected usb://VID:PID in hex, e.g. usb://04b8:0202") from exc
        return UsbTransport(vendor, product, profile, timeout, url)
    raise ValueError(f"unknown printer URL {url!r}: use preview://, usb://, serial://, tcp:// or file://")
