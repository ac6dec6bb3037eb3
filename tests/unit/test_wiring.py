"""The bot as the features put it together: handlers in the order that matters, a command
catalogue where every entry is answered, and every feature's jobs on the JobQueue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
)

from bot import services as feature_services
from bot.app import ButphaApplication, build_application
from bot.clock import FixedClock
from bot.services.container import Services
from bot.settings import Settings, load_settings
from handlers.kit import conversations, edits, fallback, reachability
from handlers.kit.groups import point_to_private_chat
from handlers.tasks import questions
from handlers.wiring import COMMANDS, FEATURES
from storage.database import SqliteDatabase

TOKEN = "123456:TEST-token-never-logged"
FEATURE_SERVICES = (
    "members",
    "tasks",
    "meetings",
    "broadcasts",
    "inspections",
    "targets",
    "period_report",
    "ratings",
    "dues",
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(database=tmp_path / "bot.sqlite3", approval_digest_minutes=7)


@pytest.fixture
def application(settings: Settings) -> ButphaApplication:
    return build_application(settings, TOKEN, set_menus=False)


def _commands(handler: BaseHandler[Any, Any, Any]) -> set[str]:
    """The commands a handler answers, those of a conversation's entry points included."""
    if isinstance(handler, CommandHandler):
        return set(handler.commands)
    if isinstance(handler, ConversationHandler):
        return {c for h in handler.entry_points for c in _commands(h)}
    return set()


def _callback(handler: BaseHandler[Any, Any, Any]) -> object:
    return None if isinstance(handler, ConversationHandler) else handler.callback


def test_the_order_that_matters(application: ButphaApplication) -> None:
    handlers = application.handlers
    assert [h.callback for h in handlers[-2]] == [reachability.seen]
    assert [h.callback for h in handlers[-1]] == [edits.edited]
    assert [h.callback for h in handlers[1]] == [conversations.remind_open_form]

    main = handlers[0]
    kinds = [isinstance(h, ConversationHandler) for h in main]
    first_other = kinds.index(False)
    # Conversations first, every feature's, and none after.
    assert first_other == sum(len(f.conversations()) for f in FEATURES) > 0
    assert not any(kinds[first_other:])
    # In groups: what acts there too, then the pointer, then the rest.
    pointer = next(i for i, h in enumerate(main) if _callback(h) is point_to_private_chat)
    assert {"start", "lienketnhom"} <= {c for h in main[:pointer] for c in _commands(h)}
    assert "trogiup" in {c for h in main[pointer:] for c in _commands(h)}
    # Last: the plain questions, then the fallback for messages and for stale buttons.
    assert [_callback(h) for h in main[-3:]] == [
        questions.answer_question,
        fallback.not_understood,
        fallback.not_understood,
    ]
    assert isinstance(main[-2], MessageHandler)
    assert isinstance(main[-1], CallbackQueryHandler) and main[-1].pattern is None
    assert not any(isinstance(h, TypeHandler) for h in main)


def test_the_catalogue_is_every_features_commands_in_order(
    application: ButphaApplication,
) -> None:
    assert application.bot_data.commands == COMMANDS
    assert [c.name for c in COMMANDS] == [c.name for f in FEATURES for c in f.commands]
    assert [c.name for c in COMMANDS][:3] == ["trogiup", "ngonngu", "moi"]
    assert [c.name for c in COMMANDS][-11:] == [
        "caidat",
        "thongbao",
        "kiemtra",
        "tubaocao",
        "khacphuc",
        "giamsat",
        "chitieu",
        "tukiemdiem",
        "xeploai",
        "dangphi",
        "baocao",
    ]
    names = [c.name for c in COMMANDS] + [c.alias for c in COMMANDS]
    assert len(names) == len(set(names))


def test_every_command_in_the_menu_is_answered(application: ButphaApplication) -> None:
    answered = {c for h in application.handlers[0] for c in _commands(h)}
    for command in COMMANDS:
        assert {command.name, command.alias} <= answered, command.name


def test_features_have_names_of_their_own() -> None:
    names = [f.name for f in FEATURES]
    assert names == [
        "members",
        "tasks",
        "meetings",
        "broadcasts",
        "inspections",
        "targets",
        "ratings",
        "dues",
        "period_report",
    ]


def test_every_features_services_are_built_once(
    db: SqliteDatabase, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One instance of each feature's services: the ones the bot exposes are the ones other
    features were handed (the period report reads the inspections the bot shows)."""
    built: list[str] = []
    for name in FEATURE_SERVICES:
        module = getattr(feature_services, name)

        def counted(*args: Any, _name: str = name, _build: Any = module.build, **kw: Any) -> Any:
            built.append(_name)
            return _build(*args, **kw)

        monkeypatch.setattr(module, "build", counted)
    services = Services.build(db, clock, invite_ttl_days=30, default_language="vi")
    assert sorted(built) == sorted(FEATURE_SERVICES)
    assert services.period_report._inspections is services.inspection_report


def test_every_features_jobs_are_scheduled(
    application: ButphaApplication, settings: Settings
) -> None:
    assert application.job_queue is not None
    for feature in FEATURES:
        for job in feature.jobs:
            job.schedule(application, settings)
    scheduled = {j.name: j for j in application.job_queue.jobs()}
    assert set(scheduled) == {
        "approval-digests",
        "task-reminders-at-start",
        "task-reminders",
        "meeting-reminders-at-start",
        "meeting-reminders",
        "meeting-digests-at-start",
        "meeting-digests",
        "attendance-finalise",
        "broadcast-reports",
        "inspection-reminders-at-start",
        "inspection-reminders",
        "target-reminders-at-start",
        "target-reminders",
        "rating-reminders-at-start",
        "rating-reminders",
        "dues-reminders-at-start",
        "dues-reminders",
    }
    # The interval a setting gives, and the start-up runs with no grace to miss.
    assert scheduled["approval-digests"].job.trigger.interval.total_seconds() == 7 * 60
    assert scheduled["meeting-reminders"].job.trigger.interval.total_seconds() == 300
    assert scheduled["task-reminders-at-start"].job.misfire_grace_time is None
