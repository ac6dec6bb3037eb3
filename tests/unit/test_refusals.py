"""A refusal's text (handlers.kit.refusals): the message in the reader's language, with what
was typed escaped for HTML and numbers in the reader's format."""

from __future__ import annotations

from bot.domain.errors import UserError
from bot.i18n import N_, translator
from handlers.kit.refusals import refusal_text


def test_the_parameters_are_escaped_and_the_message_is_not() -> None:
    error = UserError(N_("There is no cell named {name}."), name="<b>Mới</b> & Cũ")
    assert refusal_text(error, translator("vi")) == (
        "Không có chi bộ nào tên &lt;b&gt;Mới&lt;/b&gt; &amp; Cũ."
    )
    assert refusal_text(error, translator("en")) == (
        "There is no cell named &lt;b&gt;Mới&lt;/b&gt; &amp; Cũ."
    )


def test_numbers_are_written_as_the_reader_writes_them() -> None:
    error = UserError(
        N_("The title is too long ({length} characters; at most {max})."), length=1668, max=200
    )
    assert "1.668" in refusal_text(error, translator("vi"))
    assert "1,668" in refusal_text(error, translator("en"))
