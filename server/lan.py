"""The address citizens' phones reach this server at: `public_url`, else the LAN address, never loopback.

A small centre runs the kiosk's browser on the server's own PC, so the kiosk opens `http://127.0.0.1:8080`;
a QR built from that address opens nothing on a phone. Without `public_url`, a loopback address is replaced
by the address of the interface the default route leaves by (the hall's network). Standard library only.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urlsplit, urlunsplit

_PROBE = ("192.0.2.1", 9)  # TEST-NET-1: connecting a UDP socket only asks the routing table; nothing is sent
_cache: dict[str, tuple[float, str | None]] = {}
_TTL_S = 60.0  # a DHCP lease may change the address while the server runs


def is_loopback(url: str) -> bool:
    """True when `url`'s host is this machine only (127.x, ::1, localhost) or missing: no phone can open it."""
    host = urlsplit(url).hostname or ""
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False  # a name: the centre's DNS decides


def served_to_phones(host: str, public_url: str = "", behind_proxy: bool = False) -> bool:
    """Whether a phone on the hall's network can reach this server at all: it listens beyond this machine (every
    interface, or a LAN address), or `public_url` or a proxy stands in front of it. A server on 127.0.0.1 alone
    prints the LAN address in its QR codes (phone_base), which nothing answers."""
    if public_url or behind_proxy or host in ("", "0.0.0.0", "::"):
        return True
    return not is_loopback(f"http://[{host}]" if ":" in host else f"http://{host}")


def lan_address() -> str | None:
    """This machine's address on the network its default route reaches, or None (no network, or loopback only)."""
    cached = _cache.get("ip")
    if cached and time.monotonic() - cached[0] < _TTL_S:
        return cached[1]
    address: str | None = None
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address = probe.getsockname()[0]
    except OSError:
        address = None
    if address and ipaddress.ip_address(address).is_loopback:
        address = None
    _cache["ip"] = (time.monotonic(), address)
    return address


def phone_base(host_url: str, public_url: str = "", lan: str | None = None) -> str:
    """The base URL (no trailing slash) printed in tickets' QR codes: `public_url` if set; else the address the
    kiosk used, with a loopback host replaced by the LAN address `lan` (the port kept)."""
    if public_url:
        return public_url.rstrip("/")
    parts = urlsplit(host_url)
    if is_loopback(host_url) and lan:
        netloc = lan + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts._replace(path="", query="", fragment="")).rstrip("/")
