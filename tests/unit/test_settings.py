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
    # (the field names say "secret"; the value must not show)
    assert "s3cr3t-value" not in repr(load_settings(bot_token="1:s3cr3t-value"))


def test_zalo_alone_is_enough_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings().require_some_token()
    assert caught.value.problems[0].variable == "BUTPHA_BOT_TOKEN"
    monkeypatch.setenv("BUTPHA_ZALO_BOT_TOKEN", "1459232241454765289:zalo-secret")
    settings = load_settings()
    settings.require_some_token()
    assert settings.bot_token is None
    assert settings.zalo_api_base_url == "https://bot-api.zaloplatforms.com/bot"
    assert settings.zalo_webhook_url is None  # long polling unless a webhook is asked for


def test_zalo_problems_name_the_variable_and_never_echo_a_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BUTPHA_ZALO_BOT_TOKEN", "zalo-secret-without-id")
    monkeypatch.setenv("BUTPHA_ZALO_WEBHOOK_SECRET", "short")
    monkeypatch.setenv("BUTPHA_ZALO_WEBHOOK_LISTEN", "8088")
    monkeypatch.setenv("BUTPHA_ZALO_API_BASE_URL", "bot-api.zaloplatforms.com")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    problems = {p.variable: p for p in caught.value.problems}
    assert set(problems) == {
        "BUTPHA_ZALO_BOT_TOKEN",
        "BUTPHA_ZALO_WEBHOOK_SECRET",
        "BUTPHA_ZALO_WEBHOOK_LISTEN",
        "BUTPHA_ZALO_API_BASE_URL",
    }
    assert problems["BUTPHA_ZALO_BOT_TOKEN"].value is None
    assert problems["BUTPHA_ZALO_WEBHOOK_SECRET"].value is None
    assert problems["BUTPHA_ZALO_WEBHOOK_LISTEN"].value == "8088"


def test_a_zalo_webhook_needs_its_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUTPHA_ZALO_WEBHOOK_URL", "https://bot.example.vn/zalo")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    [problem] = caught.value.problems
    assert (problem.variable, problem.code) == ("BUTPHA_ZALO_WEBHOOK_SECRET", "missing")
    monkeypatch.setenv("BUTPHA_ZALO_WEBHOOK_SECRET", "a-secret-of-some-length")
    settings = load_settings()
    assert "a-secret-of-some-length" in settings.secrets
