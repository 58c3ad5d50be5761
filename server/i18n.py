"""The one translation mechanism: every user-facing string is a key here, Vietnamese first, English too."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

CATALOG: dict[str, dict[str, str]] = {
    # API errors: the message next to each machine-readable code.
    "error.bad_request": {"vi": "Yêu cầu không hợp lệ: {detail}", "en": "Bad request: {detail}"},
    "error.body_too_large": {"vi": "Dữ liệu gửi lên quá lớn.", "en": "Request body too large."},
    "error.not_found": {"vi": "Không tìm thấy.", "en": "Not found."},
    "error.unknown_service": {"vi": "Không có lĩnh vực {service}.", "en": "There is no service {service}."},
    "error.unknown_priority": {"vi": "Không có đối tượng ưu tiên {priority}.",
                               "en": "There is no priority category {priority}."},
    "error.unknown_ticket": {"vi": "Không có số thứ tự này.", "en": "There is no such ticket."},
    "error.unknown_counter": {"vi": "Không có quầy số {counter}.", "en": "There is no counter {counter}."},
    "error.service_closed": {"vi": "Lĩnh vực {service} hiện không tiếp nhận.",
                             "en": "Service {service} is not taking tickets now."},
    "error.outside_hours": {"vi": "Ngoài giờ làm việc của lĩnh vực {service}.",
                            "en": "Outside the opening hours of service {service}."},
    "error.sold_out": {"vi": "Lĩnh vực {service} đã hết số hôm nay.",
                       "en": "Service {service} has given out all of today's numbers."},
    "error.illegal_transition": {"vi": "Không thể {action} số thứ tự đang ở trạng thái {status}.",
                                 "en": "Cannot {action} a ticket that is {status}."},
    "error.ticket_expired": {"vi": "Số thứ tự này thuộc ngày khác.", "en": "This ticket belongs to another day."},
    "error.counter_busy": {"vi": "Quầy {counter} đang phục vụ số {number}: "
                                 "hãy hoàn thành hoặc đánh dấu vắng mặt trước.",
                           "en": "Counter {counter} is still on {number}: finish it or mark a no-show first."},
    "error.counter_closed": {"vi": "Quầy {counter} chưa mở.", "en": "Counter {counter} is not open."},
    "error.counter_paused": {"vi": "Quầy {counter} đang tạm nghỉ.", "en": "Counter {counter} is paused."},
    "error.counter_taken": {"vi": "Quầy {counter} đang do cán bộ khác phụ trách.",
                            "en": "Counter {counter} is held by another clerk."},
    "error.not_your_counter": {"vi": "Bạn không phụ trách quầy {counter}.", "en": "You do not hold counter {counter}."},
    "error.not_your_ticket": {"vi": "Số thứ tự này không thuộc quầy của bạn.",
                              "en": "This ticket is not at your counter."},
    "error.same_service": {"vi": "Số thứ tự đã ở lĩnh vực {service}.",
                           "en": "The ticket is already in service {service}."},
    "error.login_required": {"vi": "Vui lòng đăng nhập.", "en": "Please log in."},
    "error.forbidden": {"vi": "Bạn không có quyền thực hiện thao tác này.",
                        "en": "You are not allowed to do this."},
    "error.bad_credentials": {"vi": "Sai tên đăng nhập hoặc mật khẩu.", "en": "Wrong username or password."},
    "error.method_not_allowed": {"vi": "Phương thức không được hỗ trợ.", "en": "Method not allowed."},
    "error.agent_refused": {"vi": "Máy in của kiosk không được chấp nhận.", "en": "Print agent refused."},
    "error.rating_refused": {"vi": "Không thể ghi nhận đánh giá này.", "en": "This rating cannot be accepted."},
    "error.already_rated": {"vi": "Số thứ tự này đã được đánh giá.", "en": "This ticket has already been rated."},
    "error.rating_expired": {"vi": "Đã hết thời gian đánh giá.", "en": "The time to rate has passed."},
    "error.not_called": {"vi": "Số thứ tự này chưa được gọi.", "en": "This ticket has not been called."},
    "error.voice_unavailable": {"vi": "Chưa có giọng đọc: {detail}", "en": "No voice available: {detail}"},
    "error.internal": {"vi": "Lỗi hệ thống, vui lòng thử lại.", "en": "Internal error, please try again."},
    # Statuses and actions, as said in messages and on screens.
    "status.waiting": {"vi": "đang chờ", "en": "waiting"},
    "status.called": {"vi": "đã gọi", "en": "called"},
    "status.serving": {"vi": "đang phục vụ", "en": "being served"},
    "status.parked": {"vi": "tạm chờ", "en": "on hold"},
    "status.done": {"vi": "hoàn thành", "en": "done"},
    "status.no_show": {"vi": "vắng mặt", "en": "no-show"},
    "status.transferred": {"vi": "đã chuyển", "en": "transferred"},
    "status.cancelled": {"vi": "đã hủy", "en": "cancelled"},
    "action.call": {"vi": "gọi số", "en": "call"},
    "action.recall": {"vi": "gọi lại", "en": "recall"},
    "action.start": {"vi": "bắt đầu phục vụ", "en": "start serving"},
    "action.finish": {"vi": "hoàn thành", "en": "finish"},
    "action.no-show": {"vi": "đánh dấu vắng mặt", "en": "mark no-show"},
    "action.requeue": {"vi": "xếp lại hàng", "en": "requeue"},
    "action.return": {"vi": "trả về hàng chờ", "en": "return to the queue"},
    "action.park": {"vi": "tạm chờ", "en": "park"},
    "action.resume": {"vi": "tiếp tục", "en": "resume"},
    "action.cancel": {"vi": "hủy", "en": "cancel"},
    "action.transfer": {"vi": "chuyển quầy", "en": "transfer"},
    # The printed ticket.
    "ticket.ahead": {"vi": "Số người đang chờ trước bạn: {n}", "en": "People waiting before you: {n}"},
    "ticket.counters": {"vi": "Quầy phục vụ: {counters}", "en": "Served at counter(s): {counters}"},
    "ticket.issued": {"vi": "Lấy số lúc {time} ngày {date}", "en": "Taken at {time} on {date}"},
    "ticket.instruction": {"vi": "Vui lòng chú ý màn hình và loa gọi số",
                           "en": "Please watch the screen and listen for your number"},
    "ticket.scan": {"vi": "Quét mã để xem lượt của bạn trên điện thoại",
                    "en": "Scan to follow your turn on your phone"},
    "ticket.hotline": {"vi": "Đường dây nóng: {hotline}", "en": "Hotline: {hotline}"},
    "ticket.valid_today": {"vi": "Số thứ tự chỉ có giá trị trong ngày", "en": "This number is valid today only"},
    "ticket.priority": {"vi": "Ưu tiên: {name}", "en": "Priority: {name}"},
    "ticket.test": {"vi": "IN THỬ — không có giá trị", "en": "TEST PRINT — not valid"},
    # Screens' names (home page and start banner).
    "screen.kiosk": {"vi": "Kiosk lấy số", "en": "Ticket kiosk"},
    "screen.status": {"vi": "Trang theo dõi số (mở từ mã QR)", "en": "Ticket status (opened from the QR)"},
    # The kiosk.
    "kiosk.title": {"vi": "Lấy số thứ tự", "en": "Take a number"},
    "kiosk.choose": {"vi": "Chạm vào lĩnh vực bạn cần giải quyết", "en": "Touch the matter you have come for"},
    "kiosk.waiting": {"vi": "Đang chờ: {n}", "en": "Waiting: {n}"},
    "kiosk.wait_about": {"vi": "Chờ khoảng {minutes} phút", "en": "About {minutes} min wait"},
    "kiosk.no_wait": {"vi": "Không phải chờ", "en": "No wait"},
    "kiosk.closed.service_closed": {"vi": "Tạm ngừng tiếp nhận", "en": "Not taking tickets"},
    "kiosk.closed.outside_hours": {"vi": "Ngoài giờ làm việc", "en": "Outside opening hours"},
    "kiosk.closed.sold_out": {"vi": "Hết số hôm nay", "en": "No numbers left today"},
    "kiosk.priority_button": {"vi": "Ưu tiên: người cao tuổi, khuyết tật, phụ nữ mang thai…",
                              "en": "Priority: elderly, disabled, pregnant…"},
    "kiosk.priority_choose": {"vi": "Bạn thuộc đối tượng ưu tiên nào?", "en": "Which priority applies to you?"},
    "kiosk.priority_active": {"vi": "Lấy số ưu tiên: {name}", "en": "Priority number: {name}"},
    "kiosk.priority_note": {"vi": "Cán bộ có thể đề nghị xuất trình giấy tờ chứng minh.",
                            "en": "Staff may ask to see a supporting document."},
    "kiosk.cancel": {"vi": "Hủy", "en": "Cancel"},
    "kiosk.back": {"vi": "Quay lại", "en": "Back"},
    "kiosk.your_number": {"vi": "Số thứ tự của bạn", "en": "Your number"},
    "kiosk.ahead": {"vi": "Số người chờ trước bạn: {n}", "en": "People before you: {n}"},
    "kiosk.take_ticket": {"vi": "Vui lòng nhận phiếu bên dưới", "en": "Please take your ticket below"},
    "kiosk.printing": {"vi": "Đang in phiếu…", "en": "Printing your ticket…"},
    "kiosk.printer_failed": {
        "vi": "Máy in tạm thời gặp sự cố, vui lòng ghi nhớ số của bạn hoặc chụp mã QR",
        "en": "The printer has a problem: please remember your number or photograph the QR code"},
    "kiosk.reprint": {"vi": "In lại phiếu", "en": "Print again"},
    "kiosk.scan": {"vi": "Quét mã QR để theo dõi lượt trên điện thoại", "en": "Scan the QR to follow your turn"},
    "kiosk.done": {"vi": "Xong", "en": "Done"},
    "kiosk.returning": {"vi": "Tự động quay lại sau {s} giây", "en": "Back to start in {s} s"},
    "kiosk.offline": {"vi": "Mất kết nối máy chủ — đang kết nối lại…", "en": "Server connection lost — reconnecting…"},
    "kiosk.try_again": {"vi": "Chưa lấy được số, vui lòng thử lại.", "en": "No number yet, please try again."},
    "kiosk.language": {"vi": "English", "en": "Tiếng Việt"},
    "kiosk.procedures": {"vi": "Tra cứu thủ tục hành chính", "en": "Look up procedures"},
    "kiosk.search": {"vi": "Tìm theo tên thủ tục…", "en": "Search by procedure name…"},
    "kiosk.all_fields": {"vi": "Tất cả lĩnh vực", "en": "All fields"},
    "kiosk.no_results": {"vi": "Không tìm thấy thủ tục phù hợp.", "en": "No matching procedure."},
    "kiosk.hotline": {"vi": "Đường dây nóng: {hotline}", "en": "Hotline: {hotline}"},
    "kiosk.hours": {"vi": "Giờ làm việc: {hours}", "en": "Opening hours: {hours}"},
    "kiosk.touch_to_start": {"vi": "Chạm vào màn hình để lấy số", "en": "Touch the screen to take a number"},
    "kiosk.sample_data": {"vi": "Dữ liệu mẫu — trung tâm sẽ thay bằng danh mục thủ tục của mình",
                          "en": "Sample data — the centre replaces it with its own list"},
    "procedure.ma": {"vi": "Mã", "en": "Code"},
    "procedure.trinh_tu": {"vi": "Trình tự thực hiện", "en": "Steps"},
    "procedure.cach_thuc": {"vi": "Cách thức thực hiện", "en": "Method"},
    "procedure.thanh_phan_ho_so": {"vi": "Thành phần hồ sơ", "en": "Documents"},
    "procedure.thoi_han": {"vi": "Thời hạn giải quyết", "en": "Time limit"},
    "procedure.doi_tuong": {"vi": "Đối tượng thực hiện", "en": "Who may apply"},
    "procedure.co_quan": {"vi": "Cơ quan giải quyết", "en": "Deciding agency"},
    "procedure.le_phi": {"vi": "Phí, lệ phí", "en": "Fees"},
    "procedure.dieu_kien": {"vi": "Điều kiện", "en": "Conditions"},
    "procedure.mau_don": {"vi": "Mẫu đơn, tờ khai", "en": "Forms"},
    # The citizen's status page.
    "phone.title": {"vi": "Số thứ tự {number}", "en": "Ticket {number}"},
    "phone.your_turn": {"vi": "Đến lượt bạn — mời đến quầy số {counter}",
                        "en": "Your turn — please go to counter {counter}"},
    "phone.waiting": {"vi": "Đang chờ. Số người chờ trước bạn: {n}", "en": "Waiting. People before you: {n}"},
    "phone.estimate": {"vi": "Thời gian chờ dự kiến: khoảng {minutes} phút",
                       "en": "Expected wait: about {minutes} min"},
    "phone.serving": {"vi": "Bạn đang được phục vụ tại quầy {counter}",
                      "en": "You are being served at counter {counter}"},
    "phone.parked": {"vi": "Đang tạm chờ bổ sung hồ sơ", "en": "On hold while you complete your papers"},
    "phone.ended": {"vi": "Lượt của bạn đã kết thúc ({status}).", "en": "Your turn has ended ({status})."},
    "phone.transferred": {"vi": "Bạn đã được chuyển sang lĩnh vực {service}", "en": "You were moved to {service}"},
    "phone.live": {"vi": "Trang tự cập nhật, không cần tải lại.", "en": "This page updates by itself."},
    "phone.not_found": {"vi": "Không tìm thấy số thứ tự. Mã QR chỉ có giá trị trong ngày.",
                         "en": "Ticket not found. The QR code is valid on the day only."},
    # The clerk's workstation.
    "counter.title": {"vi": "Quầy giao dịch", "en": "Counter"},
    "counter.login": {"vi": "Đăng nhập", "en": "Log in"},
    "counter.username": {"vi": "Tên đăng nhập", "en": "Username"},
    "counter.password": {"vi": "Mật khẩu", "en": "Password"},
    "counter.choose": {"vi": "Chọn quầy làm việc", "en": "Choose your counter"},
    "counter.taken": {"vi": "Cán bộ khác đang làm việc", "en": "Held by another clerk"},
    "counter.counter": {"vi": "Quầy {n}", "en": "Counter {n}"},
    "counter.none": {"vi": "Chưa gọi số nào", "en": "No citizen at the counter"},
    "counter.waited": {"vi": "Đã chờ {time}", "en": "Waited {time}"},
    "counter.serving_for": {"vi": "Đang phục vụ {time}", "en": "Serving for {time}"},
    "counter.call_next": {"vi": "Gọi số tiếp theo", "en": "Call next"},
    "counter.recall": {"vi": "Gọi lại", "en": "Recall"},
    "counter.start": {"vi": "Bắt đầu phục vụ", "en": "Start serving"},
    "counter.finish": {"vi": "Hoàn thành", "en": "Finish"},
    "counter.no_show": {"vi": "Vắng mặt", "en": "No-show"},
    "counter.requeue": {"vi": "Xếp lại", "en": "Requeue"},
    "counter.transfer": {"vi": "Chuyển lĩnh vực", "en": "Transfer"},
    "counter.park": {"vi": "Tạm chờ", "en": "Park"},
    "counter.resume": {"vi": "Tiếp tục", "en": "Resume"},
    "counter.return": {"vi": "Gọi nhầm – trả lại", "en": "Called by mistake"},
    "counter.call_number": {"vi": "Gọi số cụ thể", "en": "Call a number"},
    "counter.pause": {"vi": "Tạm nghỉ", "en": "Pause"},
    "counter.unpause": {"vi": "Làm việc tiếp", "en": "Back to work"},
    "counter.close": {"vi": "Đóng quầy", "en": "Close counter"},
    "counter.logout": {"vi": "Đăng xuất", "en": "Log out"},
    "counter.waiting_list": {"vi": "Đang chờ", "en": "Waiting"},
    "counter.parked_list": {"vi": "Tạm chờ", "en": "On hold"},
    "counter.no_show_list": {"vi": "Vắng mặt", "en": "No-shows"},
    "counter.unprinted_list": {"vi": "Chưa in được", "en": "Not printed"},
    "counter.reprint": {"vi": "In lại", "en": "Reprint"},
    "counter.call": {"vi": "Gọi", "en": "Call"},
    "counter.priority": {"vi": "Ưu tiên", "en": "Priority"},
    "counter.stats": {"vi": "Hôm nay: đã phục vụ {served} · thời gian TB {avg} · hài lòng {rate}",
                      "en": "Today: served {served} · average {avg} · satisfied {rate}"},
    "counter.none_yet": {"vi": "chưa có", "en": "none yet"},
    "counter.done_ok": {"vi": "Đã thực hiện: {what}", "en": "Done: {what}"},
    "counter.failed": {"vi": "Chưa thực hiện: {message}", "en": "Not done: {message}"},
    "counter.network": {"vi": "Mất kết nối: thao tác CHƯA chắc đã thực hiện. Màn hình sẽ tự cập nhật khi có mạng.",
                        "en": "Connection lost: the action may not have happened. The screen updates when back online."},
    "counter.working": {"vi": "Đang thực hiện…", "en": "Working…"},
    "counter.nobody": {"vi": "Không còn ai chờ", "en": "Nobody is waiting"},
    "counter.transfer_to": {"vi": "Chuyển số {number} sang lĩnh vực:", "en": "Move {number} to:"},
    "counter.enter_number": {"vi": "Số thứ tự, ví dụ A015", "en": "Ticket number, e.g. A015"},
    "counter.cancel": {"vi": "Hủy", "en": "Cancel"},
    "counter.paused_banner": {"vi": "Quầy đang tạm nghỉ: không gọi số mới.", "en": "Counter paused: no new calls."},
    "counter.empty": {"vi": "Không có", "en": "None"},
    "counter.printer_problem": {"vi": "Máy in kiosk {kiosk}: {state}", "en": "Kiosk {kiosk} printer: {state}"},
    "counter.printer.paper_out": {"vi": "hết giấy", "en": "out of paper"},
    "counter.printer.cover_open": {"vi": "nắp đang mở", "en": "cover open"},
    "counter.printer.offline": {"vi": "mất kết nối", "en": "offline"},
    "counter.printer.paper_low": {"vi": "sắp hết giấy", "en": "paper low"},
    "counter.printer.ready": {"vi": "sẵn sàng", "en": "ready"},
    "counter.printer.unknown": {"vi": "không rõ", "en": "unknown"},
    # The wall display.
    "screen.display": {"vi": "Màn hình hiển thị", "en": "Wall display"},
    "display.invite": {"vi": "Xin mời số", "en": "Now calling"},
    "display.to_counter": {"vi": "Quầy {counter}", "en": "Counter {counter}"},
    "display.counters": {"vi": "Các quầy", "en": "Counters"},
    "display.serving": {"vi": "Đang phục vụ", "en": "Serving"},
    "display.closed": {"vi": "Đóng", "en": "Closed"},
    "display.paused": {"vi": "Tạm nghỉ", "en": "Paused"},
    "display.free": {"vi": "—", "en": "—"},
    "display.recent": {"vi": "Vừa gọi", "en": "Recent calls"},
    "display.waiting": {"vi": "Đang chờ", "en": "Waiting"},
    "display.waiting_n": {"vi": "{n} người", "en": "{n} waiting"},
    "display.offline": {"vi": "Mất kết nối — đang kết nối lại", "en": "Offline — reconnecting"},
    "display.enable_sound": {"vi": "Bấm để bật âm thanh", "en": "Click to turn the sound on"},
    "display.nobody_waiting": {"vi": "Không có ai đang chờ", "en": "Nobody is waiting"},
    "display.no_calls": {"vi": "Chưa có số nào được gọi", "en": "No calls yet"},
    # The rating tablet.
    "screen.counter": {"vi": "Quầy của cán bộ", "en": "Clerk's counter"},
    "screen.rating": {"vi": "Máy tính bảng đánh giá của quầy", "en": "Counter's rating tablet"},
    "rating.very_satisfied": {"vi": "Rất hài lòng", "en": "Very satisfied"},
    "rating.satisfied": {"vi": "Hài lòng", "en": "Satisfied"},
    "rating.neutral": {"vi": "Bình thường", "en": "Neutral"},
    "rating.dissatisfied": {"vi": "Không hài lòng", "en": "Dissatisfied"},
    "rating.very_dissatisfied": {"vi": "Rất không hài lòng", "en": "Very dissatisfied"},
    "rating.reason.time": {"vi": "Thời gian chờ, giải quyết lâu", "en": "It took too long"},
    "rating.reason.trips": {"vi": "Phải đi lại nhiều lần", "en": "I had to come back several times"},
    "rating.reason.agencies": {"vi": "Phải qua nhiều cơ quan", "en": "I was sent to several agencies"},
    "rating.reason.information": {"vi": "Thông tin niêm yết chưa rõ ràng", "en": "The posted information was unclear"},
    "rating.reason.attitude": {"vi": "Thái độ cán bộ chưa tốt", "en": "The officer's attitude"},
    "rating.reason.costs": {"vi": "Phát sinh chi phí ngoài quy định", "en": "Unofficial costs"},
    "rating.reason.complaints": {"vi": "Phản ánh, kiến nghị chưa được giải quyết", "en": "My complaint was not handled"},
    "rating.counter": {"vi": "Quầy số {counter}", "en": "Counter {counter}"},
    "rating.clerk": {"vi": "Cán bộ: {name}", "en": "Officer: {name}"},
    "rating.no_clerk": {"vi": "Quầy chưa mở", "en": "Counter not open"},
    "rating.serving": {"vi": "Đang phục vụ số {number}", "en": "Now serving {number}"},
    "rating.question": {"vi": "Ông/Bà có hài lòng với việc giải quyết hồ sơ hôm nay?",
                        "en": "Are you satisfied with how your matter was handled today?"},
    "rating.for_ticket": {"vi": "Số thứ tự {number}", "en": "Ticket {number}"},
    "rating.why": {"vi": "Ông/Bà chưa hài lòng về điều gì? (không bắt buộc)",
                   "en": "What went wrong? (optional)"},
    "rating.dossier": {"vi": "Mã hồ sơ (nếu có)", "en": "Dossier code (if any)"},
    "rating.comment": {"vi": "Góp ý thêm", "en": "Other remarks"},
    "rating.send": {"vi": "Gửi đánh giá", "en": "Send"},
    "rating.thanks": {"vi": "Cảm ơn Ông/Bà đã đánh giá!", "en": "Thank you for your rating!"},
    "rating.seconds_left": {"vi": "Còn {s} giây", "en": "{s} s left"},
    "rating.anonymous": {"vi": "Đánh giá được ghi nhận ẩn danh.", "en": "Ratings are anonymous."},
    # Server console.
    "cli.screens": {"vi": "Các màn hình", "en": "Screens"},
    "cli.demo_warning": {
        "vi": "CHẾ ĐỘ DEMO: tài khoản mẫu dưới đây chỉ để thử, không dùng khi vận hành thật.",
        "en": "DEMO MODE: the sample accounts below are for trying out only, never for real operation.",
    },
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text for `key` in `lang` (falling back to Vietnamese), with `{params}` filled in."""
    entry = CATALOG.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    # Statuses and actions named inside a message are themselves translated.
    for name in ("status", "action"):
        if name in params and f"{name}.{params[name]}" in CATALOG:
            params[name] = t(f"{name}.{params[name]}", lang)
    return text.format_map(_Keep(params)) if params else text


class _Keep(dict):
    """Leaves an unfilled `{name}` visible instead of failing the whole message."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def catalog(*prefixes: str) -> dict[str, dict[str, str]]:
    """{lang: {key: text}} for the keys starting with `prefixes`: what a page's JavaScript translates with."""
    return {lang: {k: v.get(lang) or v[DEFAULT_LANGUAGE] for k, v in CATALOG.items() if k.startswith(prefixes)}
            for lang in LANGUAGES}


def pick_language(requested: str | None, accept_language: str | None = None) -> str:
    """`?lang=` first, then the browser's Accept-Language, else Vietnamese."""
    for candidate in (requested, *(accept_language or "").replace(";", ",").split(",")):
        code = (candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
