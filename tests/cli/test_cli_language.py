"""argparse's own words (usage, options, its error messages) follow BUTPHA_LANGUAGE, as the
rest of the command line does."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import butpha

ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message and exit",
    "the following arguments are required",
    "invalid choice",
    "error:",
    "argument ",
)


def test_help_is_vietnamese_by_default(tmp_path: Path) -> None:
    result = butpha(tmp_path, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("cách dùng: butpha [-h] LỆNH ...")
    assert "\ntham số vị trí:\n" in result.stdout
    assert "\ntùy chọn:\n" in result.stdout
    assert "-h, --help hiện hướng dẫn này rồi thoát" in " ".join(result.stdout.split())
    assert not [word for word in ENGLISH if word in result.stdout]
    sub = butpha(tmp_path, "meetings", "add", "--help")
    assert sub.stdout.startswith("cách dùng: butpha meetings add [-h]")
    assert not [word for word in ENGLISH if word in sub.stdout]


def test_usage_errors_are_vietnamese_by_default(tmp_path: Path) -> None:
    missing = butpha(tmp_path, "init")
    assert missing.returncode == 2
    assert missing.stderr == (
        "cách dùng: butpha init [-h] --org NAME\nbutpha init: lỗi: thiếu tham số bắt buộc: --org\n"
    )
    unknown = butpha(tmp_path, "memberz")
    assert unknown.returncode == 2
    assert "butpha: lỗi: tham số LỆNH: lựa chọn không hợp lệ: 'memberz' (chọn một trong:" in (
        unknown.stderr
    )
    bad_number = butpha(tmp_path, "year", "set", "năm nay", "--theme", "x", "--opens",
                        "2026-01-01", "--closes", "2026-03-31")  # fmt: skip
    assert "lỗi: tham số YEAR: giá trị không hợp lệ (int): 'năm nay'" in bad_number.stderr
    nothing = butpha(tmp_path)
    assert "butpha: lỗi: thiếu tham số bắt buộc: LỆNH" in nothing.stderr
    extra = butpha(tmp_path, "members", "--cel", "Liên khoa", "thừa")
    assert "butpha: lỗi: tham số không nhận ra: thừa" in extra.stderr
    for result in (missing, unknown, bad_number, nothing, extra):
        assert not [word for word in ENGLISH if word in result.stderr], result.stderr


def test_english_when_asked(tmp_path: Path) -> None:
    missing = butpha(tmp_path, "init", language="en")
    assert missing.returncode == 2
    assert missing.stderr == (
        "usage: butpha init [-h] --org NAME\n"
        "butpha init: error: the following arguments are required: --org\n"
    )
    help_text = butpha(tmp_path, "-h", language="en").stdout
    assert "show this help message and exit" in help_text
    assert help_text.startswith("usage: butpha [-h] COMMAND ...")


def test_argparse_words_keep_their_placeholders_and_are_put_back() -> None:
    import argparse
    import re

    from bot.cli.argparse_words import MESSAGES, speaking
    from bot.i18n import translator

    t = translator("vi")
    placeholder = re.compile(r"%(?:\([a-z_]+\))?[sr]")
    for message in MESSAGES:
        assert t(message) != message or message == "%(heading)s:", message
        assert placeholder.findall(t(message)) == placeholder.findall(message), message
    before = vars(argparse)["_"]
    with speaking(t):
        assert vars(argparse)["_"]("usage: ") == "cách dùng: "
    assert vars(argparse)["_"] is before


def test_meetings_add_help_speaks_words_not_the_rule_syntax(tmp_path: Path) -> None:
    """The repeat rule is explained with examples a secretary would write, each of which is
    accepted as written; the compact form (monthly:5@14:00) stays out of the help."""
    import re
    from datetime import datetime

    from bot.cli.meetings import REPEAT_HELP
    from bot.i18n import translator
    from bot.services.meetings.recurrence import parse_rule

    for language in ("vi", "en"):
        shown = " ".join(
            butpha(tmp_path, "meetings", "add", "--help", language=language).stdout.split()
        )
        assert "monthly:" not in shown and "@" not in shown, shown
        examples = re.findall(r'"([^"]+)"', translator(language)(REPEAT_HELP))
        assert len(examples) >= 4, examples
        assert all(example in shown for example in examples)
        for example in examples:
            parse_rule(example, datetime(2026, 3, 5, 14, 0))  # raises when not understood
    shown = " ".join(butpha(tmp_path, "meetings", "add", "--help").stdout.split())
    assert "--kind LOẠI loại cuộc họp: cell_meeting (sinh hoạt chi bộ)" in shown, shown
    assert "party (chỉ đảng viên, mặc định) hoặc all (tất cả, cả quần chúng)" in shown
    assert "COMMAND" not in butpha(tmp_path, "meetings", "--help").stdout
