"""The fixed ticket the golden files were made from. Regenerate them with `python -m tests.printer.samples`."""

from pathlib import Path

from printer.layout import PROFILES, Line, TicketText, render_ticket

GOLDEN = Path(__file__).resolve().parent / "golden"

TICKET = TicketText(
    header=(Line("UBND XÃ AN BÌNH", 24, True), Line("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", 24, True)),
    service=Line("Hộ tịch – Chứng thực", 34, True),
    number="B015",
    body=(
        Line("Số người đang chờ trước bạn: 4", 26),
        Line("Quầy phục vụ: 2, 3", 26),
        Line("Lấy số lúc 08:05 ngày 23/11/2026", 22),
        Line("Vui lòng chú ý màn hình và loa gọi số", 22),
    ),
    qr_url="http://192.168.1.10:8080/t/ZG4nU4B_NnZAWoI3_Dt98Q",
    footer=(Line("Đường dây nóng: 1900 0000", 22), Line("Số thứ tự chỉ có giá trị trong ngày", 22, True)),
)

PAPERS = ("80mm", "58mm")


# Lines whose reference renders are kept as PNGs (looked at by a person when regenerated).
REFERENCE_LINES = {"service": TICKET.service, "ahead": TICKET.body[0]}


def regenerate() -> None:
    from printer.layout import raster_lines

    GOLDEN.mkdir(exist_ok=True)
    for paper in PAPERS:
        profile = PROFILES[paper]
        (GOLDEN / f"ticket-{paper}.bin").write_bytes(render_ticket(TICKET, profile))
        for name, line in REFERENCE_LINES.items():
            [image] = raster_lines(line, profile.width_dots)
            image.save(GOLDEN / f"{name}-line-{paper}.png")


if __name__ == "__main__":
    regenerate()
