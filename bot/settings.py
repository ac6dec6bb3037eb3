"""Settings from the environment (prefix ``BUTPHA_``) and an optional ``.env`` file.

Nothing is read at import time: :func:`load_settings` is called by the command line, which turns a
:class:`SettingsError` into one clear message and exit code 2.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.domain.dues.rules import DuesSettings
from bot.domain.errors import UserError
from bot.domain.inspections.quotas import QuotaKind, QuotaSettings, Rounding
from bot.domain.invites import ZaloJoining
from bot.domain.meetings import MeetingKind, parse_defaults
from bot.domain.quiet_hours import QuietHours, parse_window
from bot.domain.ratings.levels import RatingRules

TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
# The Zalo Bot API: a call is {base}{token}/{method}, as for Telegram.
ZALO_API_BASE_URL = "https://bot-api.zaloplatforms.com/bot"
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
    # Zalo: served when its token is set (then BUTPHA_BOT_TOKEN is optional); long polling
    # unless a webhook URL is given (public HTTPS, e.g. a reverse proxy in front of the listen
    # address below, which must be reachable only through it).
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = ZALO_API_BASE_URL
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None
    zalo_webhook_listen: str = "127.0.0.1:8088"
    database: Path = Path("butpha.sqlite3")
    api_base_url: str = TELEGRAM_API_BASE_URL
    bot_username: str | None = None
    # The organisation's Zalo bot as members open it (https://zalo.me/…), written next to the
    # code in invites; setting it also says the organisation is on Zalo.
    zalo_bot_link: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"
    language: str = "vi"
    # The log also goes to this file when set, rotated at log_max_mb (five older files kept).
    log_file: Path | None = None
    log_max_mb: int = Field(default=10, ge=1, le=1024)
    # How long the bot keeps reopening a database that refuses writes (read-only, disk full)
    # before it stops with an error, for the service manager to restart it.
    database_recovery_seconds: int = Field(default=300, ge=5, le=86400)
    invite_ttl_days: int = Field(default=30, ge=1, le=365)
    send_rate: float = Field(default=25.0, gt=0, le=1000)
    send_concurrency: int = Field(default=8, ge=1, le=64)
    # Updates handled at once (each chat's in order, one at a time): issue 15.
    concurrent_updates: int = Field(default=16, ge=1, le=256)
    # Every update written to SQLite before it is acknowledged; off only to measure its cost.
    inbox: bool = True
    # Attempts at an update that fails before it is set aside and the member told.
    inbox_attempts: int = Field(default=3, ge=1, le=10)
    # Zalo publishes no per-second figure and answers bursts with 429: a cautious 5/s (a
    # 300-member notice in a minute) that a deployment may raise; a 429 pauses the lane anyway.
    zalo_send_rate: float = Field(default=5.0, gt=0, le=1000)
    # Messages the Zalo plan allows a calendar month (the organisation's); 0: no limit.
    zalo_monthly_quota: int = Field(default=0, ge=0)
    approval_digest_minutes: int = Field(default=10, ge=1, le=1440)
    # Organisation-wide defaults: members may choose their own quiet hours in /caidat.
    quiet_hours: str = "21:30-06:30"
    reminders: str = ""  # e.g. "cell_meeting=3d,1d,2h; seminar=1d" (the other kinds keep theirs)
    # What an import (members, meetings) reads at most; more is refused before it is read.
    import_max_mb: int = Field(default=20, ge=1, le=1024)
    import_max_unpacked_mb: int = Field(default=100, ge=1, le=10240)
    import_max_rows: int = Field(default=100_000, ge=1, le=1_048_576)
    # The inspection programme's quotas (percent), the report's: inspect 20% of cells, of
    # committee members and of members; supervise 20% of cells (members: no quota).
    inspection_cells_share: Decimal = Field(default=Decimal(20), ge=0, le=100)
    inspection_committee_share: Decimal = Field(default=Decimal(20), ge=0, le=100)
    inspection_members_share: Decimal = Field(default=Decimal(20), ge=0, le=100)
    inspection_supervised_cells_share: Decimal = Field(default=Decimal(20), ge=0, le=100)
    inspection_supervised_members_share: Decimal = Field(default=Decimal(0), ge=0, le=100)
    inspection_rounding: Rounding = Rounding.UP  # up: 20% of 7 cells is 2; down; half_up
    inspection_busy_months: str = ""  # months kept free of items, e.g. "12" or "1,12"
    # Warn when more than this share (percent) of the items falls in November and December.
    inspection_late_share: Decimal = Field(default=Decimal(40), ge=0, le=100)
    # Days the team has to verify after the self-report arrives (reminded 3 days before).
    inspection_verification_days: int = Field(default=20, ge=1, le=365)
    # Decimals of a target's percentage, half up, trailing zeros trimmed (104,55%; 95%).
    target_decimals: int = Field(default=2, ge=0, le=6)
    # The day of a period's last month the level above counts the report's figures to
    # ("số liệu tính đến ngày 15/6"); 0: up to the day the report is made.
    report_cut_off_day: int = Field(default=0, ge=0, le=31)
    # The year-end rating (QĐ 366 as settings): the bands' lowest scores, the share of tasks
    # exceeding for "excellent", the cap on "excellent" (percent of "good"), the targets
    # (percent of those rated), whether the organisation scores out of 100.
    rating_excellent_min: int = Field(default=90, ge=1, le=100)
    rating_good_min: int = Field(default=70, ge=1, le=100)
    rating_complete_min: int = Field(default=50, ge=1, le=100)
    rating_exceeding_share: Decimal = Field(default=Decimal(30), ge=0, le=100)
    rating_excellent_cap: Decimal = Field(default=Decimal(20), ge=0, le=100)
    rating_target_good_or_better: Decimal = Field(default=Decimal(90), ge=0, le=100)
    rating_target_excellent: Decimal = Field(default=Decimal(20), ge=0, le=100)
    rating_scores: bool = True
    # Party dues: the day of the month members are reminded; days into the next month before
    # a month unpaid counts as unpaid; unpaid months in a year before the secretary is told
    # (three, the rule, go to the committee).
    dues_reminder_day: int = Field(default=5, ge=1, le=28)
    dues_grace_days: int = Field(default=10, ge=0, le=27)
    dues_secretary_alert_months: int = Field(default=2, ge=1, le=3)

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

    @field_validator("api_base_url", "zalo_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("not_http_url")
        return value

    @field_validator("zalo_webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.strip().startswith(("http://", "https://")):
            raise ValueError("not_http_url")
        return value.strip()

    @field_validator("zalo_webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        # Zalo takes a secret_token of 8 to 256 characters.
        if not 8 <= len(value.get_secret_value().strip()) <= 256:
            raise ValueError("bad_webhook_secret")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("zalo_webhook_listen")
    @classmethod
    def _listen_address(cls, value: str) -> str:
        host, _, port = value.strip().rpartition(":")
        if not host or not port.isdecimal() or not 0 < int(port) < 65536:
            raise ValueError("bad_listen_address")
        return value.strip()

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.zalo_webhook_url is not None and self.zalo_webhook_secret is None:
            raise ValueError("zalo_webhook_secret_missing")
        return self

    @field_validator("bot_username")
    @classmethod
    def _strip_at(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return value.strip().lstrip("@")

    @field_validator("zalo_bot_link")
    @classmethod
    def _optional_http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.strip().startswith(("http://", "https://")):
            raise ValueError("not_http_url")
        return value.strip()

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_window(cls, value: str) -> str:
        if parse_window(value) is None:
            raise ValueError("bad_quiet_hours")
        return value.strip()

    @field_validator("inspection_busy_months")
    @classmethod
    def _busy_months(cls, value: str) -> str:
        _months(value)
        return value.strip()

    @field_validator("reminders")
    @classmethod
    def _reminder_defaults(cls, value: str) -> str:
        try:
            parse_defaults(value)
        except UserError as exc:
            raise ValueError("bad_reminders") from exc
        return value.strip()

    @field_validator("bot_token", "zalo_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        secret = value.get_secret_value().strip()
        bot_id, _, rest = secret.partition(":")
        if not bot_id.isdecimal() or not rest:
            raise ValueError("malformed_token")
        return SecretStr(secret)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def zalo_joining(self) -> ZaloJoining | None:
        """How invites tell members to join on Zalo; ``None`` when the organisation is not on
        Zalo (invites stay Telegram links only)."""
        if self.zalo_bot_link is None and self.zalo_bot_token is None:
            return None
        return ZaloJoining(self.zalo_bot_link)

    @property
    def quiet(self) -> QuietHours:
        window = parse_window(self.quiet_hours)
        assert window is not None  # validated
        return window

    @property
    def reminder_defaults(self) -> dict[MeetingKind, tuple[timedelta, ...]]:
        return parse_defaults(self.reminders)

    @property
    def inspection_quotas(self) -> QuotaSettings:
        return QuotaSettings(
            shares={
                QuotaKind.CELLS_INSPECTED: self.inspection_cells_share,
                QuotaKind.COMMITTEE_INSPECTED: self.inspection_committee_share,
                QuotaKind.MEMBERS_INSPECTED: self.inspection_members_share,
                QuotaKind.CELLS_SUPERVISED: self.inspection_supervised_cells_share,
                QuotaKind.MEMBERS_SUPERVISED: self.inspection_supervised_members_share,
            },
            rounding=self.inspection_rounding,
            late_share=self.inspection_late_share,
            busy_months=_months(self.inspection_busy_months),
        )

    @property
    def rating_rules(self) -> RatingRules:
        return RatingRules(
            excellent_min=self.rating_excellent_min,
            good_min=self.rating_good_min,
            complete_min=self.rating_complete_min,
            exceeding_share=self.rating_exceeding_share,
            excellent_cap=self.rating_excellent_cap,
            target_good_or_better=self.rating_target_good_or_better,
            target_excellent=self.rating_target_excellent,
            scores=self.rating_scores,
        )

    @property
    def dues(self) -> DuesSettings:
        return DuesSettings(
            reminder_day=self.dues_reminder_day,
            grace_days=self.dues_grace_days,
            secretary_alert_months=self.dues_secretary_alert_months,
        )

    def require_token(self) -> str:
        """The Telegram token; raises :class:`SettingsError` when it is not set."""
        if self.bot_token is None:
            raise SettingsError([SettingProblem("BUTPHA_BOT_TOKEN", "missing", None)])
        return self.bot_token.get_secret_value()

    def require_some_token(self) -> None:
        """``butpha run`` serves Telegram, Zalo or both: at least one token must be set."""
        if self.bot_token is None and self.zalo_bot_token is None:
            raise SettingsError([SettingProblem("BUTPHA_BOT_TOKEN", "missing", None)])

    @property
    def secrets(self) -> tuple[str, ...]:
        """What logs must never show: the tokens and the webhook secret."""
        values = (self.bot_token, self.zalo_bot_token, self.zalo_webhook_secret)
        return tuple(v.get_secret_value() for v in values if v is not None)


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


_CUSTOM_CODES = {
    "unknown_timezone",
    "unsupported_language",
    "not_http_url",
    "malformed_token",
    "bad_quiet_hours",
    "bad_reminders",
    "bad_months",
    "bad_webhook_secret",
    "bad_listen_address",
    "zalo_webhook_secret_missing",
}
_SECRET_FIELDS = {"bot_token", "zalo_bot_token", "zalo_webhook_secret"}


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; any problem becomes a :class:`SettingsError` naming the variables."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message = str(error.get("msg", ""))
            code = next((c for c in _CUSTOM_CODES if c in message), error["type"])
            field = str(error["loc"][0]) if error["loc"] else "?"
            if code == "zalo_webhook_secret_missing":
                field, code = "zalo_webhook_secret", "missing"
            variable = ENV_PREFIX + field.upper()
            value = None if field in _SECRET_FIELDS else _short(error.get("input"))
            problems.append(SettingProblem(variable, code, value))
        raise SettingsError(problems) from None


def _months(text: str) -> frozenset[int]:
    """``"12"`` or ``"1, 12"``: months 1–12, separated by commas or spaces."""
    parts = text.replace(",", " ").split()
    if not all(p.isdecimal() and 1 <= int(p) <= 12 for p in parts):
        raise ValueError("bad_months")
    return frozenset(int(p) for p in parts)


def _short(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
