"""What a manager reads beside each centre option (server/options.py): its label and help, Vietnamese and English."""

from __future__ import annotations

# name: (label vi, label en, help vi, help en)
_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "authority_name": (
        "Tên cơ quan (dòng đầu phiếu)",
        "Authority name (first line of the ticket)",
        "Ủy ban nhân dân xã/phường, in ở dòng đầu phiếu số thứ tự.",
        "The commune/ward People's Committee, printed first on the ticket.",
    ),
    "centre_name": (
        "Tên trung tâm",
        "Centre name",
        "Hiện trên phiếu và các màn hình.",
        "Shown on tickets and screens.",
    ),
    "hotline": (
        "Đường dây nóng",
        "Hotline",
        "Số điện thoại tiếp nhận phản ánh, hiện ở kiosk, phiếu và trang tra cứu.",
        "Feedback number shown on the kiosk, tickets and status pages.",
    ),
    "address": (
        "Địa chỉ",
        "Address",
        "Địa chỉ trung tâm, hiện trên màn hình chờ của kiosk.",
        "The centre's address, shown on the kiosk's idle screen.",
    ),
    "priority_policy": (
        "Cách gọi số ưu tiên",
        "How priority tickets are called",
        "Chọn cách xếp người thuộc đối tượng ưu tiên so với người thường.",
        "How people in a priority category are ordered against everyone else.",
    ),
    "priority_every": (
        "Số người thường giữa hai lượt ưu tiên",
        "Normal tickets between two priority ones",
        "Dùng khi gọi xen kẽ: cứ gọi 1 số ưu tiên thì gọi tiếp chừng này số thường.",
        "With interleaving: after one priority ticket, this many normal ones.",
    ),
    "default_service_time_s": (
        "Thời gian phục vụ ước tính (giây)",
        "Assumed service time (seconds)",
        "Dùng để ước tính thời gian chờ khi hôm nay chưa có số liệu thực tế.",
        "Used for waiting estimates until today's own figures exist.",
    ),
    "enforce_hours": (
        "Chỉ cấp số trong giờ làm việc",
        "Issue tickets only during working hours",
        "Không cấp số ngoài buổi tiếp nhận của lĩnh vực và vào ngày nghỉ.",
        "Refuse tickets outside a field's sessions and on non-working days.",
    ),
    "closed_early_on": (
        "Ngừng cấp số sớm vào ngày",
        "Stopped issuing early on",
        "Chọn ngày hôm nay để ngừng cấp số sớm; ngày hôm sau kiosk mở lại bình thường. Để trống: không ngừng.",
        "Pick today to stop issuing early; the next day opens as usual. Empty: not stopped.",
    ),
    "working_days": (
        "Ngày làm việc trong tuần",
        "Working days",
        "Các ngày trung tâm tiếp nhận hồ sơ.",
        "The weekdays the centre is open.",
    ),
    "holidays": (
        "Ngày nghỉ lễ",
        "Holidays",
        "Những ngày trung tâm nghỉ (lễ, Tết, nghỉ bù): kiosk không cấp số.",
        "Dates the centre is closed (public holidays): the kiosk issues no tickets.",
    ),
    "wait_target_s": (
        "Chỉ tiêu thời gian chờ (giây)",
        "Waiting-time target (seconds)",
        "Thời gian chờ tối đa mong muốn; báo cáo tính tỷ lệ số được gọi trong thời gian này.",
        "Reports count the share of tickets called within this time.",
    ),
    "rating_scale": (
        "Số mức đánh giá",
        "Satisfaction levels",
        "Số mức trên máy đánh giá: 3 (Rất hài lòng / Hài lòng / Không hài lòng), 4 hoặc 5.",
        "Levels on the rating tablet: 3 (Very satisfied / Satisfied / Not satisfied), 4 or 5.",
    ),
    "short_service_s": (
        "Phục vụ quá nhanh (giây)",
        "Unusually short service (seconds)",
        "Lượt phục vụ ngắn hơn chừng này được đánh dấu trong báo cáo để xem lại đánh giá.",
        "Services shorter than this are marked in reports beside their rating.",
    ),
    "rating_timeout_s": (
        "Thời gian chờ đánh giá (giây)",
        "Rating wait (seconds)",
        "Máy đánh giá chờ chừng này giây, quá thời gian thì tính là không đánh giá.",
        "How long the tablet waits before the ticket counts as not rated.",
    ),
    "rating_reasons": (
        "Lý do không hài lòng",
        "Reasons for dissatisfaction",
        "Các lý do người dân được chọn khi không hài lòng (theo Điều 31 Nghị định 61/2018/NĐ-CP).",
        "Reasons offered when someone is not satisfied (Decree 61/2018, Article 31).",
    ),
    "voice_reading": (
        "Cách đọc số",
        "How numbers are read",
        "Đọc từng chữ số (A không một năm) hoặc đọc cả số (A mười lăm).",
        "Digit by digit (A không một năm) or as a whole number (A mười lăm).",
    ),
    "voice_repeat": (
        "Số lần đọc mỗi lượt gọi",
        "Times each call is said",
        "Khi không có số khác đang chờ đọc; nếu có, mỗi số chỉ đọc một lần.",
        "When no other call waits; when calls pile up, each is said once.",
    ),
    "voice_zero_tens": (
        "Đọc số 0 hàng chục",
        "Word for a zero ten",
        "Khi đọc cả số: linh (105: một trăm linh năm) hoặc lẻ (một trăm lẻ năm).",
        "In whole-number reading: linh (105: một trăm linh năm) or lẻ.",
    ),
    "voice_thousand": (
        "Đọc hàng nghìn",
        "Word for a thousand",
        "Khi đọc cả số: nghìn (1000: một nghìn) hoặc ngàn (cách nói miền Nam).",
        "In whole-number reading: nghìn, or ngàn as said in the South.",
    ),
    "display_notice": (
        "Dòng thông báo trên màn hình",
        "Notice line on the displays",
        "Dòng chữ chạy ở cuối màn hình gọi số.",
        "The scrolling line at the foot of the wall displays.",
    ),
    "display_volume": (
        "Âm lượng loa (%)",
        "Announcement volume (%)",
        "Âm lượng đọc số trên màn hình gọi số (từng màn hình có thể đặt nhỏ hơn).",
        "Volume of calls on the displays (a display may lower it).",
    ),
    "display_quiet_hours": (
        "Giờ tắt loa",
        "Quiet hours",
        "Trong các khoảng giờ này màn hình vẫn hiện số gọi nhưng không đọc.",
        "Displays still show calls but do not speak during these times.",
    ),
    "satisfaction_target": (
        "Chỉ tiêu hài lòng chung (%)",
        "Overall satisfaction target (%)",
        "Tỷ lệ hài lòng phải đạt, so sánh trong báo cáo (thường 90 %).",
        "The satisfaction rate to reach, compared in reports (often 90 %).",
    ),
    "satisfaction_targets": (
        "Chỉ tiêu hài lòng theo lĩnh vực (%)",
        "Satisfaction target per field (%)",
        "Để trống: dùng chỉ tiêu chung. Đất đai, xây dựng, đầu tư thường là 85 %.",
        "Empty: the overall target. Land, construction, investment: often 85 %.",
    ),
    "dossier_pattern": (
        "Mẫu mã hồ sơ",
        "Dossier code pattern",
        "Biểu thức chính quy mà toàn bộ mã hồ sơ phải khớp (mỗi tỉnh một kiểu mã). "
        "Mặc định: 6 đến 40 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch chéo.",
        "A regular expression the whole dossier code must match (codes differ by province). "
        "Default: 6 to 40 letters, digits, dots, hyphens or slashes.",
    ),
    "recent_calls_shown": (
        "Số lượt gọi gần đây trên màn hình",
        "Recent calls on displays",
        "Số lượt gọi gần nhất màn hình gọi số hiển thị.",
        "How many recent calls the displays list.",
    ),
    "report_parent_body": (
        "Báo cáo: cơ quan chủ quản",
        "Report: parent body",
        "Dòng đầu của tên cơ quan ban hành (ví dụ UBND XÃ DÂN TIẾN); để trống: tên cơ quan ở trên.",
        "First line of the issuing body (e.g. UBND XÃ DÂN TIẾN); empty: the authority name.",
    ),
    "report_unit": (
        "Báo cáo: đơn vị ban hành",
        "Report: issuing unit",
        "Tên đơn vị ban hành (chữ in hoa, đậm); để trống: tên trung tâm.",
        "The issuing unit (upper case, bold); empty: the centre name.",
    ),
    "report_place": (
        "Báo cáo: địa danh",
        "Report: place",
        "Địa danh trước ngày tháng (An Bình, ngày … tháng … năm …).",
        "The place before the date (An Bình, ngày … tháng … năm …).",
    ),
    "report_number": (
        "Báo cáo: số",
        "Report: number",
        "Số văn bản (Số: …/…); để trống để ghi tay khi ban hành.",
        "Document number; empty leaves room to write it when issued.",
    ),
    "report_symbol": (
        "Báo cáo: ký hiệu",
        "Report: symbol",
        "Ký hiệu sau số (Số: …/BC-UBND).",
        "The symbol after the number (Số: …/BC-UBND).",
    ),
    "report_addressee": (
        "Báo cáo: kính gửi",
        "Report: addressee",
        "Nơi nhận báo cáo (Kính gửi: …); để trống: không có dòng Kính gửi.",
        "Who the report goes to (Kính gửi: …); empty: no such line.",
    ),
    "report_signer_title": (
        "Báo cáo: chức vụ người ký",
        "Report: signer's title",
        "Mỗi dòng một dòng chữ, ví dụ: KT. CHỦ TỊCH, rồi PHÓ CHỦ TỊCH.",
        "One line each, e.g. KT. CHỦ TỊCH, then PHÓ CHỦ TỊCH.",
    ),
    "report_signer_name": (
        "Báo cáo: họ tên người ký",
        "Report: signer's name",
        "Họ tên đầy đủ, dưới chữ ký.",
        "Full name, under the signature.",
    ),
    "report_recipients": (
        "Báo cáo: nơi nhận",
        "Report: recipients",
        "Mỗi dòng một nơi nhận, theo thứ tự, kết thúc bằng Lưu: VT, …",
        "One recipient a line, in order, ending with Lưu: VT, …",
    ),
    "public_officers": (
        "Công khai kết quả từng cán bộ",
        "Post each officer's results",
        "Trang công khai /cong-khai hiện cả kết quả của từng cán bộ (tắt: chỉ theo lĩnh vực và tổng).",
        "The public page /cong-khai also shows each officer's results (off: fields and totals only).",
    ),
    "public_on_displays": (
        "Hiện kết quả công khai trên màn hình gọi số",
        "Public results on the displays",
        "Màn hình gọi số thỉnh thoảng hiện kết quả đánh giá giữa các lượt gọi.",
        "Wall displays show the public results now and then between calls.",
    ),
    "public_on_kiosk": (
        "Hiện kết quả công khai trên kiosk",
        "Public results on the kiosk",
        "Màn hình chờ của kiosk thỉnh thoảng hiện kết quả đánh giá.",
        "The kiosk's idle screen shows the public results now and then.",
    ),
    "public_every_s": (
        "Khoảng cách giữa hai lần hiện kết quả (giây)",
        "Seconds between showings",
        "Bao lâu thì màn hình và kiosk hiện kết quả công khai một lần.",
        "How often displays and kiosks show the public results.",
    ),
    "public_show_s": (
        "Thời gian hiện kết quả (giây)",
        "Seconds shown",
        "Mỗi lần hiện kết quả công khai kéo dài bao lâu.",
        "How long the public results stay on screen each time.",
    ),
}

_TEXTS["satisfaction_denominator"] = (
    "Cách tính tỷ lệ hài lòng (mẫu số)",
    "How the satisfaction rate is counted (denominator)",
    "Tỷ lệ hài lòng = (mẫu số − số ý kiến không hài lòng) ÷ mẫu số. Báo cáo ghi rõ công thức đã dùng.",
    'Satisfaction rate = (denominator − ratings "không hài lòng") ÷ denominator. Reports state the formula used.',
)

OPTION_CATALOG: dict[str, dict[str, str]] = {}
for _name, (_label_vi, _label_en, _help_vi, _help_en) in _TEXTS.items():
    OPTION_CATALOG[f"option.{_name}"] = {"vi": _label_vi, "en": _label_en}
    OPTION_CATALOG[f"option.{_name}.help"] = {"vi": _help_vi, "en": _help_en}

# The words of the options form itself.
OPTION_CATALOG.update(
    {
        "option.ui.section.centre": {"vi": "Trung tâm", "en": "Centre"},
        "option.ui.section.hours": {"vi": "Ngày và giờ làm việc", "en": "Working days and hours"},
        "option.ui.section.queue": {"vi": "Xếp hàng và ưu tiên", "en": "Queue and priority"},
        "option.ui.section.voice": {"vi": "Màn hình và loa gọi số", "en": "Displays and voice"},
        "option.ui.section.rating": {"vi": "Đánh giá mức độ hài lòng", "en": "Satisfaction ratings"},
        "option.ui.section.report": {"vi": "Báo cáo gửi cấp trên", "en": "The report sent upwards"},
        "option.ui.section.public": {"vi": "Công khai kết quả", "en": "Public posting"},
        "option.ui.section.other": {"vi": "Khác", "en": "Other"},
        "option.ui.range": {"vi": "Từ {low} đến {high}.", "en": "From {low} to {high}."},
        "option.ui.add_date": {"vi": "+ Thêm ngày nghỉ", "en": "+ Add a holiday"},
        "option.ui.add_period": {"vi": "+ Thêm khoảng giờ", "en": "+ Add a time span"},
        "option.ui.remove": {"vi": "Xóa", "en": "Remove"},
        "option.ui.from": {"vi": "Từ", "en": "From"},
        "option.ui.to": {"vi": "đến", "en": "to"},
        "option.ui.none": {"vi": "Chưa có.", "en": "None."},
        "option.ui.field": {"vi": "Lĩnh vực", "en": "Field"},
        "option.ui.target": {"vi": "Chỉ tiêu (%)", "en": "Target (%)"},
        "option.ui.overall": {"vi": "chung {n}", "en": "overall {n}"},
        "option.ui.no_date": {
            "vi": "Chọn ngày cho từng dòng, hoặc xóa dòng trống.",
            "en": "Pick a date on each row, or remove it.",
        },
        "option.ui.no_time": {
            "vi": "Chọn đủ giờ bắt đầu và kết thúc, hoặc xóa dòng trống.",
            "en": "Pick both times on each row, or remove it.",
        },
        "option.ui.not_number": {"vi": "Nhập một số.", "en": "Type a number."},
        "option.ui.listen": {"vi": "Nghe thử", "en": "Listen"},
        "option.ui.listen_failed": {
            "vi": "Chưa phát được câu gọi mẫu: {error}",
            "en": "The sample call did not play: {error}",
        },
        "option.ui.nothing_changed": {"vi": "Không có gì thay đổi.", "en": "Nothing changed."},
        "option.ui.refused": {
            "vi": "Chưa lưu: sửa các ô báo đỏ.",
            "en": "Not saved: correct the fields marked in red.",
        },
        "option.priority_policy.strict": {
            "vi": "Luôn gọi người ưu tiên trước: còn người ưu tiên chờ thì chưa gọi người thường.",
            "en": "Priority first, always: nobody else is called while a priority ticket waits.",
        },
        "option.priority_policy.interleave": {
            "vi": "Gọi xen kẽ: 1 người ưu tiên, rồi {n} người thường, cứ thế lặp lại (không ai phải chờ mãi).",
            "en": "Alternate: 1 priority ticket, then {n} normal ones, and so on (nobody waits for ever).",
        },
        "option.voice_reading.digits": {
            "vi": "Đọc từng chữ số: A không một năm",
            "en": "Digit by digit: A không một năm",
        },
        "option.voice_reading.whole": {"vi": "Đọc cả số: A mười lăm", "en": "As a whole number: A mười lăm"},
        "option.voice_zero_tens.linh": {"vi": "linh (một trăm linh năm)", "en": "linh (một trăm linh năm)"},
        "option.voice_zero_tens.lẻ": {"vi": "lẻ (một trăm lẻ năm)", "en": "lẻ (một trăm lẻ năm)"},
        "option.voice_thousand.nghìn": {"vi": "nghìn (một nghìn)", "en": "nghìn (một nghìn)"},
        "option.voice_thousand.ngàn": {"vi": "ngàn (một ngàn, miền Nam)", "en": "ngàn (một ngàn, southern)"},
        "option.rating_scale.3": {"vi": "3 mức", "en": "3 levels"},
        "option.rating_scale.4": {"vi": "4 mức", "en": "4 levels"},
        "option.rating_scale.5": {"vi": "5 mức", "en": "5 levels"},
        "option.satisfaction_denominator.rated": {
            "vi": "Chia cho số lượt đánh giá: (số đánh giá − không hài lòng) ÷ số đánh giá (QĐ 766/QĐ-TTg)",
            "en": "Divide by the ratings: (ratings − không hài lòng) ÷ ratings (Decision 766/QĐ-TTg)",
        },
        "option.satisfaction_denominator.dossiers": {
            "vi": "Chia cho tổng số hồ sơ tiếp nhận: (số hồ sơ − không hài lòng) ÷ số hồ sơ",
            "en": "Divide by all dossiers received: (dossiers − không hài lòng) ÷ dossiers",
        },
        "option.satisfaction_denominator.served": {
            "vi": "Chia cho tổng số lượt đã phục vụ: (số lượt phục vụ − không hài lòng) ÷ số lượt phục vụ",
            "en": "Divide by all tickets served: (served − không hài lòng) ÷ served",
        },
    }
)

# What a manager reads next to a refused option or field (server/options.py's checks, said per request language).
OPTION_CATALOG.update(
    {
        "option.check.whole": {
            "vi": "Phải là số nguyên từ {low} đến {high}{unit}",
            "en": "a whole number from {low} to {high}{unit}",
        },
        "option.check.whole_seconds": {
            "vi": "Phải là số nguyên từ {low} đến {high} (giây)",
            "en": "a whole number from {low} to {high} seconds",
        },
        "option.check.number": {"vi": "Phải là số từ {low} đến {high}", "en": "a number from {low} to {high}"},
        "option.check.one_of": {"vi": "Phải là một trong các giá trị: {choices}", "en": "one of {choices}"},
        "option.check.text": {"vi": "Phải là chữ, tối đa {limit} ký tự", "en": "text of at most {limit} characters"},
        "option.check.lines": {
            "vi": "Tối đa 10 dòng chữ, mỗi dòng tối đa 200 ký tự",
            "en": "up to 10 lines of text, each at most 200 characters",
        },
        "option.check.pattern": {
            "vi": "Phải là một biểu thức chính quy dài từ 1 đến 200 ký tự",
            "en": "a regular expression of 1 to 200 characters",
        },
        "option.check.pattern_broken": {
            "vi": "Biểu thức chính quy không hợp lệ: {error}",
            "en": "not a valid regular expression: {error}",
        },
        "option.check.boolean": {"vi": "Phải là Có hoặc Không", "en": "true or false"},
        "option.check.date_or_empty": {
            "vi": "Phải là một ngày (năm-tháng-ngày), hoặc để trống",
            "en": "a date YYYY-MM-DD, or empty",
        },
        "option.check.weekdays": {
            "vi": "Các ngày trong tuần, từ Thứ Hai đến Chủ Nhật, mỗi ngày một lần",
            "en": "weekday numbers 0 (Monday) to 6 (Sunday), each once",
        },
        "option.check.holidays": {"vi": "Phải là những ngày có thật (năm-tháng-ngày)", "en": "dates YYYY-MM-DD"},
        "option.check.quiet_hours": {
            "vi": "Để trống, hoặc tối đa 10 khoảng giờ (giờ:phút), mỗi khoảng kết thúc sau khi bắt đầu và không "
            "chồng lên khoảng khác",
            "en": "empty, or up to 10 spans of time from HH:MM to HH:MM, each ending after it starts, none overlapping",
        },
        "option.check.rating_reasons": {
            "vi": "Chỉ chọn trong các lý do có sẵn, mỗi lý do một lần",
            "en": "reasons among {reasons}, each once",
        },
        "option.check.targets": {
            "vi": "Mỗi lĩnh vực (mã là một chữ cái in hoa) có một chỉ tiêu từ 0 đến 100 %",
            "en": "{field code (one capital letter): target from 0 to 1}",
        },
        "option.check.like_default": {"vi": "Phải cùng kiểu với giá trị mặc định", "en": "a value like the default"},
        "option.check.sessions": {
            "vi": "Từ 1 đến {most} buổi, mỗi buổi có giờ bắt đầu và giờ kết thúc",
            "en": 'a list of 1 to {most} [start, end] times, e.g. [["07:30", "11:30"]]',
        },
        "option.check.sessions_times": {"vi": "Giờ phải có dạng giờ:phút, ví dụ 07:30", "en": "times are HH:MM"},
        "option.check.sessions_order": {
            "vi": "Mỗi buổi bắt đầu trước khi kết thúc, các buổi không chồng lên nhau",
            "en": "each session starts before it ends, and sessions do not overlap",
        },
        "option.check.unknown": {"vi": "Không có tùy chọn này", "en": "unknown option"},
        "option.ui.percent": {"vi": "Phải là số phần trăm từ 0 đến 100", "en": "a percentage from 0 to 100"},
        "option.check.object": {
            "vi": "Cần gửi ít nhất một tùy chọn, dạng tên: giá trị",
            "en": "an object of option: value",
        },
    }
)
