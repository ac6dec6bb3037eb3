"""The Bot API methods that send, edit and delete messages, answer buttons and serve files."""

from __future__ import annotations

from typing import Any

from bot.sandbox.formatting import check_caption, check_text, format_text
from bot.sandbox.models import SentMessage, StoredFile, Upload, bad_request
from bot.sandbox.state import SandboxState
from bot.sandbox.validation import Params, check_reply_markup, image_size

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _inline(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup is not None and "inline_keyboard" in markup else None


class MessagingApi(SandboxState):
    """sendMessage/Document/Photo, editMessage*, deleteMessage, answerCallbackQuery,
    sendChatAction and getFile.
    """

    def _reply_to(self, chat_id: int, p: Params) -> int | None:
        parameters = p.get_json("reply_parameters")
        if isinstance(parameters, dict):
            message_id = parameters.get("message_id")
            allow = bool(parameters.get("allow_sending_without_reply"))
        else:
            message_id = p.opt_int("reply_to_message_id")
            allow = p.get_bool("allow_sending_without_reply")
        if message_id is None:
            return None
        if not isinstance(message_id, int) or self.any_message(chat_id, message_id) is None:
            if allow:
                return None
            raise bad_request("message to be replied not found")
        return message_id

    async def _send_message(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        chat_id = self.resolve_chat(p.values.get("chat_id"), for_send=True)
        raw = p.get_str("text") or ""
        mode = p.get_str("parse_mode")
        text, entities = format_text(raw, mode, p.get_json("entities"))
        check_text(text)
        markup = check_reply_markup(p.get_json("reply_markup"))
        reply_to = self._reply_to(chat_id, p)
        self.check_flood(chat_id)
        message = SentMessage(
            message_id=self.new_message_id(chat_id),
            chat_id=chat_id,
            date=self.now(),
            text=text,
            html=raw if (mode or "").lower() == "html" else None,
            parse_mode=mode,
            entities=entities,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            disable_notification=p.get_bool("disable_notification"),
        )
        self.store_bot_message(message)
        return self.message_dict(message)

    async def _send_document(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        return self._send_file("document", p, uploads)

    async def _send_photo(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        return self._send_file("photo", p, uploads)

    def _send_file(self, kind: str, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        chat_id = self.resolve_chat(p.values.get("chat_id"), for_send=True)
        stored = self._file_from(kind, p, uploads)
        raw = p.get_str("caption") or ""
        mode = p.get_str("parse_mode")
        caption, caption_entities = format_text(raw, mode, p.get_json("caption_entities"))
        check_caption(caption)
        markup = check_reply_markup(p.get_json("reply_markup"))
        reply_to = self._reply_to(chat_id, p)
        self.check_flood(chat_id)
        message = SentMessage(
            message_id=self.new_message_id(chat_id),
            chat_id=chat_id,
            date=self.now(),
            html=raw if (mode or "").lower() == "html" and raw else None,
            parse_mode=mode,
            reply_markup=markup,
            caption=caption or None,
            caption_entities=caption_entities,
            reply_to_message_id=reply_to,
            disable_notification=p.get_bool("disable_notification"),
        )
        if kind == "photo":
            width, height = image_size(stored.data) or (1, 1)
            message.photo = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": width,
                    "height": height,
                    "file_size": len(stored.data),
                }
            ]
        else:
            document: dict[str, Any] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data),
            }
            if stored.file_name:
                document["file_name"] = stored.file_name
            if stored.mime_type:
                document["mime_type"] = stored.mime_type
            message.document = document
        self.store_bot_message(message)
        return self.message_dict(message)

    def _file_from(self, kind: str, p: Params, uploads: dict[str, Upload]) -> StoredFile:
        value = p.values.get(kind)
        upload: Upload | None = None
        if isinstance(value, str) and value.startswith("attach://"):
            upload = uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"file {value!r} is not attached to the request")
        elif kind in uploads:
            upload = uploads[kind]
        elif isinstance(value, str) and value:
            if value in self.files:
                return self.files[value]
            if value.startswith(("http://", "https://")):
                raise bad_request("failed to get HTTP URL content")
            raise bad_request("wrong file identifier/HTTP URL specified")
        else:
            raise bad_request(f"there is no {kind} in the request")
        if not upload.data:
            raise bad_request("file must be non-empty")
        if kind == "photo" and image_size(upload.data) is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        serial = self.next_serial()
        suffix = ""
        if upload.filename and "." in upload.filename:
            suffix = "." + upload.filename.rsplit(".", 1)[1]
        folder = "photos" if kind == "photo" else "documents"
        stored = StoredFile(
            file_id=f"{'AgAC' if kind == 'photo' else 'BQAC'}Sandbox{serial:06d}",
            file_unique_id=f"AQAD{serial:06d}",
            data=upload.data,
            file_name=upload.filename,
            mime_type=upload.content_type,
            file_path=f"{folder}/file_{serial}{suffix}",
        )
        self.files[stored.file_id] = stored
        return stored

    def _editable(self, p: Params) -> SentMessage:
        if p.has("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat_id = self.resolve_chat(p.values.get("chat_id"), for_send=True)
        message_id = p.get_int("message_id")
        message = self.bot_message(chat_id, message_id)
        if message is None or message.deleted:
            if message_id in self.user_messages.get(chat_id, {}):
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        return message

    def _edited(self, message: SentMessage) -> dict[str, Any]:
        message.edited += 1
        message.edit_date = self.now()
        self.messages_changed.fire()
        return self.message_dict(message)

    async def _edit_message_text(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        message = self._editable(p)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        raw = p.get_str("text") or ""
        mode = p.get_str("parse_mode")
        text, entities = format_text(raw, mode, p.get_json("entities"))
        check_text(text)
        markup = check_reply_markup(p.get_json("reply_markup"), inline_only=True)
        old_markup = _inline(message.reply_markup)
        if text == message.text and entities == message.entities and markup == old_markup:
            raise bad_request(_NOT_MODIFIED)
        message.history.append(message.text)
        message.text, message.entities, message.parse_mode = text, entities, mode
        message.html = raw if (mode or "").lower() == "html" else None
        # Without reply_markup Telegram drops the inline keyboard; a reply keyboard stays.
        if markup is not None or old_markup is not None:
            message.reply_markup = markup
        return self._edited(message)

    async def _edit_message_caption(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        message = self._editable(p)
        if message.text is not None:
            raise bad_request("there is no caption in the message to edit")
        raw = p.get_str("caption") or ""
        mode = p.get_str("parse_mode")
        caption, entities = format_text(raw, mode, p.get_json("caption_entities"))
        check_caption(caption)
        markup = check_reply_markup(p.get_json("reply_markup"), inline_only=True)
        old_markup = _inline(message.reply_markup)
        same = (caption or None) == message.caption and entities == message.caption_entities
        if same and markup == old_markup:
            raise bad_request(_NOT_MODIFIED)
        message.history.append(message.caption or "")
        message.caption, message.caption_entities = caption or None, entities
        message.html = raw if (mode or "").lower() == "html" and raw else None
        if markup is not None or old_markup is not None:
            message.reply_markup = markup
        return self._edited(message)

    async def _edit_message_reply_markup(
        self, p: Params, uploads: dict[str, Upload]
    ) -> dict[str, Any]:
        message = self._editable(p)
        markup = check_reply_markup(p.get_json("reply_markup"), inline_only=True)
        if markup == _inline(message.reply_markup):
            raise bad_request(_NOT_MODIFIED)
        message.reply_markup = markup
        return self._edited(message)

    async def _delete_message(self, p: Params, uploads: dict[str, Upload]) -> bool:
        chat_id = self.resolve_chat(p.values.get("chat_id"), for_send=False)
        message_id = p.get_int("message_id")
        message = self.bot_message(chat_id, message_id)
        if message is not None and not message.deleted:
            message.deleted = True
            self.messages_changed.fire()
            return True
        if self.user_messages.get(chat_id, {}).pop(message_id, None) is not None:
            return True
        raise bad_request("message to delete not found")

    async def _answer_callback_query(self, p: Params, uploads: dict[str, Upload]) -> bool:
        query_id = p.get_str("callback_query_id") or ""
        if self.open_queries.get(query_id) is not False:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = p.get_str("text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.open_queries[query_id] = True
        self.callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": text,
                "show_alert": p.get_bool("show_alert"),
                "url": p.get_str("url"),
                "cache_time": p.opt_int("cache_time"),
            }
        )
        return True

    async def _send_chat_action(self, p: Params, uploads: dict[str, Upload]) -> bool:
        self.resolve_chat(p.values.get("chat_id"), for_send=True)
        if not p.get_str("action"):
            raise bad_request("action is empty")
        return True

    async def _get_file(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        stored = self.files.get(p.get_str("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }
