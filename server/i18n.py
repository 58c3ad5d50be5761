"""The one translation mechanism: every user-facing string is a key here, Vietnamese first, English too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from server.option_texts import OPTION_CATALOG
from server.report_texts import REPORT_CATALOG

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

CATALOG: dict[str, dict[str, str]] = {
    # API errors: the message next to each machine-readable code.
    "error.bad_request": {"vi": "Yêu cầu không hợp lệ: {detail}", "en": "Bad request: {detail}"},
    "error.body_too_large": {"vi": "Dữ liệu gửi lên quá lớn.", "en": "Request body too large."},
    "error.not_found": {"vi": "Không tìm thấy.", "en": "Not found."},
    "error.unknown_event": {  # most likely a page left open over an upgrade
        "vi": "Máy chủ không hỗ trợ thao tác này. Hãy tải lại trang (F5).",
        "en": "The server does not support this action. Reload the page (F5).",
    },
    "error.unknown_service": {"vi": "Không có lĩnh vực {service}.", "en": "There is no service {service}."},
    "error.unknown_priority": {
        "vi": "Không có đối tượng ưu tiên {priority}.",
        "en": "There is no priority category {priority}.",
    },
    "error.unknown_ticket": {"vi": "Không có số thứ tự này.", "en": "There is no such ticket."},
    "error.unknown_number": {"vi": "Hôm nay không có số {number}.", "en": "There is no ticket {number} today."},
    "error.ticket_not_waiting": {
        "vi": "Số {number} đang ở trạng thái {status}: chỉ gọi được số đang chờ.",
        "en": "{number} is {status}: only a waiting ticket can be called.",
    },
    "error.unknown_counter": {"vi": "Không có quầy số {counter}.", "en": "There is no counter {counter}."},
    "error.service_closed": {
        "vi": "Lĩnh vực {service} hiện không tiếp nhận.",
        "en": "Service {service} is not taking tickets now.",
    },
    "error.outside_hours": {
        "vi": "Ngoài giờ làm việc của lĩnh vực {service}.",
        "en": "Outside the opening hours of service {service}.",
    },
    "error.closed_early": {
        "vi": "Hôm nay trung tâm đã ngừng cấp số.",
        "en": "The centre has stopped issuing numbers today.",
    },
    "kiosk.closed.closed_early": {"vi": "Đã ngừng cấp số hôm nay", "en": "No more numbers today"},
    "error.sold_out": {
        "vi": "Lĩnh vực {service} đã hết số hôm nay.",
        "en": "Service {service} has given out all of today's numbers.",
    },
    "error.illegal_transition": {
        "vi": "Không thể {action} số thứ tự đang ở trạng thái {status}.",
        "en": "Cannot {action}: the ticket is {status}.",
    },
    "error.ticket_expired": {"vi": "Số thứ tự này thuộc ngày khác.", "en": "This ticket belongs to another day."},
    "error.counter_busy": {
        "vi": "Số {number} vẫn đang ở quầy {counter}: hãy kết thúc số đó trước.",
        "en": "{number} is still at counter {counter}: end it first.",
    },
    "error.not_at_counter": {
        "vi": "Số {number} không còn ở quầy {counter}: màn hình đã được cập nhật, hãy xem lại.",
        "en": "{number} is no longer at counter {counter}: the screen is updated, look again.",
    },
    "error.clerk_serving": {
        "vi": "{name} đang phục vụ số {number} tại quầy {counter}: hãy hoàn thành hoặc đánh dấu "
        "vắng mặt trước khi khoá tài khoản.",
        "en": "{name} is serving {number} at counter {counter}: finish it or mark a no-show "
        "before deactivating the account.",
    },
    "error.counter_closed": {"vi": "Quầy {counter} chưa mở.", "en": "Counter {counter} is not open."},
    "error.counter_paused": {"vi": "Quầy {counter} đang tạm nghỉ.", "en": "Counter {counter} is paused."},
    "error.counter_taken": {
        "vi": "Quầy {counter} đang do cán bộ khác phụ trách.",
        "en": "Counter {counter} is held by another clerk.",
    },
    "error.not_your_counter": {"vi": "Bạn không phụ trách quầy {counter}.", "en": "You do not hold counter {counter}."},
    "error.not_your_ticket": {
        "vi": "Số thứ tự này không thuộc quầy của bạn.",
        "en": "This ticket is not at your counter.",
    },
    "error.same_service": {
        "vi": "Số thứ tự đã ở lĩnh vực {service}.",
        "en": "The ticket is already in service {service}.",
    },
    "error.login_required": {"vi": "Vui lòng đăng nhập.", "en": "Please log in."},
    "error.forbidden": {"vi": "Bạn không có quyền thực hiện thao tác này.", "en": "You are not allowed to do this."},
    "error.bad_credentials": {"vi": "Sai tên đăng nhập hoặc mật khẩu.", "en": "Wrong username or password."},
    "error.method_not_allowed": {"vi": "Phương thức không được hỗ trợ.", "en": "Method not allowed."},
    "error.agent_refused": {"vi": "Máy in của kiosk không được chấp nhận.", "en": "Print agent refused."},
    "error.rating_refused": {"vi": "Không thể ghi nhận đánh giá này.", "en": "This rating cannot be accepted."},
    "error.already_rated": {"vi": "Số thứ tự này đã được đánh giá.", "en": "This ticket has already been rated."},
    "error.rating_expired": {"vi": "Đã hết thời gian đánh giá.", "en": "The time to rate has passed."},
    "error.not_called": {"vi": "Số thứ tự này chưa được gọi.", "en": "This ticket has not been called."},
    "error.voice_unavailable": {"vi": "Chưa có giọng đọc: {detail}", "en": "No voice available: {detail}"},
    "error.invalid": {"vi": "Dữ liệu chưa hợp lệ — {detail}", "en": "Invalid — {detail}"},
    "error.storage_unavailable": {
        "vi": "Không ghi được dữ liệu ({detail}). Báo ngay cho quản trị viên; số đã cấp vẫn được giữ.",
        "en": "Data cannot be written ({detail}). Tell the administrator now; tickets already issued are safe.",
    },
    "live.alarm.system": {"vi": "Sự cố hệ thống ({kind}): {detail}", "en": "System problem ({kind}): {detail}"},
    "error.too_many_attempts": {
        "vi": "Đăng nhập sai nhiều lần. Vui lòng chờ {seconds} giây rồi thử lại.",
        "en": "Several failed logins. Please wait {seconds} seconds and try again.",
    },
    "error.login_busy": {
        "vi": "Đang có nhiều người đăng nhập cùng lúc. Vui lòng thử lại sau {retry_after_s} giây.",
        "en": "Many logins are being checked at once. Please try again in {retry_after_s} seconds.",
    },
    "error.too_many_screens": {
        "vi": "Máy chủ đã kết nối đủ {limit} màn hình, chưa nhận thêm. Màn hình này sẽ tự kết nối lại; "
        "nếu lỗi lặp lại nhiều lần, vui lòng báo quản trị viên.",
        "en": "The server already has its maximum of {limit} screens connected. This screen will reconnect by "
        "itself; if this keeps happening, please tell the administrator.",
    },
    "error.storage_busy": {
        "vi": "Hệ thống đang bận ghi dữ liệu. Vui lòng thử lại sau ít giây; nếu vẫn lỗi, báo quản trị viên.",
        "en": "The system is busy saving data. Please try again in a few seconds; if it persists, tell the administrator.",
    },
    "error.csrf": {
        "vi": "Yêu cầu không đến từ trang của hệ thống.",
        "en": "The request did not come from this system's pages.",
    },
    "error.too_many_tickets": {
        "vi": "Lấy số quá nhanh, vui lòng chờ một chút.",
        "en": "Too many tickets too quickly; please wait a moment.",
    },
    "error.device_not_paired": {
        "vi": "Thiết bị này chưa được ghép nối, hoặc đã bị thu hồi.",
        "en": "This device is not paired, or it was revoked.",
    },
    "error.unknown_device": {"vi": "Không có thiết bị {device}.", "en": "There is no device {device}."},
    "error.too_many_requests": {
        "vi": "Quá nhiều yêu cầu, vui lòng chờ một chút.",
        "en": "Too many requests; please wait a moment.",
    },
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
    "status.expired": {"vi": "chưa hoàn thành trong ngày", "en": "unfinished at day close"},
    "action.call": {"vi": "gọi số", "en": "call"},
    "action.recall": {"vi": "gọi lại", "en": "recall"},
    "action.start": {"vi": "bắt đầu phục vụ", "en": "start serving"},
    "action.finish": {"vi": "hoàn thành", "en": "finish"},
    "action.no-show": {"vi": "đánh dấu vắng mặt", "en": "mark no-show"},
    "action.requeue": {"vi": "xếp lại hàng", "en": "requeue"},
    "action.return": {"vi": "trả về hàng chờ", "en": "return to the queue"},
    "action.park": {"vi": "tạm chờ", "en": "put on hold"},
    "action.resume": {"vi": "tiếp tục", "en": "resume"},
    "action.cancel": {"vi": "hủy", "en": "cancel"},
    "action.transfer": {"vi": "chuyển quầy", "en": "transfer"},
    "action.expire": {"vi": "kết thúc ngày (chưa hoàn thành)", "en": "day close (unfinished)"},
    # The printed ticket.
    "ticket.ahead": {"vi": "Số người đang chờ trước bạn: {n}", "en": "People waiting before you: {n}"},
    "ticket.counters": {"vi": "Quầy phục vụ: {counters}", "en": "Served at counter(s): {counters}"},
    "ticket.issued": {"vi": "Lấy số lúc {time} ngày {date}", "en": "Taken at {time} on {date}"},
    "ticket.instruction": {
        "vi": "Vui lòng chú ý màn hình và loa gọi số",
        "en": "Watch the screen and listen for your number",  # one line of 80 mm paper (48 characters)
    },
    "ticket.scan": {
        "vi": "Quét mã để xem lượt của bạn trên điện thoại",
        "en": "Scan to follow your turn on your phone",
    },
    "ticket.hotline": {"vi": "Đường dây nóng: {hotline}", "en": "Hotline: {hotline}"},
    "ticket.valid_today": {"vi": "Số thứ tự chỉ có giá trị trong ngày", "en": "This number is valid today only"},
    "ticket.priority": {"vi": "Ưu tiên: {name}", "en": "Priority: {name}"},
    "ticket.test": {"vi": "IN THỬ — không có giá trị", "en": "TEST PRINT — not valid"},
    # xephang print-test, for the technician setting up a printer.
    "printtest.status_before": {
        "vi": "Trạng thái máy in trước khi in: {state}",
        "en": "printer status before: {state}",
    },
    "printtest.sending": {
        "vi": "Đang gửi phiếu in thử: {size} byte, khổ giấy {profile}",
        "en": "sending sample ticket: {size} bytes, profile {profile}",
    },
    "printtest.line_time": {
        "vi": ", khoảng {seconds} giây ở tốc độ {baud} baud",
        "en": ", about {seconds} s at {baud} baud",
    },
    "printtest.not_printed": {"vi": "CHƯA IN: {reason}", "en": "NOT PRINTED: {reason}"},
    "printtest.no_status_answer": {
        "vi": "máy in không trả lời lệnh hỏi trạng thái — hãy thử ?status=none: {url} "
        "(nếu máy đang bật, còn giấy và nắp đã đóng)",
        "en": "no status answer — try ?status=none: {url} (if the printer is on, has paper and its cover is shut)",
    },
    "printtest.printed": {
        "vi": "Đã in trong {seconds} giây; trạng thái máy in sau khi in: {state}",
        "en": "printed in {seconds} s; printer status after: {state}",
    },
    "printtest.not_asked": {"vi": "không hỏi (?status=none)", "en": "not asked (?status=none)"},
    # Screens' names (home page and start banner).
    "screen.kiosk": {"vi": "Kiosk lấy số", "en": "Ticket kiosk"},
    "screen.status": {"vi": "Trang theo dõi số (mở từ mã QR)", "en": "Ticket status (opened from the QR)"},
    # The kiosk.
    "kiosk.title": {"vi": "Lấy số thứ tự", "en": "Take a number"},
    "kiosk.choose": {"vi": "Chạm vào lĩnh vực bạn cần giải quyết", "en": "Touch the matter you have come for"},
    "kiosk.waiting": {"vi": "Đang chờ: {n}", "en": "Waiting: {n}"},
    "kiosk.wait_about": {"vi": "Chờ khoảng {minutes} phút", "en": "About {minutes} min wait"},
    "kiosk.no_wait": {"vi": "Không phải chờ", "en": "No wait"},
    # People wait, and yet the estimate is nil (today's services were quick): never "no wait" beside a count.
    "kiosk.wait_short": {"vi": "Chờ không lâu", "en": "Short wait"},
    "kiosk.turn_soon": {"vi": "Sắp đến lượt bạn", "en": "Your turn is coming up"},
    "kiosk.closed.service_closed": {"vi": "Tạm ngừng tiếp nhận", "en": "Not taking tickets"},
    "kiosk.closed.outside_hours": {"vi": "Ngoài giờ làm việc", "en": "Outside opening hours"},
    "kiosk.closed.sold_out": {"vi": "Hết số hôm nay", "en": "No numbers left today"},
    "kiosk.priority_button": {"vi": "Lấy số ưu tiên", "en": "Priority number"},
    "kiosk.priority_choose": {"vi": "Bạn thuộc đối tượng ưu tiên nào?", "en": "Which priority applies to you?"},
    "kiosk.priority_active": {"vi": "Lấy số ưu tiên: {name}", "en": "Priority number: {name}"},
    "kiosk.priority_note": {
        "vi": "Cán bộ có thể đề nghị xuất trình giấy tờ chứng minh.",
        "en": "Staff may ask to see a supporting document.",
    },
    "kiosk.cancel": {"vi": "Hủy", "en": "Cancel"},
    "kiosk.back": {"vi": "Quay lại", "en": "Back"},
    "kiosk.your_number": {"vi": "Số thứ tự của bạn", "en": "Your number"},
    "kiosk.ahead": {"vi": "Số người chờ trước bạn: {n}", "en": "People before you: {n}"},
    "kiosk.take_ticket": {"vi": "Vui lòng nhận phiếu bên dưới", "en": "Please take your ticket below"},
    "kiosk.printing": {"vi": "Đang in phiếu…", "en": "Printing your ticket…"},
    "kiosk.printer_failed": {
        "vi": "Máy in tạm thời gặp sự cố, vui lòng ghi nhớ số của bạn hoặc chụp mã QR",
        "en": "The printer has a problem: please remember your number or photograph the QR code",
    },
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
    "kiosk.more_results": {
        "vi": "Còn {n} thủ tục khác: gõ tên thủ tục để tìm nhanh hơn.",
        "en": "{n} more procedures: type a name to narrow the list.",
    },
    "kiosk.no_counter": {"vi": "Chưa có quầy mở", "en": "No counter open yet"},
    "kiosk.no_counter_result": {
        "vi": "Chưa có quầy nào mở cho lĩnh vực này; bạn sẽ được gọi khi quầy mở.",
        "en": "No counter is open for this yet; you will be called when one opens.",
    },
    "kiosk.priority_ticket": {"vi": "Số ưu tiên: {name}", "en": "Priority number: {name}"},
    "kiosk.counters": {"vi": "Quầy phục vụ: {counters}", "en": "Served at counter(s): {counters}"},
    "kiosk.counter_run": {"vi": "{first} đến {last}", "en": "{first} to {last}"},
    "kiosk.key.space": {"vi": "Dấu cách", "en": "Space"},
    "kiosk.key.backspace": {"vi": "Xoá một chữ", "en": "Delete one letter"},
    "kiosk.key.clear": {"vi": "Xoá hết", "en": "Clear"},
    "kiosk.key.tone.sac": {"vi": "Dấu sắc", "en": "Acute tone"},
    "kiosk.key.tone.huyen": {"vi": "Dấu huyền", "en": "Grave tone"},
    "kiosk.key.tone.hoi": {"vi": "Dấu hỏi", "en": "Hook tone"},
    "kiosk.key.tone.nga": {"vi": "Dấu ngã", "en": "Tilde tone"},
    "kiosk.key.tone.nang": {"vi": "Dấu nặng", "en": "Dot tone"},
    "kiosk.hotline": {"vi": "Đường dây nóng: {hotline}", "en": "Hotline: {hotline}"},
    "kiosk.hours": {"vi": "Giờ làm việc: {hours}", "en": "Opening hours: {hours}"},
    "kiosk.touch_to_start": {"vi": "Chạm vào màn hình để lấy số", "en": "Touch the screen to take a number"},
    "kiosk.sample_data": {
        "vi": "Dữ liệu mẫu — trung tâm sẽ thay bằng danh mục thủ tục của mình",
        "en": "Sample data — the centre replaces it with its own list",
    },
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
    "phone.your_turn": {
        "vi": "Đến lượt bạn — mời đến quầy số {counter}",
        "en": "Your turn — please go to counter {counter}",
    },
    "phone.waiting": {"vi": "Đang chờ. Số người chờ trước bạn: {n}", "en": "Waiting. People before you: {n}"},
    "phone.estimate": {
        "vi": "Thời gian chờ dự kiến: khoảng {minutes} phút",
        "en": "Expected wait: about {minutes} min",
    },
    "phone.serving": {
        "vi": "Bạn đang được phục vụ tại quầy {counter}",
        "en": "You are being served at counter {counter}",
    },
    "phone.turn_soon": {"vi": "Sắp đến lượt bạn", "en": "Your turn is coming up"},
    "phone.no_counter": {
        "vi": "Chưa có quầy nào mở cho lĩnh vực này; bạn sẽ được gọi khi quầy mở.",
        "en": "No counter is open for this yet; you will be called when one opens.",
    },
    "phone.parked": {"vi": "Đang tạm chờ bổ sung hồ sơ", "en": "On hold while you complete your papers"},
    "phone.ended": {"vi": "Lượt của bạn đã kết thúc ({status}).", "en": "Your turn has ended ({status})."},
    "phone.transferred": {"vi": "Bạn đã được chuyển sang lĩnh vực {service}", "en": "You were moved to {service}"},
    "phone.expired": {
        "vi": "Số thứ tự này của ngày {date} đã hết giá trị. Vui lòng lấy số mới tại kiosk.",
        "en": "This number, from {date}, is no longer valid. Please take a new one at the kiosk.",
    },
    "phone.live": {"vi": "Trang tự cập nhật, không cần tải lại.", "en": "This page updates by itself."},
    "phone.not_found": {
        "vi": "Không tìm thấy số thứ tự. Mã QR chỉ có giá trị trong ngày.",
        "en": "Ticket not found. The QR code is valid on the day only.",
    },
    # The clerk's workstation.
    "counter.title": {"vi": "Quầy giao dịch", "en": "Counter"},
    "counter.login": {"vi": "Đăng nhập", "en": "Log in"},
    "counter.username": {"vi": "Tên đăng nhập", "en": "Username"},
    "counter.password": {"vi": "Mật khẩu", "en": "Password"},
    "counter.choose": {"vi": "Chọn quầy làm việc", "en": "Choose your counter"},
    "counter.taken": {"vi": "Cán bộ khác đang làm việc", "en": "Held by another clerk"},
    "counter.counter": {"vi": "Quầy {n}", "en": "Counter {n}"},
    "counter.none": {"vi": "Chưa có công dân tại quầy", "en": "No citizen at the counter"},
    "counter.waited": {"vi": "Đã chờ {time}", "en": "Waited {time}"},
    "counter.serving_for": {"vi": "Đang phục vụ {time}", "en": "Serving for {time}"},
    "counter.call_next": {"vi": "Gọi số tiếp theo", "en": "Call next"},
    "counter.finish_next": {"vi": "Hoàn thành, gọi số tiếp", "en": "Finish and call next"},
    "counter.recall": {"vi": "Gọi lại", "en": "Recall"},
    "counter.start": {"vi": "Bắt đầu phục vụ", "en": "Start serving"},
    "counter.finish": {"vi": "Hoàn thành", "en": "Finish"},
    "counter.no_show": {"vi": "Vắng mặt", "en": "No-show"},
    "counter.requeue": {"vi": "Xếp lại", "en": "Requeue"},
    "counter.transfer": {"vi": "Chuyển lĩnh vực", "en": "Transfer"},
    "counter.park": {"vi": "Tạm chờ", "en": "Put on hold"},
    "counter.resume": {"vi": "Tiếp tục", "en": "Resume"},
    "counter.return": {"vi": "Gọi nhầm – trả lại", "en": "Called by mistake – return to queue"},
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
    # The clerk's day, three figures the screen joins with " · " (each kept whole on its line).
    "counter.stat_served": {"vi": "Hôm nay đã phục vụ: {served}", "en": "Served today: {served}"},
    "counter.stat_avg": {"vi": "phục vụ TB: {avg}", "en": "average service: {avg}"},
    "counter.stat_rate": {"vi": "hài lòng: {rate}", "en": "satisfied: {rate}"},
    # Each figure not yet known says what it lacks ("average none yet · satisfied none yet" read as a riddle).
    "counter.avg_none": {"vi": "chưa có", "en": "not yet"},
    "counter.rate_none": {"vi": "chưa có đánh giá", "en": "no ratings yet"},
    # What the counter's feedback line says after each action (never a raw key).
    "counter.did.open": {"vi": "Đã nhận quầy {counter}", "en": "Counter {counter} is yours"},
    "counter.did.close": {"vi": "Đã đóng quầy", "en": "Counter closed"},
    "counter.did.pause": {"vi": "Quầy đã tạm nghỉ", "en": "Counter paused"},
    "counter.did.unpause": {"vi": "Quầy làm việc tiếp", "en": "Counter back at work"},
    "counter.did.call-next": {"vi": "Đã gọi số {number}", "en": "Called {number}"},
    "counter.did.call-number": {"vi": "Đã gọi số {number}", "en": "Called {number}"},
    "counter.did.recall": {"vi": "Đã gọi lại số {number}", "en": "Called {number} again"},
    "counter.did.start": {"vi": "Đang phục vụ số {number}", "en": "Serving {number}"},
    "counter.did.finish": {"vi": "Đã hoàn thành số {number}", "en": "Finished {number}"},
    "counter.did.finish-next": {
        "vi": "Đã hoàn thành số {done} · Đã gọi số {number}",
        "en": "Finished {done} · Called {number}",
    },
    "counter.did.finish-none": {
        "vi": "Đã hoàn thành số {done} · Không còn ai chờ",
        "en": "Finished {done} · Nobody is waiting",
    },
    "counter.did.no-show": {"vi": "Số {number}: vắng mặt", "en": "{number} marked no-show"},
    "counter.did.park": {"vi": "Số {number} đang tạm chờ bổ sung hồ sơ", "en": "{number} on hold"},
    "counter.did.resume": {"vi": "Đã gọi lại số {number} (hết tạm chờ)", "en": "Called {number} back from hold"},
    "counter.did.requeue": {"vi": "Đã xếp số {number} trở lại hàng chờ", "en": "{number} is back in the queue"},
    "counter.did.return": {"vi": "Đã trả số {number} về hàng chờ", "en": "{number} returned to the queue"},
    "counter.did.reprint": {"vi": "Đã gửi in lại số {number}", "en": "{number} sent to print again"},
    "counter.did.transfer-to": {
        "vi": "Đã chuyển số {number} sang lĩnh vực {service}",
        "en": "{number} moved to the field {service}",
    },
    # Why a shortcut did nothing.
    "counter.why.paused": {
        "vi": "Quầy đang tạm nghỉ: bấm Làm việc tiếp (P) để gọi số.",
        "en": "The counter is paused: press Back to work (P) to call.",
    },
    "counter.why.busy.called": {
        "vi": "Chưa gọi số mới: số {number} đang được gọi tại quầy. Bắt đầu phục vụ, "
        "đánh dấu vắng mặt hoặc tạm chờ trước.",
        "en": "No new call: {number} is called here. Start, mark no-show or put it on hold first.",
    },
    "counter.why.busy.serving": {
        "vi": "Chưa gọi số mới: đang phục vụ số {number}. Hoàn thành, chuyển lĩnh vực hoặc tạm chờ trước.",
        "en": "No new call: you are serving {number}. Finish, transfer or put it on hold first.",
    },
    "counter.why.no_ticket": {
        "vi": "Chưa có số nào tại quầy: bấm Gọi số tiếp theo (N).",
        "en": "No citizen at the counter: press Call next (N).",
    },
    "counter.why.busy_pause.called": {
        "vi": "Chưa tạm nghỉ được: số {number} đang được gọi tại quầy. Bắt đầu phục vụ, đánh dấu vắng mặt "
        "hoặc tạm chờ trước.",
        "en": "Cannot pause yet: {number} is called here. Start, mark no-show or put it on hold first.",
    },
    "counter.why.busy_pause.serving": {
        "vi": "Chưa tạm nghỉ được: đang phục vụ số {number}. Hoàn thành, chuyển lĩnh vực hoặc tạm chờ trước.",
        "en": "Cannot pause yet: you are serving {number}. Finish, transfer or put it on hold first.",
    },
    "counter.why.busy_close.called": {
        "vi": "Chưa đóng quầy được: số {number} đang được gọi tại quầy. Bắt đầu phục vụ, đánh dấu vắng mặt "
        "hoặc tạm chờ trước.",
        "en": "Cannot close yet: {number} is called here. Start, mark no-show or put it on hold first.",
    },
    "counter.why.busy_close.serving": {
        "vi": "Chưa đóng quầy được: đang phục vụ số {number}. Hoàn thành, chuyển lĩnh vực hoặc tạm chờ trước.",
        "en": "Cannot close yet: you are serving {number}. Finish, transfer or put it on hold first.",
    },
    "counter.why.not_now": {
        "vi": "Số {number} đang ở trạng thái {status}: thao tác này chưa dùng được.",
        "en": "{number} is {status}: this action is not available now.",
    },
    "counter.failed": {"vi": "Chưa thực hiện: {message}", "en": "Not done: {message}"},
    "counter.network": {
        "vi": "Mất kết nối: thao tác CHƯA chắc đã thực hiện. Màn hình sẽ tự cập nhật khi có mạng.",
        "en": "Connection lost: the action may not have happened. The screen updates when back online.",
    },
    "counter.offline": {
        "vi": "Mất kết nối với máy chủ — đang kết nối lại… Danh sách có thể chưa cập nhật. Vẫn thao tác được; kết quả "
        "xem ở dòng thông báo dưới các nút.",
        "en": "Live connection lost — reconnecting… The lists may be out of date. The buttons still work; check the "
        "message below them.",
    },
    "counter.working": {"vi": "Đang thực hiện…", "en": "Working…"},
    "counter.dossier.title": {"vi": "Mã hồ sơ", "en": "Dossier code"},
    "counter.dossier.ticket": {"vi": "Gắn vào số thứ tự", "en": "Link to ticket"},
    "counter.dossier.placeholder": {"vi": "Nhập hoặc quét mã hồ sơ", "en": "Type or scan the dossier code"},
    "counter.dossier.add": {"vi": "Gắn mã", "en": "Link"},
    "counter.dossier.current": {"vi": "{number} – đang phục vụ", "en": "{number} – serving"},
    "counter.dossier.finished": {"vi": "{number} – đã xong", "en": "{number} – finished"},
    "counter.dossier.linked": {
        "vi": "Đã gắn mã hồ sơ {code} vào số {number}",
        "en": "Dossier {code} linked to {number}",
    },
    "counter.dossier.removed": {
        "vi": "Đã gỡ mã hồ sơ {code} khỏi số {number}",
        "en": "Dossier {code} removed from {number}",
    },
    "counter.dossier.remove": {"vi": "Gỡ mã {code}", "en": "Remove {code}"},
    "counter.dossier.none": {
        "vi": "Gắn mã hồ sơ khi bắt đầu phục vụ.",
        "en": "Link dossier codes once serving starts.",
    },
    "counter.nobody": {"vi": "Không còn ai chờ", "en": "Nobody is waiting"},
    "counter.transfer_to": {"vi": "Chuyển số {number} sang lĩnh vực:", "en": "Move {number} to:"},
    # Under each field of the transfer dialog: its line and who serves it now (as the kiosk marks a field no one serves).
    "counter.transfer_open": {
        "vi": "{waiting} người đang chờ · {n} quầy đang mở",
        "en": "{waiting} waiting · {n} counters open",
    },
    "counter.transfer_open.one": {
        "vi": "{waiting} người đang chờ · {n} quầy đang mở",
        "en": "{waiting} waiting · 1 counter open",
    },
    "counter.transfer_none": {
        "vi": "{waiting} người đang chờ · chưa có quầy nào mở",
        "en": "{waiting} waiting · no counter open yet",
    },
    "counter.enter_number": {"vi": "Số thứ tự, ví dụ A015", "en": "Ticket number, e.g. A015"},
    "counter.cancel": {"vi": "Hủy", "en": "Cancel"},
    "counter.paused_banner": {"vi": "Quầy đang tạm nghỉ: không gọi số mới.", "en": "Counter paused: no new calls."},
    "counter.empty": {"vi": "Không có", "en": "None"},
    "counter.more": {"vi": "… và {n} số nữa", "en": "… and {n} more"},
    "counter.more_call": {
        "vi": "… và {n} số nữa (bấm “Gọi số cụ thể” để gọi bất kỳ số nào)",
        "en": "… and {n} more (use “Call a number” to call any of them)",
    },
    "counter.hours": {"vi": "{h} giờ {m} phút", "en": "{h} h {m} min"},
    "counter.minutes": {"vi": "{m} phút", "en": "{m} min"},
    "counter.under_minute": {"vi": "dưới 1 phút", "en": "under 1 min"},
    "counter.printer_problem": {"vi": "Máy in kiosk {kiosk}: {state}", "en": "Kiosk {kiosk} printer: {state}"},
    "counter.printer.paper_out": {"vi": "hết giấy", "en": "out of paper"},
    "counter.printer.cover_open": {"vi": "nắp đang mở", "en": "cover open"},
    "counter.printer.offline": {"vi": "mất kết nối", "en": "offline"},
    "counter.printer.paper_low": {"vi": "sắp hết giấy", "en": "paper low"},
    "counter.printer.ready": {"vi": "sẵn sàng", "en": "ready"},
    "counter.on_display": {"vi": "Màn hình sảnh:", "en": "Hall displays:"},
    "counter.display_waiting": {"vi": "chưa hiển thị", "en": "not shown yet"},
    "counter.display_shown": {"vi": "đã hiển thị {time}", "en": "shown {time}"},
    "counter.display_spoken": {"vi": "đã đọc {time}", "en": "spoken {time}"},
    "counter.display_not_spoken": {"vi": "chờ đọc", "en": "waiting to be spoken"},
    "counter.printer.unknown": {"vi": "không rõ", "en": "unknown"},
    # The wall display.
    "screen.display": {"vi": "Màn hình hiển thị", "en": "Wall display"},
    "display.invite": {"vi": "Xin mời số", "en": "Now calling"},
    "display.caption": {"vi": "Xin mời số {number} đến {counter}", "en": "Number {number}, please come to {counter}"},
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
    "display.calling": {"vi": "Đang gọi", "en": "Calling"},
    # Management.
    "screen.admin": {"vi": "Quản trị", "en": "Administration"},
    "screen.live": {"vi": "Điều hành trực tiếp", "en": "Live dashboard"},
    "screen.reports": {"vi": "Báo cáo", "en": "Reports"},
    "admin.title": {"vi": "Quản trị trung tâm", "en": "Centre administration"},
    "admin.tab.services": {"vi": "Lĩnh vực", "en": "Fields"},
    "admin.tab.counters": {"vi": "Quầy", "en": "Counters"},
    "admin.tab.users": {"vi": "Cán bộ", "en": "Staff"},
    "admin.tab.priorities": {"vi": "Đối tượng ưu tiên", "en": "Priority categories"},
    "admin.tab.options": {"vi": "Tùy chọn", "en": "Options"},
    "admin.tab.procedures": {"vi": "Thủ tục hành chính", "en": "Procedures"},
    "admin.tab.audit": {"vi": "Nhật ký thay đổi", "en": "Audit log"},
    "admin.add": {"vi": "Thêm", "en": "Add"},
    "admin.edit": {"vi": "Sửa", "en": "Edit"},
    "admin.save": {"vi": "Lưu", "en": "Save"},
    "admin.saved": {"vi": "Đã lưu. Các màn hình đã cập nhật.", "en": "Saved. Screens are updated."},
    "admin.cancel": {"vi": "Hủy", "en": "Cancel"},
    "admin.reset_password": {"vi": "Đặt lại mật khẩu", "en": "Reset password"},
    "admin.new_password": {"vi": "Mật khẩu mới (ít nhất 8 ký tự)", "en": "New password (8+ characters)"},
    "admin.activate": {"vi": "Kích hoạt", "en": "Activate"},
    "admin.deactivate": {"vi": "Ngừng hoạt động", "en": "Deactivate"},
    "admin.upload": {"vi": "Tải lên danh mục (CSV hoặc XLSX)", "en": "Upload the list (CSV or XLSX)"},
    "admin.imported": {"vi": "Đã nhập {n} thủ tục.", "en": "{n} procedures imported."},
    "admin.imported.one": {"vi": "Đã nhập {n} thủ tục.", "en": "1 procedure imported."},
    "admin.rejected_line": {"vi": "Dòng {line}: {reason}", "en": "Line {line}: {reason}"},
    # What an upload of the procedures' list says (next to the file field, and each rejected line).
    "admin.procedures.choose_file": {"vi": "Chọn một tệp .csv hoặc .xlsx", "en": "choose a .csv or .xlsx file"},
    "admin.procedures.only_csv_xlsx": {"vi": "Chỉ nhận tệp .csv hoặc .xlsx", "en": "only .csv or .xlsx"},
    "admin.procedures.unreadable": {"vi": "Không đọc được tệp ({kind})", "en": "cannot be read: {kind}"},
    "admin.procedures.too_many_rows": {
        "vi": "Không nhận tệp: quá {limit} dòng",
        "en": "refused: more than {limit} rows",
    },
    "admin.procedures.too_big": {
        "vi": "Không nhận tệp: giải nén ra hơn {mb} MB",
        "en": "refused: unpacks to more than {mb} MB",
    },
    "admin.procedures.none_valid": {"vi": "Tệp không có thủ tục hợp lệ nào", "en": "no valid procedure in the file"},
    "admin.procedures.empty": {"vi": "Tệp không có dòng nào", "en": "empty file"},
    "admin.procedures.no_name_column": {
        "vi": "Không có cột “ten” (Tên thủ tục)",
        "en": "no 'ten' (Tên thủ tục) column",
    },
    "admin.procedures.long_cell": {"vi": "Có ô dài quá {limit} ký tự", "en": "a cell longer than {limit} characters"},
    "admin.procedures.extra_cells": {
        "vi": "{cells} ô cho {columns} cột (ô có dấu phẩy phải đặt trong ngoặc kép)",
        "en": "more cells ({cells}) than columns ({columns}): a comma inside a cell needs quotes",
    },
    "admin.procedures.no_name": {"vi": "Thiếu tên thủ tục", "en": "no procedure name"},
    "admin.procedures.unknown_field": {
        "vi": "Lĩnh vực {code} không có trong danh sách",
        "en": "unknown field '{code}'",
    },
    "admin.current_list": {
        "vi": "Danh mục đang dùng: {source} ({n} thủ tục)",
        "en": "In use: {source} ({n} procedures)",
    },
    "admin.current_list.one": {
        "vi": "Danh mục đang dùng: {source} ({n} thủ tục)",
        "en": "In use: {source} (1 procedure)",
    },
    "admin.yes": {"vi": "Có", "en": "Yes"},
    "admin.no": {"vi": "Không", "en": "No"},
    "admin.col.code": {"vi": "Mã", "en": "Code"},
    "admin.col.name_vi": {"vi": "Tên (tiếng Việt)", "en": "Name (Vietnamese)"},
    "admin.col.name_en": {"vi": "Tên (tiếng Anh)", "en": "Name (English)"},
    "admin.col.icon": {"vi": "Biểu tượng", "en": "Icon"},
    "admin.col.daily_cap": {"vi": "Số tối đa/ngày", "en": "Daily cap"},
    "admin.col.sessions": {"vi": "Buổi tiếp nhận", "en": "Sessions"},
    "admin.col.active": {"vi": "Hoạt động", "en": "Active"},
    "admin.col.position": {"vi": "Thứ tự", "en": "Order"},
    "admin.col.number": {"vi": "Số quầy", "en": "Number"},
    "admin.col.name": {"vi": "Tên", "en": "Name"},
    "admin.col.services": {"vi": "Lĩnh vực phục vụ", "en": "Fields served"},
    "admin.col.display_group": {"vi": "Nhóm màn hình", "en": "Display group"},
    "admin.col.username": {"vi": "Tài khoản", "en": "Username"},
    "admin.col.full_name": {"vi": "Họ tên", "en": "Full name"},
    "admin.col.role": {"vi": "Vai trò", "en": "Role"},
    "admin.col.password": {"vi": "Mật khẩu", "en": "Password"},
    "admin.col.at": {"vi": "Thời gian", "en": "When"},
    "admin.col.who": {"vi": "Người thực hiện", "en": "Who"},
    "admin.col.what": {"vi": "Thao tác", "en": "What"},
    "admin.col.target": {"vi": "Đối tượng", "en": "Target"},
    "admin.col.before": {"vi": "Trước", "en": "Before"},
    "admin.col.after": {"vi": "Sau", "en": "After"},
    "admin.role.clerk": {"vi": "Cán bộ", "en": "Clerk"},
    "admin.role.manager": {"vi": "Lãnh đạo / quản lý", "en": "Manager"},
    "admin.role.admin": {"vi": "Quản trị hệ thống", "en": "Administrator"},
    "admin.tab.devices": {"vi": "Thiết bị", "en": "Devices"},
    "admin.tab.integration": {"vi": "Kết nối một cửa", "en": "One-stop link"},
    "admin.integration.help": {
        "vi": "Phần mềm một cửa điện tử của tỉnh lấy số liệu (số thứ tự, đánh giá) và gắn mã hồ sơ bằng mã kết nối. "
        "Mỗi mã chỉ hiện một lần khi tạo; hệ thống chỉ lưu bản băm. Thu hồi mã khi không dùng nữa. "
        "Hướng dẫn cho bên kết nối: docs/integration.md.",
        "en": "The province's one-stop software pulls tickets and ratings and links dossier codes with an "
        "integration token. A token is shown once, when created; only its hash is kept. Revoke a token no "
        "longer used. Guide for the other side: docs/integration.md.",
    },
    "admin.integration.name": {"vi": "Tên (ví dụ: Một cửa tỉnh)", "en": "Name (e.g. Province one-stop)"},
    "admin.integration.scopes": {"vi": "Quyền", "en": "Scopes"},
    "admin.integration.scope.tickets:read": {"vi": "đọc số thứ tự đã phục vụ", "en": "read tickets served"},
    "admin.integration.scope.ratings:read": {"vi": "đọc kết quả đánh giá", "en": "read ratings"},
    "admin.integration.scope.dossiers:write": {
        "vi": "gắn mã hồ sơ vào số thứ tự",
        "en": "link dossier codes to tickets",
    },
    "admin.integration.create": {"vi": "Tạo mã kết nối", "en": "Create token"},
    "admin.integration.once": {
        "vi": "Mã kết nối “{name}” — chỉ hiện lần này, hãy sao chép ngay:",
        "en": "Token “{name}” — shown only now, copy it:",
    },
    "admin.integration.tokens": {"vi": "Mã kết nối", "en": "Tokens"},
    "admin.integration.webhooks": {"vi": "Gửi sự kiện (webhook)", "en": "Events sent (webhooks)"},
    "admin.integration.no_webhooks": {
        "vi": "Chưa cấu hình địa chỉ nhận sự kiện (thiết lập webhook_urls).",
        "en": "No receiver configured (setting webhook_urls).",
    },
    "admin.integration.unsigned": {
        "vi": "Chưa đặt webhook_secret: bên nhận không kiểm tra được chữ ký.",
        "en": "webhook_secret is not set: receivers cannot check the signature.",
    },
    "admin.integration.active": {"vi": "Đang dùng", "en": "Active"},
    "admin.integration.revoked": {"vi": "Đã thu hồi {at}", "en": "Revoked {at}"},
    "admin.integration.revoke_confirm": {
        "vi": "Thu hồi mã kết nối “{name}”? Bên dùng mã này sẽ bị từ chối ngay.",
        "en": "Revoke token “{name}”? Whoever uses it is refused at once.",
    },
    "admin.integration.revoked_ok": {"vi": "Đã thu hồi mã kết nối “{name}”.", "en": "Token “{name}” revoked."},
    "admin.integration.col.name": {"vi": "Tên", "en": "Name"},
    "admin.integration.col.scopes": {"vi": "Quyền", "en": "Scopes"},
    "admin.integration.col.created_at": {"vi": "Tạo lúc", "en": "Created"},
    "admin.integration.col.last_used_at": {"vi": "Dùng gần nhất", "en": "Last used"},
    "admin.integration.col.status": {"vi": "Trạng thái", "en": "Status"},
    "admin.integration.col.url": {"vi": "Địa chỉ nhận", "en": "Receiver"},
    "admin.integration.col.waiting": {"vi": "Sự kiện chờ gửi", "en": "Waiting"},
    "admin.integration.col.oldest_at": {"vi": "Chờ từ", "en": "Waiting since"},
    "admin.integration.col.attempts": {"vi": "Lần thử lỗi", "en": "Failed tries"},
    "admin.integration.col.last_error": {"vi": "Lỗi gần nhất", "en": "Last error"},
    "admin.integration.col.last_ok_at": {"vi": "Gửi được gần nhất", "en": "Last delivered"},
    "admin.devices.help": {
        "vi": "Kiosk, màn hình gọi số và máy tính bảng đánh giá chỉ hoạt động sau khi được ghép nối. Thiết bị chưa ghép nối hiện một mã 6 chữ số: nhập mã đó, đặt tên và bấm Xác nhận.",
        "en": "Kiosks, call displays and rating tablets work only once paired. An unpaired device shows a 6-digit code: type it here, name the device and confirm.",
    },
    "admin.devices.code": {"vi": "Mã ghép nối (hiện trên thiết bị)", "en": "Pairing code (shown on the device)"},
    "admin.devices.name": {"vi": "Tên thiết bị (ví dụ: Kiosk sảnh chính)", "en": "Device name (e.g. Main hall kiosk)"},
    "admin.devices.confirm": {"vi": "Xác nhận ghép nối", "en": "Confirm pairing"},
    "admin.devices.paired": {"vi": "Đã ghép nối: {name}.", "en": "Paired: {name}."},
    "admin.devices.revoke": {"vi": "Thu hồi", "en": "Revoke"},
    "admin.devices.revoke_confirm": {
        "vi": "Thu hồi thiết bị “{name}”? Thiết bị sẽ ngừng hoạt động ngay.",
        "en": "Revoke “{name}”? It stops working at once.",
    },
    "admin.devices.revoked": {"vi": "Đã thu hồi: {name}.", "en": "Revoked: {name}."},
    "admin.device_status.pending": {"vi": "Đang chờ xác nhận", "en": "Waiting for confirmation"},
    "admin.device_status.active": {"vi": "Đang hoạt động", "en": "Active"},
    "admin.device_status.revoked": {"vi": "Đã thu hồi", "en": "Revoked"},
    "admin.col.kind": {"vi": "Loại", "en": "Kind"},
    "admin.col.config": {"vi": "Nhiệm vụ", "en": "Job"},
    "admin.col.status": {"vi": "Trạng thái", "en": "Status"},
    "admin.col.address": {"vi": "Địa chỉ mạng", "en": "Address"},
    "admin.col.last_seen_at": {"vi": "Kết nối gần nhất", "en": "Last seen"},
    "device.kind.kiosk": {"vi": "Kiosk lấy số", "en": "Ticket kiosk"},
    "device.kind.display": {"vi": "Màn hình gọi số", "en": "Call display"},
    "device.kind.rating": {"vi": "Máy tính bảng đánh giá", "en": "Rating tablet"},
    "device.job.kiosk": {"vi": "máy in {kiosk}", "en": "printer {kiosk}"},
    "device.job.display": {"vi": "nhóm màn hình {group}", "en": "display group {group}"},
    "device.job.rating": {"vi": "quầy số {counter}", "en": "counter {counter}"},
    "device.title": {"vi": "Thiết bị chưa được ghép nối", "en": "This device is not paired yet"},
    "device.code": {"vi": "Mã ghép nối", "en": "Pairing code"},
    "device.instructions": {
        "vi": "Cán bộ quản lý mở trang Quản trị → Thiết bị và nhập mã này. Thiết bị sẽ tự hoạt động ngay sau khi được xác nhận.",
        "en": "A manager opens Administration → Devices and types this code. The device starts by itself once confirmed.",
    },
    "device.waiting": {"vi": "Đang chờ xác nhận…", "en": "Waiting for confirmation…"},
    "device.offline": {"vi": "Chưa kết nối được máy chủ, đang thử lại…", "en": "Cannot reach the server; retrying…"},
    # /admin's lists: devices told apart, the audit log in words, the service icons by their look and name.
    "device.kind.agent": {"vi": "Chương trình in phiếu", "en": "Print agent"},
    "admin.devices.job.kiosk": {"vi": "Lấy số, in phiếu ở máy in {kiosk}", "en": "Issues tickets, prints on {kiosk}"},
    "admin.devices.job.agent": {"vi": "In phiếu cho kiosk {kiosk}", "en": "Prints the tickets of kiosk {kiosk}"},
    "admin.devices.job.display_all": {"vi": "Gọi số của tất cả các quầy", "en": "Calls from every counter"},
    "admin.devices.job.display": {
        "vi": "Gọi số của nhóm {group} (quầy {counters})",
        "en": "Calls from group {group} (counters {counters})",
    },
    "admin.devices.job.display_none": {
        "vi": "Gọi số của nhóm {group} (chưa có quầy nào trong nhóm này)",
        "en": "Calls from group {group} (no counter is in this group yet)",
    },
    "admin.devices.job.rating": {
        "vi": "Đánh giá ở quầy số {counter} (lĩnh vực {fields})",
        "en": "Ratings at counter {counter} (fields {fields})",
    },
    "admin.devices.never": {"vi": "Chưa kết nối", "en": "Never connected"},
    "admin.ago.now": {"vi": "vừa xong", "en": "just now"},
    "admin.ago.minutes": {"vi": "{n} phút trước", "en": "{n} min ago"},
    "admin.icon.chosen": {"vi": "Đang chọn: {name}", "en": "Chosen: {name}"},
    "admin.icon.stamp": {"vi": "Con dấu (chứng thực)", "en": "Stamp (certification)"},
    "admin.icon.family": {"vi": "Gia đình (hộ tịch)", "en": "Family (civil status)"},
    "admin.icon.land": {"vi": "Đất đai", "en": "Land"},
    "admin.icon.hands": {"vi": "Bàn tay (hỗ trợ)", "en": "Hands (social support)"},
    "admin.icon.house": {"vi": "Ngôi nhà (xây dựng, nhà ở)", "en": "House (building, housing)"},
    "admin.icon.shop": {"vi": "Cửa hàng (kinh doanh)", "en": "Shop (business)"},
    "admin.icon.leaf": {"vi": "Lá cây (nông nghiệp, môi trường)", "en": "Leaf (farming, environment)"},
    "admin.icon.book": {"vi": "Quyển sách (giáo dục, văn hóa)", "en": "Book (education, culture)"},
    "admin.icon.dots": {"vi": "Ba chấm (lĩnh vực khác)", "en": "Dots (other matters)"},
    "admin.icon.info": {"vi": "Thông tin (hướng dẫn)", "en": "Information (guidance)"},
    "admin.check.required": {"vi": "Bắt buộc nhập", "en": "required"},
    "admin.check.scopes": {"vi": "Chọn ít nhất một quyền trong: {scopes}", "en": "one or more of {scopes}"},
    "admin.check.text_between": {"vi": "Phải là chữ, từ 1 đến {limit} ký tự", "en": "text of 1 to {limit} characters"},
    "admin.check.unknown_fields": {"vi": "Không có trường: {names}", "en": "unknown fields: {names}"},
    "admin.check.prefix": {"vi": "Một chữ cái in hoa, từ A đến Z", "en": "one capital letter A–Z"},
    "admin.check.daily_cap": {
        "vi": "Để trống (không giới hạn) hoặc số nguyên từ 1 đến 9999",
        "en": "empty (no cap) or a whole number from 1 to 9999",
    },
    "admin.check.taken": {"vi": "{value} đã được dùng", "en": "{value} is already used"},
    "admin.check.counter_number": {"vi": "Số quầy từ 1 đến 999", "en": "a counter number from 1 to 999"},
    "admin.check.display_group": {
        "vi": "Chỉ gồm chữ a–z, chữ số, - hoặc _, ví dụ tang-1; để trống là main (nhóm mặc định)",
        "en": "letters a–z, digits, - or _, e.g. tang-1; empty is main (the default group)",
    },
    "admin.check.counter_needs_field": {
        "vi": "Mỗi quầy phục vụ ít nhất một lĩnh vực",
        "en": "a counter serves at least one field",
    },
    "admin.check.unknown_field": {"vi": "Có lĩnh vực không tồn tại trong danh sách", "en": "unknown field in the list"},
    "admin.check.counter_exists": {"vi": "Đã có quầy {number}", "en": "counter {number} exists"},
    "admin.check.username": {"vi": "Từ 3 đến 32 ký tự: a–z, 0–9, . _ -", "en": "3 to 32 characters: a–z, 0–9, . _ -"},
    "admin.check.password": {"vi": "Ít nhất 8 ký tự", "en": "at least 8 characters"},
    "admin.check.not_yourself": {
        "vi": "Bạn không thể tự ngừng hoạt động tài khoản của mình",
        "en": "you cannot deactivate yourself",
    },
    "admin.check.priority_code": {"vi": "Từ 2 đến 32 ký tự a–z hoặc _", "en": "2 to 32 characters a–z or _"},
    "admin.check.kiosk_name": {
        "vi": "Chỉ gồm chữ, chữ số, - hoặc _ (tối đa 40 ký tự)",
        "en": "letters, digits, - or _ (at most 40)",
    },
    "admin.check.display_group_or_all": {
        "vi": "Một nhóm màn hình (chữ, chữ số, - hoặc _) hoặc *",
        "en": "a display group (letters, digits, - or _) or *",
    },
    "admin.check.existing_counter": {"vi": "Phải là số của một quầy đã có", "en": "an existing counter number"},
    "admin.check.pairing_code": {
        "vi": "Không có thiết bị nào đang hiện mã này (mã chỉ có hiệu lực 30 phút)",
        "en": "no device is showing this code (codes last 30 minutes)",
    },
    "admin.check.device_name": {"vi": "Tên từ 1 đến 60 ký tự", "en": "a name of 1 to 60 characters"},
    "admin.audit.empty": {"vi": "Chưa có thao tác nào được ghi lại.", "en": "No change has been recorded yet."},
    "admin.audit.counter": {"vi": "Quầy {number}", "en": "Counter {number}"},
    "admin.audit.ticket": {"vi": "Số {number}", "en": "Ticket {number}"},
    "admin.audit.action.service.create": {"vi": "Thêm lĩnh vực", "en": "Field added"},
    "admin.audit.action.service.update": {"vi": "Sửa lĩnh vực", "en": "Field changed"},
    "admin.audit.action.counter.create": {"vi": "Thêm quầy", "en": "Counter added"},
    "admin.audit.action.counter.update": {"vi": "Sửa quầy", "en": "Counter changed"},
    "admin.audit.action.user.create": {"vi": "Thêm tài khoản", "en": "Account added"},
    "admin.audit.action.user.update": {"vi": "Sửa tài khoản", "en": "Account changed"},
    "admin.audit.action.user.password": {"vi": "Đặt lại mật khẩu", "en": "Password reset"},
    "admin.audit.action.priority.create": {"vi": "Thêm đối tượng ưu tiên", "en": "Priority category added"},
    "admin.audit.action.priority.update": {"vi": "Sửa đối tượng ưu tiên", "en": "Priority category changed"},
    "admin.audit.action.option.update": {"vi": "Sửa tùy chọn", "en": "Option changed"},
    "admin.audit.action.procedures.upload": {"vi": "Tải lên danh mục thủ tục", "en": "Procedures list uploaded"},
    "admin.audit.action.device.pair": {"vi": "Ghép nối thiết bị", "en": "Device paired"},
    "admin.audit.action.device.revoke": {"vi": "Thu hồi thiết bị", "en": "Device revoked"},
    "admin.audit.action.token.create": {"vi": "Tạo mã kết nối", "en": "Token created"},
    "admin.audit.action.token.revoke": {"vi": "Thu hồi mã kết nối", "en": "Token revoked"},
    "admin.audit.action.dossier.link": {"vi": "Gắn mã hồ sơ", "en": "Dossier code linked"},
    "admin.audit.action.dossier.unlink": {"vi": "Gỡ mã hồ sơ", "en": "Dossier code unlinked"},
    "admin.audit.key.id": {"vi": "Số hiệu", "en": "ID"},
    "admin.audit.key.state": {"vi": "Trạng thái quầy", "en": "Counter state"},
    "admin.audit.key.clerk_id": {"vi": "Cán bộ đang ngồi quầy (số hiệu)", "en": "Clerk at the counter (ID)"},
    "admin.audit.key.created_at": {"vi": "Tạo lúc", "en": "Created"},
    "admin.audit.key.paired_at": {"vi": "Ghép nối lúc", "en": "Paired"},
    "admin.audit.key.paired_by": {"vi": "Người ghép nối (số hiệu)", "en": "Paired by (ID)"},
    "admin.audit.key.revoked_at": {"vi": "Thu hồi lúc", "en": "Revoked"},
    "admin.audit.key.revoked": {"vi": "Đã thu hồi", "en": "Revoked"},
    "admin.audit.key.scopes": {"vi": "Quyền", "en": "Scopes"},
    "admin.audit.key.dossiers": {"vi": "Mã hồ sơ", "en": "Dossier codes"},
    "admin.audit.key.imported": {"vi": "Số thủ tục đã nhập", "en": "Procedures imported"},
    "admin.audit.key.rejected": {"vi": "Số dòng bị loại", "en": "Lines rejected"},
    "admin.sessions_hint": {"vi": "Ví dụ: 07:30-11:30, 13:30-17:00", "en": "e.g. 07:30-11:30, 13:30-17:00"},
    "live.waiting": {"vi": "Đang chờ", "en": "Waiting"},
    "live.col.waiting": {"vi": "Số người chờ", "en": "People waiting"},
    "live.longest": {"vi": "Chờ lâu nhất", "en": "Longest wait"},
    "live.counters": {"vi": "Tình trạng quầy", "en": "Counters"},
    "live.col.counter": {"vi": "Quầy", "en": "Counter"},
    "live.col.clerk": {"vi": "Cán bộ", "en": "Clerk"},
    "live.col.ticket": {"vi": "Số đang gọi / phục vụ", "en": "Current ticket"},
    "live.today": {"vi": "Hôm nay", "en": "Today"},
    "live.issued": {"vi": "Đã cấp số", "en": "Issued"},
    "live.served": {"vi": "Đã phục vụ", "en": "Served"},
    "live.no_show": {"vi": "Vắng mặt", "en": "No-shows"},
    "live.satisfaction": {"vi": "Hài lòng", "en": "Satisfied"},
    "live.alarms": {"vi": "Cảnh báo", "en": "Alarms"},
    "live.no_alarm": {"vi": "Không có cảnh báo", "en": "No alarm"},
    "live.alarm.wait": {
        "vi": "{service}: có người chờ {waited} (chỉ tiêu {target} phút)",
        "en": "{service}: someone has waited {waited} (target {target} min)",
    },
    "live.alarm.printer": {"vi": "Máy in kiosk {kiosk}: {state}", "en": "Kiosk {kiosk} printer: {state}"},
    "live.alarm.logins": {
        "vi": "Tài khoản {username}: {n} lần đăng nhập sai trong 1 giờ qua, từ {addresses} địa chỉ",
        "en": "Account {username}: {n} failed logins in the last hour from {addresses} address(es)",
    },
    "live.alarm.phone_url": {
        "vi": "Mã QR trên phiếu trỏ tới {url}: điện thoại của công dân không mở được. Đặt "
        "public_url (ví dụ http://192.168.1.10:8080) hoặc nối mạng cho máy chủ.",
        "en": "The QR on tickets points to {url}: citizens' phones cannot open it. Set public_url "
        "(e.g. http://192.168.1.10:8080) or connect the server to the network.",
    },
    "live.alarm.phone_listen": {
        "vi": "Mã QR trên phiếu trỏ tới {url}, nhưng máy chủ chỉ nhận kết nối trên {host}: điện thoại của công dân"
        " không mở được. Chạy máy chủ với --host 0.0.0.0 (XEPHANG_HOST=0.0.0.0), hoặc đặt sau proxy.",
        "en": "The QR on tickets points to {url}, but the server only accepts connections on {host}: citizens'"
        " phones cannot open it. Serve with --host 0.0.0.0 (XEPHANG_HOST=0.0.0.0), or behind a proxy.",
    },
    "live.alarm.unprinted": {"vi": "{n} phiếu chưa in được", "en": "{n} tickets not printed"},
    "live.alarm.unprinted.one": {"vi": "{n} phiếu chưa in được", "en": "1 ticket not printed"},
    "live.close": {"vi": "Đóng quầy", "en": "Close counter"},
    "live.close_confirm": {
        "vi": "Đóng {counter} của {clerk}? Cán bộ sẽ phải nhận quầy lại khi quay về.",
        "en": "Close {counter} of {clerk}? The clerk will have to take the counter again on return.",
    },
    "live.closed_done": {"vi": "Đã đóng {counter}.", "en": "{counter} closed."},
    "live.state.open": {"vi": "Đang mở", "en": "Open"},
    "live.state.paused": {"vi": "Tạm nghỉ", "en": "Paused"},
    "live.state.closed": {"vi": "Đã đóng", "en": "Closed"},
    "live.serving": {"vi": "{number} ({time})", "en": "{number} ({time})"},
    "report.period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "report.period.day": {"vi": "Ngày", "en": "Day"},
    "report.period.week": {"vi": "Tuần", "en": "Week"},
    "report.period.month": {"vi": "Tháng", "en": "Month"},
    "report.period.quarter": {"vi": "Quý", "en": "Quarter"},
    "report.period.half": {"vi": "6 tháng", "en": "6 months"},
    "report.period.nine_months": {"vi": "9 tháng", "en": "9 months"},
    "report.period.year": {"vi": "Năm", "en": "Year"},
    "report.period.custom": {"vi": "Tùy chọn", "en": "Custom"},
    "report.show": {"vi": "Xem báo cáo", "en": "Show"},
    "report.computing": {"vi": "Đang tính…", "en": "Computing…"},
    "report.xlsx": {"vi": "Tải Excel (XLSX)", "en": "Download XLSX"},
    "report.csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "report.print": {"vi": "Bản in", "en": "Printable page"},
    "report.by_service": {"vi": "Theo lĩnh vực", "en": "By field"},
    "report.by_counter": {"vi": "Theo quầy", "en": "By counter"},
    "report.by_clerk": {"vi": "Theo cán bộ", "en": "By officer"},
    "report.reasons": {"vi": "Lý do chưa hài lòng", "en": "Reasons for dissatisfaction"},
    "report.load": {"vi": "Lượng công dân theo giờ và thứ", "en": "Load by hour and weekday"},
    "report.total": {"vi": "Tổng cộng", "en": "Total"},
    "report.title": {"vi": "Báo cáo kết quả tiếp nhận và mức độ hài lòng", "en": "Service and satisfaction report"},
    "report.range": {"vi": "Từ ngày {from} đến ngày {to}", "en": "From {from} to {to}"},
    "report.target": {"vi": "Chỉ tiêu", "en": "Target"},
    "report.meets": {"vi": "Đạt", "en": "Met"},
    "report.misses": {"vi": "Chưa đạt", "en": "Not met"},
    "report.comments": {
        "vi": "Góp ý và mã hồ sơ công dân ghi trên máy đánh giá",
        "en": "Comments and dossier codes citizens typed on the rating tablet",
    },
    "report.comments_count": {
        "vi": "{n} lượt đánh giá có góp ý hoặc mã hồ sơ (hiển thị {listed} lượt mới nhất).",
        "en": "{n} ratings with a comment or a dossier code ({listed} newest shown).",
    },
    "report.comments_count.one": {
        "vi": "{n} lượt đánh giá có góp ý hoặc mã hồ sơ (hiển thị {listed} lượt mới nhất).",
        "en": "1 rating with a comment or a dossier code ({listed} shown).",
    },
    "report.col.at": {"vi": "Thời điểm", "en": "When"},
    "report.col.field": {"vi": "Lĩnh vực", "en": "Field"},
    "report.col.officer": {"vi": "Cán bộ", "en": "Officer"},
    "report.col.dossier_code": {"vi": "Mã hồ sơ", "en": "Dossier code"},
    "report.col.comment": {"vi": "Góp ý", "en": "Comment"},
    "report.col.service": {"vi": "Mã", "en": "Code"},
    "report.col.name": {"vi": "Lĩnh vực", "en": "Field"},
    "report.col.counter": {"vi": "Quầy", "en": "Counter"},
    "report.col.counter_name": {"vi": "Tên quầy", "en": "Counter name"},
    "report.col.username": {"vi": "Tài khoản", "en": "Username"},
    "report.col.full_name": {"vi": "Họ tên", "en": "Name"},
    "report.col.issued": {"vi": "Số phiếu cấp", "en": "Issued"},
    "report.col.served": {"vi": "Đã phục vụ", "en": "Served"},
    "report.col.no_show": {"vi": "Vắng mặt", "en": "No-shows"},
    "report.col.transferred": {"vi": "Chuyển lĩnh vực", "en": "Transferred"},
    "report.col.cancelled": {"vi": "Đã hủy", "en": "Cancelled"},
    "report.col.expired": {"vi": "Chưa hoàn thành trong ngày", "en": "Unfinished at day close"},
    "report.col.still_open": {"vi": "Còn đang chờ, đang phục vụ", "en": "Still waiting or being served"},
    "report.col.transferred_in": {"vi": "Chuyển đến", "en": "Transferred in"},
    "report.col.avg_wait_s": {"vi": "Chờ TB (phút)", "en": "Avg wait (min)"},
    "report.col.median_wait_s": {"vi": "Chờ trung vị (phút)", "en": "Median wait (min)"},
    "report.col.p90_wait_s": {"vi": "Chờ P90 (phút)", "en": "P90 wait (min)"},
    "report.col.max_wait_s": {"vi": "Chờ lâu nhất (phút)", "en": "Max wait (min)"},
    "report.col.within_target": {"vi": "Tỷ lệ chờ trong chỉ tiêu", "en": "Within wait target"},
    "report.col.avg_service_s": {"vi": "Phục vụ TB (phút)", "en": "Avg service (min)"},
    "report.col.p90_service_s": {"vi": "Phục vụ P90 (phút)", "en": "P90 service (min)"},
    "report.col.priority_share": {"vi": "Tỷ lệ ưu tiên", "en": "Priority share"},
    "report.col.rated": {"vi": "Lượt đánh giá", "en": "Rated"},
    "report.col.satisfied": {"vi": "Hài lòng", "en": "Satisfied"},
    "report.col.dissatisfied": {"vi": "Không hài lòng", "en": "Dissatisfied"},
    "report.col.satisfaction_rate": {"vi": "Tỷ lệ hài lòng", "en": "Satisfaction rate"},
    "report.col.target": {"vi": "Chỉ tiêu", "en": "Target"},
    "report.col.rated_share": {"vi": "Tỷ lệ được đánh giá", "en": "Share rated"},
    "report.col.reason": {"vi": "Lý do", "en": "Reason"},
    "report.col.count": {"vi": "Số lượt", "en": "Count"},
    "report.col.weekday": {"vi": "Thứ", "en": "Weekday"},
    "report.col.hour": {"vi": "Giờ", "en": "Hour"},
    "report.sheet.services": {"vi": "Lĩnh vực", "en": "Fields"},
    "report.sheet.counters": {"vi": "Quầy", "en": "Counters"},
    "report.sheet.clerks": {"vi": "Cán bộ", "en": "Officers"},
    "report.sheet.reasons": {"vi": "Lý do chưa hài lòng", "en": "Reasons"},
    "report.sheet.load": {"vi": "Theo giờ", "en": "By hour"},
    "report.sheet.flagged": {"vi": "Đánh giá cần xem lại", "en": "Ratings to check"},
    "report.sheet.comments": {"vi": "Góp ý của công dân", "en": "Citizens' comments"},
    "report.flagged": {
        "vi": "Đánh giá cần xem lại: phiếu do cán bộ tự lấy, hoặc phục vụ dưới {s} giây",
        "en": "Ratings to check: tickets staff issued themselves, or served in under {s} s",
    },
    "report.flag_counts": {
        "vi": "Trong kỳ: {staff} phiếu do cán bộ lấy, {short} lượt phục vụ dưới {s} giây, {rated} lượt đánh giá cần xem lại.",
        "en": "In the period: tickets issued by staff: {staff}; services under {s} s: {short}; ratings to check: {rated}.",
    },
    "report.col.flagged_rated": {"vi": "Đánh giá cần xem lại", "en": "Ratings to check"},
    "report.col.day": {"vi": "Ngày", "en": "Date"},
    "report.col.number": {"vi": "Số thứ tự", "en": "Number"},
    "report.col.service_s": {"vi": "Thời gian phục vụ (giây)", "en": "Service time (s)"},
    "report.col.staff_issued": {"vi": "Cán bộ lấy số", "en": "Issued by staff"},
    "report.col.score": {"vi": "Mức đánh giá", "en": "Rating"},
    "report.by_dossier": {
        "vi": "Mức độ hài lòng theo hồ sơ (Quyết định 766/QĐ-TTg)",
        "en": "Satisfaction per dossier (Decision 766/QĐ-TTg)",
    },
    "report.by_dossier_note": {
        "vi": "Tỷ lệ = (số hồ sơ − số hồ sơ được đánh giá “không hài lòng”) ÷ số hồ sơ. Hồ sơ là mã hồ sơ gắn với số "
        "thứ tự (cán bộ nhập hoặc quét, phần mềm một cửa gắn, hoặc công dân nhập khi đánh giá). Cột cuối là tỷ lệ "
        "theo lượt đánh giá để so sánh.",
        "en": "Rate = (dossiers − dossiers rated “dissatisfied”) ÷ dossiers. A dossier is a dossier code linked to a "
        "ticket (typed or scanned by the clerk, linked by the one-stop software, or typed by the citizen when "
        "rating). The last column is the per-rating rate, for comparison.",
    },
    "report.col.dossiers": {"vi": "Số hồ sơ", "en": "Dossiers"},
    "report.col.dossiers_dissatisfied": {"vi": "Hồ sơ không hài lòng", "en": "Dossiers dissatisfied"},
    "report.col.dossier_satisfaction_rate": {"vi": "Tỷ lệ hài lòng theo hồ sơ", "en": "Satisfaction per dossier"},
    "report.col.served_without_dossier": {
        "vi": "Lượt phục vụ không có mã hồ sơ",
        "en": "Served without a dossier code",
    },
    "report.sheet.dossiers": {"vi": "Theo hồ sơ - lĩnh vực", "en": "Dossiers by field"},
    "report.sheet.clerk_dossiers": {"vi": "Theo hồ sơ - cán bộ", "en": "Dossiers by officer"},
    "report.yes": {"vi": "Có", "en": "Yes"},
    "report.no": {"vi": "Không", "en": "No"},
    # The reports screen's rows open their other figures below them (issue 16).
    "report.details": {"vi": "Chi tiết", "en": "Details"},
    "report.col.levels": {"vi": "Số lượt theo mức", "en": "Ratings per level"},
    "report.day.date": {"vi": "Ngày trong kỳ (dd/mm/yyyy)", "en": "A day of the period (dd/mm/yyyy)"},
    "report.day.from": {"vi": "Từ ngày (dd/mm/yyyy)", "en": "From (dd/mm/yyyy)"},
    "report.day.to": {"vi": "Đến ngày (dd/mm/yyyy)", "en": "To (dd/mm/yyyy)"},
    "report.compare": {
        "vi": "So sánh với kỳ trước và cùng kỳ năm trước",
        "en": "Compared with the previous period and the same period a year earlier",
    },
    "report.compare.current": {"vi": "Kỳ này", "en": "This period"},
    "report.pick_day": {"vi": "Chọn ngày trên lịch", "en": "Pick a day on the calendar"},
    "report.bad_day": {
        "vi": 'Ngày "{text}" không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 30/09/2026.',
        "en": '"{text}" is not a valid day: type it as dd/mm/yyyy, e.g. 30/09/2026.',
    },
    # The report as an administrative document (admin/document.py) and its print page.
    "doc.motto": {"vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "en": "SOCIALIST REPUBLIC OF VIET NAM"},
    "doc.freedom": {"vi": "Độc lập - Tự do - Hạnh phúc", "en": "Independence - Freedom - Happiness"},
    "doc.kind": {"vi": "BÁO CÁO", "en": "REPORT"},
    "doc.number": {"vi": "Số: {number}/{symbol}", "en": "No. {number}/{symbol}"},
    "doc.place_date": {"vi": "{place}, ngày {d} tháng {m} năm {y}", "en": "{place}, {d}/{m}/{y}"},
    "doc.to": {"vi": "Kính gửi: {name}.", "en": "To: {name}."},
    "doc.recipients": {"vi": "Nơi nhận:", "en": "Distribution:"},
    "doc.summary": {
        "vi": "Kết quả tiếp nhận, phục vụ và mức độ hài lòng của người dân, doanh nghiệp {period}",
        "en": "Reception, service and the satisfaction of citizens and businesses, {period}",
    },
    "doc.period.month": {"vi": "tháng {month} năm {year}", "en": "month {month} of {year}"},
    "doc.period.quarter": {"vi": "quý {quarter} năm {year}", "en": "quarter {quarter} of {year}"},
    "doc.period.half_first": {"vi": "6 tháng đầu năm {year}", "en": "the first 6 months of {year}"},
    "doc.period.half": {"vi": "6 tháng cuối năm {year}", "en": "the last 6 months of {year}"},
    "doc.period.nine_months": {"vi": "9 tháng năm {year}", "en": "the first 9 months of {year}"},
    "doc.period.year": {"vi": "năm {year}", "en": "the year {year}"},
    "doc.period.custom": {"vi": "từ ngày {from} đến ngày {to}", "en": "from {from} to {to}"},
    "doc.intro": {
        "vi": "Thực hiện nhiệm vụ tiếp nhận, giải quyết thủ tục hành chính và đánh giá mức độ hài lòng của người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg, đơn vị báo cáo kết quả từ ngày {from} đến ngày {to} như sau:",
        "en": "Under Decision 766/QĐ-TTg on evaluating the satisfaction of citizens and businesses, the unit reports its results from {from} to {to} as follows:",
    },
    "doc.h.results": {"vi": "I. KẾT QUẢ THỰC HIỆN", "en": "I. RESULTS"},
    "doc.h.volumes": {
        "vi": "1. Số lượt tiếp nhận, phục vụ theo lĩnh vực",
        "en": "1. Citizens received and served, by field",
    },
    "doc.volumes": {
        "vi": "Trong kỳ, hệ thống đã cấp {issued} số thứ tự; đã phục vụ xong {served} lượt; vắng mặt {no_show} lượt; hủy {cancelled} lượt; chuyển sang lĩnh vực khác {transferred} lượt (nhận chuyển đến {transferred_in} lượt); còn chờ {waiting_left} lượt.",
        "en": "In the period, {issued} tickets were issued; {served} citizens were served; {no_show} did not come when called; {cancelled} tickets were cancelled; {transferred} were transferred to another field ({transferred_in} received by transfer); {waiting_left} were still waiting.",
    },
    "doc.h.times": {"vi": "2. Thời gian chờ và thời gian phục vụ", "en": "2. Waiting and service times"},
    "doc.times": {
        "vi": "Thời gian chờ trung bình {avg} phút; 90 % công dân chờ không quá {p90} phút; lâu nhất {max} phút. Tỷ lệ được gọi trong {target} phút (chỉ tiêu): {within}. Thời gian phục vụ trung bình {service} phút (90 % không quá {service_p90} phút).",
        "en": "The average wait was {avg} min; 90 % waited at most {p90} min; the longest {max} min. Called within {target} min (the target): {within}. The average service took {service} min (90 % at most {service_p90} min).",
    },
    "doc.h.satisfaction": {
        "vi": "3. Mức độ hài lòng của người dân, doanh nghiệp",
        "en": "3. Satisfaction of citizens and businesses",
    },
    "doc.formula": {
        "vi": 'Tỷ lệ hài lòng = (số lượt đánh giá − số lượt "không hài lòng") ÷ số lượt đánh giá (Quyết định số 766/QĐ-TTg).',
        "en": 'Satisfaction rate = (ratings − "dissatisfied") ÷ ratings (Decision 766/QĐ-TTg).',
    },
    "doc.satisfaction": {
        "vi": 'Có {rated} lượt đánh giá ({share} số lượt đã phục vụ), trong đó {satisfied} lượt hài lòng trở lên và {dissatisfied} lượt "không hài lòng"; tỷ lệ hài lòng chung đạt {rate} (chỉ tiêu {target}).',
        "en": 'There were {rated} ratings ({share} of those served): {satisfied} satisfied or better and {dissatisfied} "dissatisfied"; the overall satisfaction rate is {rate} (target {target}).',
    },
    "doc.h.by_field": {"vi": "a) Theo lĩnh vực", "en": "a) By field"},
    "doc.h.by_officer": {"vi": "b) Theo cán bộ", "en": "b) By officer"},
    "doc.h.missed": {"vi": "c) Lĩnh vực, cán bộ chưa đạt chỉ tiêu", "en": "c) Fields and officers below target"},
    "doc.missed_fields": {
        "vi": "Lĩnh vực chưa đạt chỉ tiêu (tỷ lệ / chỉ tiêu): {names}.",
        "en": "Fields below target (rate / target): {names}.",
    },
    "doc.all_fields_met": {
        "vi": "Các lĩnh vực có đánh giá đều đạt chỉ tiêu.",
        "en": "Every rated field met its target.",
    },
    "doc.missed_officers": {
        "vi": "Cán bộ chưa đạt chỉ tiêu (tỷ lệ / chỉ tiêu): {names}.",
        "en": "Officers below target (rate / target): {names}.",
    },
    "doc.all_officers_met": {
        "vi": "Các cán bộ có đánh giá đều đạt chỉ tiêu.",
        "en": "Every rated officer met the target.",
    },
    "doc.h.dissatisfied": {
        "vi": 'd) Ý kiến "không hài lòng" và lý do',
        "en": 'd) "Dissatisfied" ratings and their reasons',
    },
    "doc.dissatisfied": {
        "vi": 'Có {n} lượt "không hài lòng"; lý do người dân chọn (số lượt): {reasons}.',
        "en": 'There were {n} "dissatisfied" ratings; the reasons citizens chose (count): {reasons}.',
    },
    "doc.dissatisfied_no_reason": {
        "vi": 'Có {n} lượt "không hài lòng"; người dân không chọn lý do.',
        "en": 'There were {n} "dissatisfied" ratings; no reason was chosen.',
    },
    "doc.none_dissatisfied": {"vi": 'Không có lượt "không hài lòng".', "en": 'There was no "dissatisfied" rating.'},
    "doc.h.compare": {"vi": "II. SO SÁNH VỚI {period}", "en": "II. COMPARED WITH {period}"},
    "doc.points": {"vi": "điểm %", "en": "points"},
    "doc.col.no": {"vi": "STT", "en": "No."},
    "doc.col.transferred_in": {"vi": "Nhận chuyển đến", "en": "Transferred in"},
    "doc.col.officer": {"vi": "Cán bộ", "en": "Officer"},
    "doc.col.result": {"vi": "Kết quả", "en": "Result"},
    "doc.col.figure": {"vi": "Nội dung", "en": "Figure"},
    "doc.col.this_period": {"vi": "Kỳ này", "en": "This period"},
    "doc.col.change": {"vi": "Tăng (+) / giảm (−)", "en": "Change"},
    "doc.appendix": {"vi": "PHỤ LỤC: SỐ LIỆU CHI TIẾT", "en": "APPENDIX: DETAILED FIGURES"},
    "report.docx": {"vi": "Tải Word (DOCX)", "en": "Download Word (DOCX)"},
    # The public posting of results (/cong-khai, and its rotation on displays and the kiosk's idle screen).
    "screen.public": {"vi": "Công khai kết quả đánh giá (không cần đăng nhập)", "en": "Published results (no login)"},
    "public.title": {"vi": "Công khai kết quả đánh giá chất lượng phục vụ", "en": "Service quality results"},
    "public.basis": {
        "vi": 'Theo Quyết định số 766/QĐ-TTg và Nghị định số 61/2018/NĐ-CP. Tỷ lệ hài lòng = (số lượt đánh giá − số lượt "không hài lòng") ÷ số lượt đánh giá.',
        "en": 'Under Decision 766/QĐ-TTg and Decree 61/2018/NĐ-CP. Satisfaction rate = (ratings − "dissatisfied") ÷ ratings.',
    },
    "public.period.month": {"vi": "Tháng {month}/{year}", "en": "Month {month}/{year}"},
    "public.period.quarter": {"vi": "Quý {quarter}/{year}", "en": "Quarter {quarter} of {year}"},
    "public.period.year": {"vi": "Năm {year}", "en": "Year {year}"},
    "public.range": {"vi": "từ {from} đến {to}", "en": "{from} to {to}"},
    "public.field": {"vi": "Lĩnh vực", "en": "Field"},
    "public.officer": {"vi": "Cán bộ", "en": "Officer"},
    "public.served": {"vi": "Lượt đã phục vụ", "en": "Served"},
    "public.avg_wait": {"vi": "Chờ trung bình", "en": "Average wait"},
    "public.rated": {"vi": "Lượt đánh giá", "en": "Ratings"},
    "public.rate": {"vi": "Tỷ lệ hài lòng", "en": "Satisfaction"},
    "public.target": {"vi": "Chỉ tiêu", "en": "Target"},
    "public.total": {"vi": "Toàn trung tâm", "en": "Whole centre"},
    "public.minutes": {"vi": "{n} phút", "en": "{n} min"},
    "public.met": {"vi": "Đạt", "en": "Met"},
    "public.missed": {"vi": "Chưa đạt", "en": "Not met"},
    "public.officers": {"vi": "Kết quả theo cán bộ", "en": "By officer"},
    "public.hotline": {
        "vi": "Phản ánh, kiến nghị về chất lượng phục vụ: đường dây nóng {hotline}",
        "en": "Complaints about the service: hotline {hotline}",
    },
    "public.loading": {"vi": "Đang tải số liệu…", "en": "Loading…"},
    "public.updated": {"vi": "Số liệu cập nhật lúc {time}", "en": "Figures as of {time}"},
    "weekday.0": {"vi": "Thứ Hai", "en": "Monday"},
    "weekday.1": {"vi": "Thứ Ba", "en": "Tuesday"},
    "weekday.2": {"vi": "Thứ Tư", "en": "Wednesday"},
    "weekday.3": {"vi": "Thứ Năm", "en": "Thursday"},
    "weekday.4": {"vi": "Thứ Sáu", "en": "Friday"},
    "weekday.5": {"vi": "Thứ Bảy", "en": "Saturday"},
    "weekday.6": {"vi": "Chủ Nhật", "en": "Sunday"},
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
    "rating.reason.complaints": {
        "vi": "Phản ánh, kiến nghị chưa được giải quyết",
        "en": "My complaint was not handled",
    },
    "rating.counter": {"vi": "Quầy số {counter}", "en": "Counter {counter}"},
    "rating.clerk": {"vi": "Cán bộ: {name}", "en": "Officer: {name}"},
    "rating.no_clerk": {"vi": "Quầy chưa mở", "en": "Counter not open"},
    "rating.serving": {"vi": "Đang phục vụ số {number}", "en": "Now serving {number}"},
    "rating.question": {
        "vi": "Ông/Bà có hài lòng với việc giải quyết hồ sơ hôm nay?",
        "en": "Are you satisfied with how your matter was handled today?",
    },
    "rating.for_ticket": {"vi": "Số thứ tự {number}", "en": "Ticket {number}"},
    "rating.why": {"vi": "Ông/Bà chưa hài lòng về điều gì? (không bắt buộc)", "en": "What went wrong? (optional)"},
    "rating.dossier": {"vi": "Mã hồ sơ (nếu có)", "en": "Dossier code (if any)"},
    "rating.comment": {"vi": "Góp ý thêm", "en": "Other remarks"},
    "rating.send": {"vi": "Gửi đánh giá", "en": "Send"},
    "rating.thanks": {"vi": "Cảm ơn Ông/Bà đã đánh giá!", "en": "Thank you for your rating!"},
    "rating.seconds_left": {"vi": "Còn {s} giây", "en": "{s} s left"},
    "rating.anonymous": {"vi": "Đánh giá được ghi nhận ẩn danh.", "en": "Ratings are anonymous."},
    # Dossier codes and the one-stop software (docs/integration.md).
    "error.dossier_code_invalid": {
        "vi": "Mã hồ sơ “{dossier}” không đúng dạng quy định (mẫu: {pattern}).",
        "en": "Dossier code “{dossier}” does not have the expected shape (pattern: {pattern}).",
    },
    "error.dossier_pattern_broken": {
        "vi": "Mẫu mã hồ sơ trong cấu hình bị sai: {pattern}. Hãy sửa tùy chọn dossier_pattern.",
        "en": "The dossier code pattern in the options is broken: {pattern}. Fix the dossier_pattern option.",
    },
    "error.too_many_dossiers": {
        "vi": "Một số thứ tự gắn tối đa {n} mã hồ sơ.",
        "en": "A ticket carries at most {n} dossier codes.",
    },
    "error.unknown_dossier": {
        "vi": "Số thứ tự này không gắn mã hồ sơ {dossier}.",
        "en": "This ticket has no dossier code {dossier}.",
    },
    "error.dossier_not_now": {
        "vi": "Chỉ gắn mã hồ sơ khi đang phục vụ hoặc đã phục vụ xong (số đang ở trạng thái {status}).",
        "en": "A dossier code is linked while serving or after finishing (the ticket is {status}).",
    },
    "error.token_refused": {
        "vi": "Mã kết nối không hợp lệ hoặc đã bị thu hồi.",
        "en": "The integration token is unknown or revoked.",
    },
    "error.token_scope": {
        "vi": "Mã kết nối không có quyền {scope}.",
        "en": "The integration token does not hold the scope {scope}.",
    },
    "error.unknown_token": {"vi": "Không có mã kết nối này.", "en": "There is no such integration token."},
    "alarm.webhooks": {
        "vi": "{n} sự kiện chưa gửi được tới {url} (chờ từ {since}, lỗi gần nhất: {error})",
        "en": "{n} events not yet delivered to {url} (waiting since {since}, last error: {error})",
    },
    "alarm.webhooks.one": {
        "vi": "{n} sự kiện chưa gửi được tới {url} (chờ từ {since}, lỗi gần nhất: {error})",
        "en": "1 event not yet delivered to {url} (waiting since {since}, last error: {error})",
    },
    # Server console.
    "cli.phones": {"vi": "QR trên phiếu (điện thoại công dân)", "en": "Ticket QR (citizens' phones)"},
    "cli.phones_proxy": {
        "vi": "địa chỉ kiosk mở qua proxy (đặt public_url để cố định)",
        "en": "the address the kiosk opens through the proxy (set public_url to fix it)",
    },
    "cli.phones_unreachable": {
        "vi": "  ! QR trên phiếu trỏ tới {url}: điện thoại không mở được. Chạy với --host 0.0.0.0 "
        "trên mạng LAN, hoặc đặt public_url.",
        "en": "  ! The ticket QR points to {url}: phones cannot open it. Serve with --host 0.0.0.0 "
        "on the LAN, or set public_url.",
    },
    "cli.screens": {"vi": "Các màn hình", "en": "Screens"},
    "cli.pairing": {
        "vi": "Kiosk, màn hình, máy tính bảng cần được ghép nối: mở trang của thiết bị, nhập mã nó hiện vào Quản trị → Thiết bị.",
        "en": "Kiosks, displays and tablets must be paired: open the device's page and type the code it shows in Administration → Devices.",
    },
    "cli.pairing_demo": {
        "vi": "Chế độ demo: thiết bị trên chính máy này tự ghép nối; thiết bị khác hiện mã để xác nhận trong Quản trị → Thiết bị.",
        "en": "Demo mode: devices on this machine pair by themselves; others show a code to confirm in Administration → Devices.",
    },
    "cli.demo_warning": {
        "vi": "CHẾ ĐỘ DEMO: tài khoản mẫu dưới đây chỉ để thử, không dùng khi vận hành thật.",
        "en": "DEMO MODE: the sample accounts below are for trying out only, never for real operation.",
    },
}

CATALOG.update(OPTION_CATALOG)
TWICE = sorted(set(CATALOG) & set(REPORT_CATALOG))  # a test keeps it empty: one text per key
CATALOG.update(REPORT_CATALOG)


def counter_list(numbers: Iterable[int], lang: str = DEFAULT_LANGUAGE) -> str:
    """Counter numbers as a citizen reads them (the kiosk's XH.counterList says the same on its screen): a run of
    three or more from first to last, in words a dash would hide from an elderly reader ("7 đến 100"), others one by
    one: "1, 2, 7 đến 100" (a provincial hall's field is served at ninety counters)."""
    ordered, parts, i = sorted(numbers), [], 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(t("kiosk.counter_run", lang, first=ordered[i], last=ordered[j]))
        else:
            parts += map(str, ordered[i : j + 1])
        i = j + 1
    return ", ".join(parts)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The text for `key` in `lang` (falling back to Vietnamese), with `{params}` filled in; for a count `n` of 1,
    `<key>.one` when the catalogue has it (the English singular; Vietnamese says the same). `n` is a count in every
    message that has a `.one`; a key whose `n` is something else (a counter's number) must not have one."""
    entry = CATALOG.get(key)
    if entry is None:
        return key
    if str(params.get("n")) == "1" and f"{key}.one" in CATALOG:  # English says a count of one in the singular
        entry = CATALOG[f"{key}.one"]
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
    return {
        lang: {k: v.get(lang) or v[DEFAULT_LANGUAGE] for k, v in CATALOG.items() if k.startswith(prefixes)}
        for lang in LANGUAGES
    }


def pick_language(requested: str | None, accept_language: str | None = None) -> str:
    """`?lang=` first, then the browser's Accept-Language, else Vietnamese."""
    for candidate in (requested, *(accept_language or "").replace(";", ",").split(",")):
        code = (candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


class Said(str):
    """A message for a person, said in their language later (the request's, when a refusal is answered): its
    English text (docs, logs) plus the `key` and `params` that say it in any language."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> Said:
        said = super().__new__(cls, t(key, "en", **params))
        said.key, said.params = key, params
        return said

    def said_in(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def said_in(text: Any, lang: str) -> Any:
    """`text` in `lang` if it is a `Said`, else as it is."""
    return text.said_in(lang) if isinstance(text, Said) else text
