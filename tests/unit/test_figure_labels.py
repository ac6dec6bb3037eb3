"""Labels that speak of everyone (party members and non-party staff alike) must not say
"đảng viên" alone: the Vietnamese reader takes it for party members only."""

from __future__ import annotations

import re

import pytest

from bot.i18n import translator

# Each of these describes, counts or refuses for every member of a cell or the organisation,
# whatever their kind (the code behind each was read: none filters on the kind of member).
EVERYONE = [
    "Approve the tasks members registered",  # /duyet: non-party staff's tasks too
    "Invite a member of your cell",  # /moi lists every member not yet linked
    "Please write the member's code or name.",  # the member lookup of /molai
    "Send a notice to members",  # /thongbao goes to everyone unless filtered
    "The cell has no active members.",  # /chuyencan: every active member of the cell
    "There is no such member.",  # /molai: any member
    "You can record attendance of your own cell only.",  # meetings for everyone too
    "import the member list (.xlsx or .csv)",  # the file lists non-party staff too
    "list members, roles and link status",  # butpha members lists everyone
    # the reminder goes to every active member without a task (progress.unregistered)
    "Only the cell's secretary and the committee remind its members to register; the "
    "inspection commission sees the list.",
]
PARTY_ONLY = re.compile(r"\bđảng viên\b", re.IGNORECASE)


@pytest.mark.parametrize("msgid", EVERYONE)
def test_a_label_for_everyone_does_not_say_party_members_only(msgid: str) -> None:
    text = translator("vi")(msgid)
    assert text != msgid, "translated"
    assert not PARTY_ONLY.search(text) or "quần chúng" in text, text
