"""/lich through the sandbox: a member's meetings for 30 days in their scope, a meeting's card,
a forged card button refused and audited, and /lich ics read back with icalendar."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from tests.e2e.conftest import World
from tests.e2e.task_steps import now_shown

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def shown(day: date, time: str) -> str:
    """The Vietnamese date format the list uses: ``Thứ Năm, 05/03/2026 14:00``."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y} {time}"


async def plan(world: World) -> dict[str, list[int]]:
    """The clock stands at 2 March: a monthly meeting of Phòng Đào tạo for everyone, a study of
    the whole organisation for party members, and a meeting of Liên khoa."""
    year = world.clock.now().year
    meetings = world.services.meetings
    cell = await meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Sinh hoạt chi bộ tháng",
            starts=datetime(year, 3, 5, 14, 0),
            cells=("Phòng Đào tạo",),
            repeat="ngày 5 hằng tháng lúc 14:00",
            place="Phòng 201",
            agenda="1. Kiểm điểm tháng\n2. Việc <tháng tới>",
            attendees=Attendees.ALL,
        ),
    )
    study = await meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY,
            title="Quán triệt Nghị quyết",
            starts=datetime(year, 3, 10, 8, 0),
            ends=datetime(year, 3, 10, 11, 30),
            everyone=True,
            online_link="https://meet.example.vn/nq",
        ),
    )
    other = await meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Họp Liên khoa",
            starts=datetime(year, 3, 6, 9, 0),
            cells=("Liên khoa",),
        ),
    )
    return {"cell": cell.meeting_ids, "study": study.meeting_ids, "other": other.meeting_ids}


async def test_the_list_shows_my_meetings_and_opens_a_card(world: World) -> None:
    ids = await plan(world)
    year = world.clock.now().year
    member = await world.join("A2")
    listing = await world.say(member, "/lich")
    text = listing.text or ""
    assert "Lịch họp của đồng chí trong 30 ngày tới" in text
    assert "1. Sinh hoạt chi bộ tháng\n" in text  # the title says the kind: not twice
    assert shown(date(year, 3, 5), "14:00") in text and "Phòng 201" in text
    assert shown(date(year, 3, 10), "08:00") in text and "https://meet.example.vn/nq" in text
    # Only the next 30 days, and nothing of another cell.
    assert "05/04" not in text and "Họp Liên khoa" not in text
    assert [b.callback_data for b in listing.buttons()] == [
        f"lich:m:{ids['cell'][0]}",
        f"lich:m:{ids['study'][0]}",
    ]

    await world.press(member, listing, 0)
    card = now_shown(world, listing).text or ""
    assert "Thời gian: " + shown(date(year, 3, 5), "14:00") + " – 16:00" in card
    assert "Địa điểm: Phòng 201" in card and "Thành phần: tất cả" in card
    assert "1. Kiểm điểm tháng\n2. Việc <tháng tới>" in card
    await world.press(member, now_shown(world, listing), "◀ Lịch họp của tôi")
    assert "Quán triệt Nghị quyết" in (now_shown(world, listing).text or "")

    # A cancelled occurrence stays in the list, marked.
    await world.services.meetings.cancel(None, ids["study"][0])
    again = await world.say(member, "/schedule")
    assert "❌ (đã hủy) Học tập chuyên đề: Quán triệt Nghị quyết" in (again.text or "")


async def test_non_party_members_do_not_see_party_only_study(world: World) -> None:
    await plan(world)
    staff = await world.join("A3")  # Lê Văn Cường, not a party member
    text = (await world.say(staff, "/lich")).text or ""
    assert "Sinh hoạt chi bộ tháng" in text
    assert "Quán triệt Nghị quyết" not in text


async def test_a_forged_card_button_is_refused_and_audited(world: World) -> None:
    ids = await plan(world)
    member = await world.join("A2")
    listing = await world.say(member, "/lich")
    forged = ids["other"][0]
    for data in (f"lich:m:{forged}", "lich:m:999999"):
        await world.sandbox.press_callback(member, listing.message_id, data)
        await world.sandbox.wait_until_idle(quiet=0.05)
        answer = world.sandbox.callback_answers[-1]
        assert answer["text"] == "Đồng chí không mở được cuộc họp này." and answer["show_alert"]
    assert "Họp Liên khoa" not in (now_shown(world, listing).text or "")
    with sqlite3.connect(world.database) as conn:
        refused = conn.execute(
            "SELECT detail FROM audit_log WHERE event = 'meeting_access_refused'"
        ).fetchall()
    assert [json.loads(d)["meeting_id"] for (d,) in refused] == [forged, 999999]


async def test_lich_ics_sends_a_calendar_file(world: World) -> None:
    ids = await plan(world)
    year = world.clock.now().year
    member = await world.join("A2")
    sent = await world.say(member, "/lich ics", predicate=lambda m: m.document is not None)
    assert sent.document is not None and sent.document["file_name"] == "lich-hop.ics"
    assert "Thêm vào lịch" in (sent.caption or "")
    file = await world.app.bot.get_file(sent.document["file_id"])
    calendar = Calendar.from_ical(bytes(await file.download_as_bytearray()))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    # The series' occurrences up to the year ahead, the study; never Liên khoa's meeting.
    assert f"meeting-{ids['study'][0]}@butpha" in events
    assert {f"meeting-{i}@butpha" for i in ids["cell"]} <= set(events)
    assert f"meeting-{ids['other'][0]}@butpha" not in events
    study = events[f"meeting-{ids['study'][0]}@butpha"]
    assert study.decoded("DTSTART") == datetime(year, 3, 10, 8, 0, tzinfo=ZONE)
    assert study.decoded("DTEND") == datetime(year, 3, 10, 11, 30, tzinfo=ZONE)
    first = events[f"meeting-{ids['cell'][0]}@butpha"]
    assert first.decoded("DTSTART").astimezone(ZONE) == datetime(year, 3, 5, 14, 0, tzinfo=ZONE)
