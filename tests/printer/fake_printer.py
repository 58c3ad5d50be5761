"""A printer at the other end of a real TCP socket or pseudo-terminal: records jobs, answers DLE EOT."""

from __future__ import annotations

import os
import select
import socket
import threading
import time

# Epson status bytes for DLE EOT 1, 2 and 4 in each state.
STATES = {
    "ready": {1: 0x16, 2: 0x12, 4: 0x12},
    "paper_low": {1: 0x16, 2: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1E, 2: 0x32, 4: 0x72},
    "cover_open": {1: 0x1E, 2: 0x16, 4: 0x12},
    "offline": {1: 0x1E, 2: 0x12, 4: 0x12},
}
QUERIES = {b"\x10\x04" + bytes([n]): n for n in (1, 2, 4)}


class FakePrinter:
    """Knobs: `state`; `silent` (answers no query); `drop_after` bytes (hangs up mid-job);
    `delay_per_kb` seconds (a very slow device); `paper_out_after_job` (runs out while printing)."""

    def __init__(self) -> None:
        self.received = bytearray()
        self.queries = 0  # status requests (DLE EOT) seen, answered or not
        self.state = "ready"
        self.silent = False
        self.drop_after: int | None = None
        self.delay_per_kb = 0.0
        self.paper_out_after_job = False
        self._stop = threading.Event()

    @property
    def data(self) -> bytes:
        """What would have printed: everything but status queries."""
        return bytes(self.received)

    def handle(self, chunk: bytes) -> bytes | None:
        """Take bytes from the line; return the answer to send back, if any. False = hang up."""
        for query, n in QUERIES.items():
            if chunk.endswith(query):
                self.queries += 1
                self._take(chunk[: -len(query)])
                return None if self.silent else bytes([STATES[self.state][n]])
        self._take(chunk)
        return None

    def _take(self, data: bytes) -> None:
        if not data:
            return
        if self.delay_per_kb:
            time.sleep(self.delay_per_kb * len(data) / 1024)
        self.received += data
        if self.paper_out_after_job and b"\x1dV" in data:
            self.state = "paper_out"

    def hang_up_now(self) -> bool:
        return self.drop_after is not None and len(self.received) >= self.drop_after

    def stop(self) -> None:
        self._stop.set()


class TcpPrinter(FakePrinter):
    """Listens on 127.0.0.1 and a free port, one connection at a time."""

    def __init__(self) -> None:
        super().__init__()
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a printer's small buffer
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(5)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            conn.settimeout(0.2)
            with conn:
                while not self._stop.is_set():
                    try:
                        # A slow device takes little at a time.
                        chunk = conn.recv(256 if self.delay_per_kb else 65536)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not chunk:
                        break
                    answer = self.handle(chunk)
                    if self.hang_up_now():
                        break
                    if answer:
                        conn.sendall(answer)

    def stop(self) -> None:
        super().stop()
        self.thread.join(5)
        self.server.close()


class PtyPrinter(FakePrinter):
    """A serial printer behind a pseudo-terminal: the transport opens `device` like /dev/ttyUSB0."""

    def __init__(self) -> None:
        super().__init__()
        import tty

        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.device = os.ttyname(slave)
        self._slave = slave
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, baudrate: int = 19200) -> str:
        return f"serial://{self.device}?baudrate={baudrate}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 256 if self.delay_per_kb else 65536)
            except OSError:
                break
            answer = self.handle(chunk)
            if self.hang_up_now():
                os.close(self.master)
                os.close(self._slave)
                return
            if answer:
                os.write(self.master, answer)

    def stop(self) -> None:
        super().stop()
        self.thread.join(5)
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass
