"""The member spreadsheet's columns and the words people write in them (folded: no diacritics,
lowercase). Import and export share these so an exported file imports back unchanged."""

from __future__ import annotations

from bot.domain.model import MemberKind, MemberStatus, Role

# column id -> accepted header spellings (folded); the first Vietnamese one is what export writes
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "full_name", "full name"),
    "cell": ("chi bo", "cell"),
    "kind": ("loai", "kind"),
    "role": ("chuc vu", "role", "roles"),
    "member_code": ("ma", "member_code", "member code", "code"),
    "status": ("trang thai", "status"),
    "language": ("ngon ngu", "language"),
    # written by export, ignored by import
    "id": ("id",),
    "linked": ("da lien ket", "linked"),
    "linked_at": ("lien ket luc", "linked_at"),
}
REQUIRED = ("full_name", "cell", "kind")
EXPORT_ONLY = frozenset({"id", "linked", "linked_at"})

# Headers that would bring identity numbers the bot must never keep.
FORBIDDEN_HEADERS = (
    "cccd",
    "cmnd",
    "can cuoc",
    "so the dang",
    "the dang vien",
    "national id",
    "id number",
    "party card",
)

KINDS: dict[str, MemberKind] = {
    "dang vien chinh thuc": MemberKind.FULL,
    "chinh thuc": MemberKind.FULL,
    "full": MemberKind.FULL,
    "dang vien du bi": MemberKind.PROBATIONARY,
    "du bi": MemberKind.PROBATIONARY,
    "probationary": MemberKind.PROBATIONARY,
    "quan chung": MemberKind.NON_PARTY,
    "non_party": MemberKind.NON_PARTY,
    "non party": MemberKind.NON_PARTY,
    "vien chuc": MemberKind.NON_PARTY,
    "nguoi lao dong": MemberKind.NON_PARTY,
}
KIND_LABELS_VI = {
    MemberKind.FULL: "Đảng viên chính thức",
    MemberKind.PROBATIONARY: "Đảng viên dự bị",
    MemberKind.NON_PARTY: "Quần chúng",
}

# Roles beyond plain membership; None means "just a member".
ROLES: dict[str, Role | None] = {
    "bi thu chi bo": Role.CELL_SECRETARY,
    "pho bi thu chi bo": Role.CELL_SECRETARY,
    "cell_secretary": Role.CELL_SECRETARY,
    "cell secretary": Role.CELL_SECRETARY,
    "dang uy vien": Role.COMMITTEE,
    "uy vien dang uy": Role.COMMITTEE,
    "bi thu dang uy": Role.COMMITTEE,
    "pho bi thu dang uy": Role.COMMITTEE,
    "uy vien ban thuong vu": Role.COMMITTEE,
    "committee": Role.COMMITTEE,
    "uy vien ubkt": Role.INSPECTOR,
    "chu nhiem ubkt": Role.INSPECTOR,
    "pho chu nhiem ubkt": Role.INSPECTOR,
    "uy vien uy ban kiem tra": Role.INSPECTOR,
    "inspector": Role.INSPECTOR,
    "quan tri": Role.ADMIN,
    "quan tri vien": Role.ADMIN,
    "admin": Role.ADMIN,
    "dang vien": None,
    "member": None,
}
ROLE_IDENTIFIERS = frozenset(r.value for r in Role)
ROLE_LABELS_VI = {
    Role.CELL_SECRETARY: "Bí thư chi bộ",
    Role.COMMITTEE: "Đảng ủy viên",
    Role.INSPECTOR: "Ủy viên UBKT",
    Role.ADMIN: "Quản trị",
}

STATUSES: dict[str, MemberStatus] = {
    "dang sinh hoat": MemberStatus.ACTIVE,
    "active": MemberStatus.ACTIVE,
    "da chuyen di": MemberStatus.LEFT,
    "chuyen sinh hoat": MemberStatus.LEFT,
    "da nghi": MemberStatus.LEFT,
    "left": MemberStatus.LEFT,
}
STATUS_LABELS_VI = {MemberStatus.ACTIVE: "Đang sinh hoạt", MemberStatus.LEFT: "Đã chuyển đi"}

LANGUAGES = {"vi": "vi", "tieng viet": "vi", "en": "en", "english": "en", "tieng anh": "en"}
