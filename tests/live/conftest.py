import pytest

from tests.helpers import LiveServer


@pytest.fixture
def start_server(tmp_path):
    """Start live servers on one data folder; all are stopped at the end of the test."""
    started: list[LiveServer] = []

    def start(mode: str = "eventlet", data_dir: str | None = None) -> LiveServer:
        server = LiveServer(data_dir or str(tmp_path / "var"), mode=mode).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
