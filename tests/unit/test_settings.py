"""Settings: defaults, the .env file, and errors that name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("BUTPHA_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database == Path("butpha.sqlite3")
    assert settings.timezone == "Asia/Ho_Chi_Minh" and settings.language == "vi"
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.invite_ttl_days == 30 and settings.bot_token is None


def test_dotenv_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("BUTPHA_LANGUAGE=en\nBUTPHA_BOT_USERNAME=@my_bot\n")
    monkeypatch.setenv("BUTPHA_INVITE_TTL_DAYS", "7")
    settings = load_settings()
    assert (settings.language, settings.bot_username, settings.invite_ttl_days) == (
        "en",
        "my_bot",
        7,
    )


def test_every_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUTPHA_TIMEZONE", "Nowhere/City")
    monkeypatch.setenv("BUTPHA_LANGUAGE", "fr")
    monkeypatch.setenv("BUTPHA_INVITE_TTL_DAYS", "zero")
    monkeypatch.setenv("BUTPHA_BOT_TOKEN", "12345:secret-value")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert {p.variable for p in caught.value.problems} == {
        "BUTPHA_TIMEZONE",
        "BUTPHA_LANGUAGE",
        "BUTPHA_INVITE_TTL_DAYS",
    }


def test_the_token_is_never_echoed_in_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUTPHA_BOT_TOKEN", "no-colon-secret")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    [problem] = caught.value.problems
    assert problem.variable == "BUTPHA_BOT_TOKEN" and problem.value is None
    assert "no-colon-secret" not in repr(caught.value) + str(caught.value)


def test_the_token_is_required_only_to_run() -> None:
    settings = load_settings()
    with pytest.raises(SettingsError) as caught:
        settings.require_token()
    assert caught.value.problems[0].variable == "BUTPHA_BOT_TOKEN"
    assert "secret" not in repr(load_settings(bot_token="1:secret"))
