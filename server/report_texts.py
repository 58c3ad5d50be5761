"""The words of the report's formula, levels, reasons per field and officer, and periods compared (exports, print
page and Word document), Vietnamese and English; merged into server.i18n's catalogue."""

from __future__ import annotations

REPORT_CATALOG: dict[str, dict[str, str]] = {
    "report.basis.rated": {
        "vi": 'Tỷ lệ hài lòng = (số lượt đánh giá − số lượt "không hài lòng") ÷ số lượt đánh giá '
        "(Quyết định số 766/QĐ-TTg); mẫu số: số lượt đánh giá.",
        "en": 'Satisfaction rate = (ratings − "dissatisfied" ratings) ÷ ratings (Decision 766/QĐ-TTg); '
        "denominator: the ratings.",
    },
    "report.basis.dossiers": {
        "vi": 'Tỷ lệ hài lòng = (số hồ sơ tiếp nhận − số hồ sơ bị đánh giá "không hài lòng") ÷ số hồ sơ tiếp nhận '
        "(Quyết định số 766/QĐ-TTg); mẫu số: số hồ sơ tiếp nhận.",
        "en": 'Satisfaction rate = (dossiers received − dossiers rated "dissatisfied") ÷ dossiers received '
        "(Decision 766/QĐ-TTg); denominator: the dossiers received.",
    },
    "report.basis.served": {
        "vi": 'Tỷ lệ hài lòng = (số lượt đã phục vụ − số lượt "không hài lòng") ÷ số lượt đã phục vụ; '
        "mẫu số: số lượt đã phục vụ.",
        "en": 'Satisfaction rate = (tickets served − "dissatisfied" ratings) ÷ tickets served; '
        "denominator: the tickets served.",
    },
    "report.col.formula": {"vi": "Cách tính tỷ lệ hài lòng", "en": "Satisfaction formula"},
    "report.formula_head.rated": {
        "vi": "Cách tính: (số lượt đánh giá − không hài lòng) ÷ số lượt đánh giá",
        "en": "Formula: (ratings − dissatisfied) ÷ ratings",
    },
    "report.formula_head.dossiers": {
        "vi": "Cách tính: (số hồ sơ − hồ sơ không hài lòng) ÷ số hồ sơ tiếp nhận",
        "en": "Formula: (dossiers − dossiers dissatisfied) ÷ dossiers received",
    },
    "report.formula_head.served": {
        "vi": "Cách tính: (số lượt đã phục vụ − không hài lòng) ÷ số lượt đã phục vụ",
        "en": "Formula: (served − dissatisfied) ÷ tickets served",
    },
    "report.col.reasons": {"vi": "Lý do chưa hài lòng (số lượt)", "en": "Reasons for dissatisfaction (count)"},
    "report.col.by": {"vi": "Theo", "en": "By"},
    "report.col.who": {"vi": "Lĩnh vực / cán bộ", "en": "Field / officer"},
    "report.col.period": {"vi": "Kỳ", "en": "Period"},
    "report.col.from": {"vi": "Từ ngày", "en": "From"},
    "report.col.to": {"vi": "Đến ngày", "en": "To"},
    "report.col.level": {"vi": 'Số lượt "{name}"', "en": '"{name}" ratings'},
    "report.level_of_scale": {"vi": "{name} (thang {scale} mức)", "en": "{name} ({scale}-level scale)"},
    "report.sheet.reasons_by": {"vi": "Lý do theo lĩnh vực, cán bộ", "en": "Reasons by field, officer"},
    "report.sheet.compare": {"vi": "So sánh các kỳ", "en": "Periods compared"},
    "report.compare.this": {"vi": "Kỳ này", "en": "This period"},
    "report.compare.previous": {"vi": "Kỳ trước", "en": "Previous period"},
    "report.compare.year_before": {"vi": "Cùng kỳ năm trước", "en": "Same period a year earlier"},
    "doc.col.formula": {"vi": "Cách tính", "en": "Formula"},
    "doc.h.levels": {"vi": "đ) Số lượt đánh giá theo từng mức", "en": "e) Ratings at each level"},
    "doc.h.levels_by_officer": {"vi": "Theo cán bộ:", "en": "By officer:"},
    "doc.reasons_by_field": {"vi": "Theo lĩnh vực: {items}.", "en": "By field: {items}."},
    "doc.reasons_by_officer": {"vi": "Theo cán bộ: {items}.", "en": "By officer: {items}."},
    "doc.col.year_before": {"vi": "Cùng kỳ năm trước ({period})", "en": "A year earlier ({period})"},
    "doc.h.compare_both": {
        "vi": "II. SO SÁNH VỚI {period} VÀ CÙNG KỲ NĂM TRƯỚC",
        "en": "II. COMPARED WITH {period} AND A YEAR EARLIER",
    },
    "public.basis.served": {
        "vi": "Theo Quyết định số 766/QĐ-TTg và Nghị định số 61/2018/NĐ-CP. Tỷ lệ hài lòng = (số lượt đã phục vụ − "
        'số lượt "không hài lòng") ÷ số lượt đã phục vụ.',
        "en": "Under Decision 766/QĐ-TTg and Decree 61/2018/NĐ-CP. Satisfaction rate = (tickets served − "
        '"dissatisfied") ÷ tickets served.',
    },
    "public.basis.dossiers": {
        "vi": "Theo Quyết định số 766/QĐ-TTg và Nghị định số 61/2018/NĐ-CP. Tỷ lệ hài lòng = (số hồ sơ tiếp nhận − "
        'số hồ sơ bị đánh giá "không hài lòng") ÷ số hồ sơ tiếp nhận.',
        "en": "Under Decision 766/QĐ-TTg and Decree 61/2018/NĐ-CP. Satisfaction rate = (dossiers received − "
        'dossiers rated "dissatisfied") ÷ dossiers received.',
    },
}
