"""The demo organisation of DOMAIN.md, with invented people: Đảng bộ Trường Chính trị, five
cells, about forty members and a committee of seven. Seeded through the real import."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from bot.services.container import Services

ORGANISATION = "Đảng bộ Trường Chính trị"

# (code, full name, cell, kind, role) — every name is invented.
PEOPLE: tuple[tuple[str, str, str, str, str], ...] = (
    ("DT01", "Nguyễn Thị Thu Hà", "Phòng Đào tạo", "Đảng viên chính thức", "Bí thư Đảng ủy"),
    (
        "DT02",
        "Trần Văn Minh",
        "Phòng Đào tạo",
        "Đảng viên chính thức",
        "Đảng ủy viên, Bí thư chi bộ",
    ),
    ("DT03", "Lê Thị Mai", "Phòng Đào tạo", "Đảng viên chính thức", ""),
    ("DT04", "Phạm Quốc Bảo", "Phòng Đào tạo", "Đảng viên dự bị", ""),
    ("DT05", "Võ Thị Ngọc Lan", "Phòng Đào tạo", "Đảng viên chính thức", ""),
    ("DT06", "Huỳnh Văn Tâm", "Phòng Đào tạo", "Quần chúng", ""),
    ("DT07", "Đặng Thị Kim Yến", "Phòng Đào tạo", "Đảng viên chính thức", ""),
    ("DT08", "Bùi Minh Khoa", "Phòng Đào tạo", "Quần chúng", ""),
    ("LK01", "Ngô Văn Phúc", "Liên khoa", "Đảng viên chính thức", "Phó Bí thư Đảng ủy"),
    ("LK02", "Dương Thị Hồng", "Liên khoa", "Đảng viên chính thức", "Bí thư chi bộ"),
    ("LK03", "Trương Văn Hải", "Liên khoa", "Đảng viên chính thức", ""),
    ("LK04", "Lý Thị Thanh Thủy", "Liên khoa", "Đảng viên chính thức", ""),
    ("LK05", "Mai Văn Đức", "Liên khoa", "Đảng viên dự bị", ""),
    ("LK06", "Tô Thị Bích Ngân", "Liên khoa", "Đảng viên chính thức", ""),
    ("LK07", "Châu Văn Lộc", "Liên khoa", "Quần chúng", ""),
    ("LK08", "Hồ Thị Diễm", "Liên khoa", "Đảng viên chính thức", ""),
    ("HC01", "Phan Văn Thành", "Phòng TC – HC – QT", "Đảng viên chính thức", "Đảng ủy viên"),
    ("HC02", "Đoàn Thị Tuyết", "Phòng TC – HC – QT", "Đảng viên chính thức", "Bí thư chi bộ"),
    ("HC03", "Lâm Văn Sang", "Phòng TC – HC – QT", "Đảng viên chính thức", ""),
    ("HC04", "Cao Thị Mỹ Linh", "Phòng TC – HC – QT", "Đảng viên chính thức", ""),
    ("HC05", "Kiều Văn Hùng", "Phòng TC – HC – QT", "Quần chúng", ""),
    ("HC06", "La Thị Phương", "Phòng TC – HC – QT", "Quần chúng", ""),
    ("HC07", "Tạ Văn Nghĩa", "Phòng TC – HC – QT", "Đảng viên dự bị", ""),
    (
        "XD01",
        "Vương Thị Thanh Xuân",
        "Khoa Xây dựng Đảng",
        "Đảng viên chính thức",
        "Đảng ủy viên, Bí thư chi bộ",
    ),
    ("XD02", "Hà Văn Trung", "Khoa Xây dựng Đảng", "Đảng viên chính thức", "Chủ nhiệm UBKT"),
    ("XD03", "Nguyễn Thị Hoa", "Khoa Xây dựng Đảng", "Đảng viên chính thức", ""),
    ("XD04", "Trần Quang Vinh", "Khoa Xây dựng Đảng", "Đảng viên chính thức", "Ủy viên UBKT"),
    ("XD05", "Lê Hoàng Nam", "Khoa Xây dựng Đảng", "Đảng viên chính thức", ""),
    ("XD06", "Phạm Thị Thu Trang", "Khoa Xây dựng Đảng", "Đảng viên dự bị", ""),
    ("XD07", "Đinh Văn Toàn", "Khoa Xây dựng Đảng", "Đảng viên chính thức", ""),
    ("XD08", "Nguyễn Văn Bình", "Khoa Xây dựng Đảng", "Quần chúng", ""),
    ("LL01", "Trịnh Thị Kim Oanh", "Khoa Lý luận cơ sở", "Đảng viên chính thức", "Đảng ủy viên"),
    ("LL02", "Lưu Văn Quang", "Khoa Lý luận cơ sở", "Đảng viên chính thức", "Bí thư chi bộ"),
    ("LL03", "Thái Thị Ngọc Ánh", "Khoa Lý luận cơ sở", "Đảng viên chính thức", "Ủy viên UBKT"),
    ("LL04", "Quách Văn Lực", "Khoa Lý luận cơ sở", "Đảng viên chính thức", ""),
    ("LL05", "Nguyễn Thị Cẩm Tú", "Khoa Lý luận cơ sở", "Đảng viên chính thức", ""),
    ("LL06", "Huỳnh Thanh Phong", "Khoa Lý luận cơ sở", "Đảng viên dự bị", ""),
    ("LL07", "Võ Thị Hạnh", "Khoa Lý luận cơ sở", "Quần chúng", ""),
    ("LL08", "Trần Minh Hiếu", "Khoa Lý luận cơ sở", "Đảng viên chính thức", "Đảng ủy viên"),
    ("LL09", "Phan Thị Yến Nhi", "Khoa Lý luận cơ sở", "Quần chúng", ""),
)

# Who you are when the demo starts: a plain member, so the first thing you see is joining.
DEFAULT_PERSONA = "DT03"


async def seed(services: Services) -> None:
    """Create the organisation and import the members (through a real CSV file)."""
    await services.organisation.init(ORGANISATION)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dang-vien.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Mã", "Họ và tên", "Chi bộ", "Loại", "Chức vụ"])
            writer.writerows(PEOPLE)
        await services.member_import.import_file(path)
