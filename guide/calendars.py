"""Calendar files (RFC 5545, written with icalendar) of reminders: the recovery check-ins and walking plans.

Each reminder is an all-day event with an alarm that morning. The file holds dates and the guide's
own words, nothing about the person, and is made when asked for: nothing is kept.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.http import HttpResponse
from icalendar import Alarm, Calendar, Event

REMIND_AT = datetime.timedelta(hours=9)  # on the day, from midnight: 9 in the morning


@dataclass(frozen=True)
class Reminder:
    day: datetime.date
    title: str
    description: str


def calendar(name: str, prodid: str, reminders: list[Reminder], url: str, now: datetime.datetime) -> bytes:
    """One all-day event per reminder, each with an alarm that morning and a link back to the guide."""
    events = []
    for reminder in reminders:
        event = Event.new(
            uid=uuid.uuid4(),
            stamp=now,
            start=reminder.day,
            end=reminder.day + datetime.timedelta(days=1),
            summary=reminder.title,
            description=reminder.description.strip(),
            url=url,
            transparency="TRANSPARENT",
        )
        alarm = Alarm.new(description=reminder.title)
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", REMIND_AT)
        event.add_component(alarm)
        events.append(event)
    return Calendar.new(prodid=prodid, name=name, subcomponents=events).to_ical()


def download(ical: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(ical, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
