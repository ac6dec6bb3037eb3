"""Every handler, in the order that matters: specific commands and buttons first, the catch-all
last. Group chats only ever get a pointer to a private chat."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers.broadcasts import broadcast, broadcast_groups, broadcast_report
from handlers.kit import conversations, edits, fallback, reachability
from handlers.kit.errors import on_error
from handlers.kit.groups import point_to_private_chat
from handlers.meetings import (
    attendance,
    attendance_figures,
    meeting_planning,
    reminder_settings,
    rsvp,
    schedule,
)
from handlers.members import help, invite, language, start
from handlers.tasks import (
    approval,
    collective,
    my_tasks,
    progress,
    public_registry,
    questions,
    registration,
    task_actions,
    task_card,
    task_edit,
    task_verdicts,
    year_admin,
    year_areas,
    year_reopen,
)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    groups = filters.ChatType.GROUPS
    # Before everything, answering nothing: whoever writes is reachable again.
    application.add_handler(TypeHandler(Update, reachability.seen), group=-2)
    # Then an edited message stops: it never acts a second time (see handlers.kit.edits).
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, edits.edited), group=-1)
    # Conversations first: while one waits for an answer, what the member types is that answer.
    application.add_handlers(
        [
            # <conversations: registration>
            registration.conversation(),
            # <conversations: task cards and approval>
            *task_actions.conversations(),
            *task_verdicts.conversations(),
            *task_edit.conversations(),
            *approval.conversations(),
            # <conversations: broadcasts>
            broadcast.conversation(),
            # <conversations: meeting reminders>
            rsvp.conversation(),
            # <conversations: meeting planning>
            meeting_planning.conversation(),
            # <conversations: reminder settings>
            reminder_settings.conversation(),
        ]
    )
    application.add_handlers(
        [
            CommandHandler("start", start.start),
            # <group commands: broadcasts> (before the catch-all for group commands)
            *broadcast_groups.handlers(),
            # In groups, any other command only gets a pointer to a private chat.
            MessageHandler(groups & filters.COMMAND, point_to_private_chat),
            # /huy when no conversation took it: nothing is under way.
            CommandHandler(["huy", "cancel"], conversations.nothing_to_cancel),
            CommandHandler(["trogiup", "help"], help.show_help),
            CommandHandler(["ngonngu", "language"], language.ask_language),
            CommandHandler(["moi", "invite"], invite.start_invite),
            *language.buttons(),
            *invite.buttons(),
            # <commands and buttons: registration and year>
            *year_admin.handlers(),
            *year_areas.handlers(),
            *year_reopen.handlers(),
            CommandHandler(["viectapthe", "collective"], collective.collective),
            # <commands and buttons: task cards and approval>
            CommandHandler(["congviec", "tasks"], my_tasks.show_my_tasks),
            CommandHandler(["duyet", "approve"], approval.show_pending),
            *my_tasks.buttons(),
            *task_card.buttons(),
            *task_edit.buttons(),
            *approval.buttons(),
            # <commands and buttons: progress, registry, questions>
            CommandHandler(["tiendo", "progress"], progress.show_progress),
            *progress.buttons(),
            CommandHandler(["congkhai", "public"], public_registry.show_registry),
            *public_registry.buttons(),
            # <commands and buttons: schedule>
            *schedule.handlers(),
            *attendance.handlers(),
            *attendance_figures.handlers(),
            # <commands and buttons: broadcasts>
            *broadcast_report.buttons(),
            # <buttons: meeting reminders>
            *rsvp.buttons(),
            # <commands and buttons: meeting planning>
            *meeting_planning.buttons(),
            # <commands and buttons: reminder settings>
            *reminder_settings.handlers(),
            # <commands and buttons: task reminders>
            # Plain questions ("tiến độ", "ai chưa đăng ký"): any private text no one above took.
            MessageHandler(
                filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE,
                questions.answer_question,
            ),
            # Last: anything else in a private chat, or a stale button anywhere.
            MessageHandler(filters.ChatType.PRIVATE, fallback.not_understood),
            CallbackQueryHandler(fallback.not_understood),
        ]
    )
    # Every conversation above: one form at a time, and a reminder after other commands.
    conversations.track_forms(application)
    application.add_error_handler(on_error)
