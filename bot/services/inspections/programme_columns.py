"""The programme spreadsheet's columns, as organisations write their yearly programme of
inspection and supervision (STT, loại, nội dung, đối tượng, mốc thời gian, thời gian thực
hiện, trưởng đoàn và thành viên, phương pháp, ghi chú), and the words people write in them
(folded: no diacritics, lowercase). Import and export share these, so an exported programme
imports back as it was."""

from __future__ import annotations

import re

from bot.domain.inspections.model import ItemKind
from bot.domain.text import fold

# column id -> accepted header spellings (folded); the first is what export writes
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("stt", "so thu tu", "no", "number"),
    "kind": ("loai", "hinh thuc", "kind"),
    "content": ("noi dung", "content"),
    "target": ("doi tuong", "doi tuong kiem tra, giam sat", "target"),
    "period": ("moc thoi gian", "moc thoi gian kiem tra, giam sat", "period"),
    "month": ("thoi gian thuc hien", "thoi gian", "thang", "when", "month"),
    "people": (
        "truong doan va thanh vien",
        "thanh phan doan",
        "doan kiem tra",
        "lead and team",
        "team",
    ),
    "method": ("phuong phap", "phuong phap tien hanh", "method"),
    "notes": ("ghi chu", "notes"),
    # written by export, ignored by import
    "state": ("trang thai", "state"),
    "self_report_due": ("han tu bao cao", "self-report due"),
}
HEADERS_VI: dict[str, str] = {
    "number": "STT",
    "kind": "Loại",
    "content": "Nội dung",
    "target": "Đối tượng",
    "period": "Mốc thời gian",
    "month": "Thời gian thực hiện",
    "people": "Trưởng đoàn và thành viên",
    "method": "Phương pháp",
    "notes": "Ghi chú",
    "state": "Trạng thái",
    "self_report_due": "Hạn tự báo cáo",
}
REQUIRED = ("kind", "content", "target", "month")
EXPORT_ONLY = frozenset({"state", "self_report_due"})

KINDS: dict[str, ItemKind] = {
    "kiem tra": ItemKind.INSPECTION,
    "kiem tra chuyen de": ItemKind.INSPECTION,
    "inspection": ItemKind.INSPECTION,
    "giam sat chuyen de": ItemKind.THEMATIC_SUPERVISION,
    "thematic supervision": ItemKind.THEMATIC_SUPERVISION,
    "thematic_supervision": ItemKind.THEMATIC_SUPERVISION,
    "giam sat thuong xuyen": ItemKind.REGULAR_SUPERVISION,
    "regular supervision": ItemKind.REGULAR_SUPERVISION,
    "regular_supervision": ItemKind.REGULAR_SUPERVISION,
    "kiem tra khi co dau hieu vi pham": ItemKind.VIOLATION_INSPECTION,
    "kiem tra dau hieu vi pham": ItemKind.VIOLATION_INSPECTION,
    "violation inspection": ItemKind.VIOLATION_INSPECTION,
    "violation_inspection": ItemKind.VIOLATION_INSPECTION,
}
KIND_LABELS_VI = {
    ItemKind.INSPECTION: "Kiểm tra",
    ItemKind.THEMATIC_SUPERVISION: "Giám sát chuyên đề",
    ItemKind.REGULAR_SUPERVISION: "Giám sát thường xuyên",
    ItemKind.VIOLATION_INSPECTION: "Kiểm tra khi có dấu hiệu vi phạm",
}

# "Tháng 3", "tháng 03/2020", "3", "3/2020", "Quý II" (its first month), "T3".
_MONTH = re.compile(r"^(?:thang|t|month)?\s*(\d{1,2})(?:\s*/\s*(\d{4}))?$")
_QUARTER = re.compile(r"^(?:quy|quarter|q)\s*(i{1,3}|iv|[1-4])(?:\s*/?\s*(?:nam\s*)?(\d{4}))?$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# In the people cell: the lead is marked "(trưởng đoàn)" or comes first after "Trưởng đoàn:".
PEOPLE_SEPARATORS = re.compile(r"[,;\n]|\s+-\s+")
LEAD_MARK = re.compile(r"\(\s*(?:truong doan|lead)\s*\)|^(?:truong doan|lead)\s*:\s*")
TEAM_LABEL = re.compile(r"^(?:thanh vien|team)\s*:\s*")
COMRADE = re.compile(r"^(?:d/c|dc|dong chi)\s+")
LEAD_SUFFIX_VI = " (trưởng đoàn)"


def parse_month(text: str) -> tuple[int | None, int | None]:
    """The month (1–12, unchecked) and the year if written; (None, None) if not understood."""
    folded = fold(text)
    match = _MONTH.match(folded)
    if match is not None:
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None
    quarter = _QUARTER.match(folded)
    if quarter is not None:
        number = quarter.group(1)
        index = _ROMAN[number] if number in _ROMAN else int(number)
        return 3 * index - 2, int(quarter.group(2)) if quarter.group(2) else None
    return None, None


def month_label_vi(month: int) -> str:
    return f"Tháng {month}"


STATE_LABELS_VI: dict[str, str] = {
    "planned": "Dự kiến",
    "decided": "Đã có quyết định",
    "notified": "Đã thông báo đối tượng",
    "self_report_received": "Đã nhận báo cáo tự kiểm tra",
    "verifying": "Đang thẩm tra, xác minh",
    "concluded": "Đã kết luận",
    "conclusion_notified": "Đã thông báo kết luận",
    "remediating": "Đang khắc phục",
    "closed": "Đã kết thúc",
}
# What else than a step an item's history records (records.Change), in the sheet's words.
CHANGE_LABELS_VI: dict[str, str] = {
    "created": "Đưa vào chương trình",
    "moved": "Chuyển tháng",
    "target": "Đổi đối tượng",
    "team": "Đổi đoàn",
    "dropped": "Bỏ",
    "accepted": "Chấp nhận",
    "details": "Sửa nội dung",
    "remediation": "Thêm việc khắc phục",
    "remediation_done": "Xong việc khắc phục",
    "remediation_verified": "Xác nhận việc khắc phục",
    "remediation_returned": "Trả lại việc khắc phục",
    "self_report": "Gửi báo cáo tự kiểm tra",
}
STEP_HEADERS_VI = ("STT", "Nội dung", "Thời điểm", "Người thực hiện", "Bước", "Chi tiết")
REMEDIATION_HEADERS_VI = (
    "STT",
    "Nội dung",
    "Việc khắc phục",
    "Người thực hiện",
    "Hạn",
    "Xong lúc",
    "Ghi chú",
    "Xác nhận lúc",
    "Người xác nhận",
)
SHEET_NAMES_VI = ("Chương trình", "Các bước", "Khắc phục")
OPERATOR_VI = "Quản trị (dòng lệnh)"
