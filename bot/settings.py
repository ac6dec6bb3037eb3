"""Settings from the environment (prefix ``BUTPHA_``) and an optional ``.env`` file.

Nothing is read at import time: :func:`load_settings` is called by the command line, which turns a
:class:`SettingsError` into one clear message and exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
SUPPORTED_LANGUAGES = ("vi", "en")
ENV_PREFIX = "BUTPHA_"


class Settings(BaseSettings):
    """The deployment's configuration. Documented in the README and ``.env.example``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
    )

    bot_token: SecretStr | None = None
    database: Path = Path("butpha.sqlite3")
    api_base_url: str = TELEGRAM_API_BASE_URL
    bot_username: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    language: str = "vi"
    invite_ttl_days: int = Field(default=30, ge=1, le=365)
    send_rate: float = Field(default=25.0, gt=0, le=1000)
    send_concurrency: int = Field(default=8, ge=1, le=64)
    approval_digest_minutes: int = Field(default=10, ge=1, le=1440)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown_timezone") from exc
        return value

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError("unsupported_language")
        return value

    @field_validator("api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("not_http_url")
        return value

    @field_validator("bot_username")
    @classmethod
    def _strip_at(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return value.strip().lstrip("@")

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        secret = value.get_secret_value().strip()
        bot_id, _, rest = secret.partition(":")
        if not bot_id.isdigit() or not rest:
            raise ValueError("malformed_token")
        return SecretStr(secret)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_token(self) -> str:
        """The token for ``butpha run``; raises :class:`SettingsError` when it is not set."""
        if self.bot_token is None:
            raise SettingsError([SettingProblem("BUTPHA_BOT_TOKEN", "missing", None)])
        return self.bot_token.get_secret_value()


class SettingProblem:
    """One invalid setting: the variable, a problem code the CLI translates, the bad value."""

    def __init__(self, variable: str, code: str, value: str | None) -> None:
        self.variable = variable
        self.code = code
        self.value = value

    def __repr__(self) -> str:
        return f"SettingProblem({self.variable!r}, {self.code!r})"


class SettingsError(Exception):
    """Raised instead of pydantic's ValidationError, which would show the token's value."""

    def __init__(self, problems: list[SettingProblem]) -> None:
        super().__init__(", ".join(p.variable for p in problems))
        self.problems = problems


_CUSTOM_CODES = {"unknown_timezone", "unsupported_language", "not_http_url", "malformed_token"}


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; any problem becomes a :class:`SettingsError` naming the variables."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "?"
            variable = ENV_PREFIX + field.upper()
            message = str(error.get("msg", ""))
            code = next((c for c in _CUSTOM_CODES if c in message), error["type"])
            value = None if field == "bot_token" else _short(error.get("input"))
            problems.append(SettingProblem(variable, code, value))
        raise SettingsError(problems) from None


def _short(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
