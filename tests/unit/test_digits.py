"""``str.isdigit`` says yes to "²", which ``int`` refuses: a user's "/dangphi ²" once left the
bot unable to answer (found by the fuzz test). Digits are checked with ``isdecimal`` or the
kit's ``number``; this keeps ``isdigit`` from coming back."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "channels", "handlers", "scheduler", "storage")


def test_no_source_module_trusts_isdigit() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".isdigit()" in line
    ]
    assert offenders == []
    assert int("٣") == 3 and "²".isdigit() and not "²".isdecimal()
