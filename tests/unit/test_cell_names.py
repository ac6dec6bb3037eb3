"""Which cell names a refusal lists when the typed name matches none."""

from __future__ import annotations

from bot.domain.model import Unit, UnitKind
from bot.i18n import translator
from bot.services.cell_names import unknown_cell

ROOT = Unit(1, None, UnitKind.PARTY_COMMITTEE, "Đảng bộ Trường Chính trị")


def _said(name: str, units: list[Unit]) -> str:
    refused = unknown_cell(name, units)
    return translator("vi")(refused.message, **refused.params)


def test_a_few_cells_are_all_listed_in_vietnamese_order() -> None:
    units = [ROOT, *(Unit(i, 1, UnitKind.CELL, n) for i, n in enumerate(["Đào tạo", "Dược"], 2))]
    assert _said("Khoa", units) == "Không có chi bộ nào tên Khoa. Các chi bộ: Dược, Đào tạo."


def test_among_many_cells_only_those_with_a_similar_name_are_listed() -> None:
    names = [f"Phòng {n}" for n in range(1, 40)] + ["Khoa Kinh tế", "Khoa Kinh tế số"]
    units = [ROOT, *(Unit(i, 1, UnitKind.CELL, n) for i, n in enumerate(names, start=2))]
    assert _said("khoa kinh te so 2", units) == (
        "Không có chi bộ nào tên khoa kinh te so 2. "
        "Các chi bộ có tên gần giống: Khoa Kinh tế, Khoa Kinh tế số."
    )
    assert _said("Xyz", units) == "Không có chi bộ nào tên Xyz."
