"""A person's title as the member list gives it ("Bí thư Đảng ủy", "Chủ nhiệm UBKT") is what
the bot shows as their role: in the welcome, in the demo's /as and in ``butpha members``."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World
from tests.e2e.test_demo import run_demo

LEADERS = [
    ["Ngô Văn Phúc", "Liên khoa", "Đảng viên chính thức", "Phó Bí thư Đảng ủy", "B4"],
    ["Hà Văn Trung", "Phòng Đào tạo", "Đảng viên chính thức", "Chủ nhiệm UBKT", "A4"],
]


async def test_the_welcome_shows_the_title_as_imported(world: World, tmp_path: Path) -> None:
    await world.services.member_import.import_file(
        write_csv(tmp_path / "leaders.csv", [*MEMBERS, *LEADERS])
    )
    for code, role in (
        ("B4", "Phó Bí thư Đảng ủy"),
        ("A4", "Chủ nhiệm UBKT"),
        ("B3", "Đảng ủy viên"),
        ("A1", "Bí thư chi bộ"),
        ("A2", "đảng viên dự bị"),  # no title: the kind of membership
    ):
        user = world.sandbox.create_user(code)
        welcome = await world.say(user, f"/start {await world.code_for(code)}")
        assert f"\nVai trò: {role}\n" in (welcome.text or ""), welcome.text


def test_butpha_members_shows_the_title_as_imported(tmp_path: Path) -> None:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    members = write_csv(tmp_path / "m.csv", [*MEMBERS, *LEADERS])
    assert butpha(tmp_path, "import-members", str(members)).returncode == 0
    listing = butpha(tmp_path, "members").stdout.splitlines()
    line = next(line for line in listing if line.startswith("Ngô Văn Phúc"))
    assert "Phó Bí thư Đảng ủy" in line and "đảng ủy viên" not in line
    line = next(line for line in listing if line.startswith("Hà Văn Trung"))
    assert "Chủ nhiệm UBKT" in line and "ủy viên UBKT" not in line


def test_the_demos_switch_shows_the_title_as_imported(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "/as Thu Hà\n/as Trung\n")
    assert result.returncode == 0, result.stderr
    assert "— Bây giờ bạn là Nguyễn Thị Thu Hà — Phòng Đào tạo (Bí thư Đảng ủy) —" in (
        result.stdout
    )
    assert "— Bây giờ bạn là Hà Văn Trung — Khoa Xây dựng Đảng (Chủ nhiệm UBKT) —" in (
        result.stdout
    )
