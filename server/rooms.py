"""Socket.IO room names, made in one place."""

ALL_DISPLAYS = "display:*"
LIVE_DASHBOARD = "admin:live"  # the managers' live dashboards: the hall's every change (other admin pages are not in)


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
