"""Socket.IO room names, made in one place."""

ALL_DISPLAYS = "display:*"


def counter(number: int) -> str:
    return f"counter:{number}"


def display(group: str) -> str:
    return f"display:{group}"


def ticket(token: str) -> str:
    return f"ticket:{token}"


def printer(kiosk: str) -> str:
    return f"printer:{kiosk}"


def device(device_id: int) -> str:
    return f"device:{device_id}"
