"""Recovery check-ins: a calendar file of reminders after the pain began (see guide/calendars.py).

The person's onset answer is a band, such as "1 to 3 days ago". The pain is taken to have started
on the band's most recent day (1 day ago), so each reminder comes no sooner than the 3 days, 3
weeks or 6 weeks it is named for. Reminders already past are left out. The file holds the dates and
the check-ins' own words, filled in for the person's country: no answer, and nothing is kept.
"""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string

from guide import calendars, triage
from guide.country_words import fill
from guide.models import CheckIn, Country
from pagecache.version import current_version

ONSET = "onset"  # the question whose answer dates the reminders
# Days ago each onset band starts: the most recent day the pain could have started.
DAYS_AGO = {
    "today": 0,
    "1-3-days": 1,
    "4-6-days": 4,
    "1-2-weeks": 7,
    "3-5-weeks": 21,
    "6-12-weeks": 42,
    "over-3-months": 91,
}
TIERS = (triage.GP, triage.SELF_CARE)  # the results that offer check-ins
PRODID = "-//backcare//recovery check-ins//EN"


_built: tuple[str, tuple[CheckIn, ...]] | None = None


def published() -> tuple[CheckIn, ...]:
    """The published check-ins, soonest first: one query per content version, so results cost none."""
    global _built
    version = current_version()
    if _built is None or _built[0] != version:
        _built = (version, tuple(CheckIn.objects.published()))
    return _built[1]


@dataclass(frozen=True)
class Reminder:
    check_in: CheckIn
    day: datetime.date


def started(answers, today: datetime.date) -> datetime.date | None:
    """The day the pain is taken to have started, from the onset answer alone; None without one."""
    values = answers.get(ONSET, frozenset())
    if len(values) != 1 or (value := next(iter(values))) not in DAYS_AGO:
        return None
    return today - datetime.timedelta(days=DAYS_AGO[value])


def upcoming(answers, today: datetime.date) -> list[Reminder]:
    """The published check-ins still to come, in order."""
    if (start := started(answers, today)) is None:
        return []
    days = [(check_in, start + datetime.timedelta(days=check_in.days)) for check_in in published()]
    return [Reminder(check_in, day) for check_in, day in days if day > today]


def calendar(reminders: list[Reminder], country: Country, links: dict[str, str], now: datetime.datetime) -> bytes:
    """One all-day event per reminder, each with an alarm that morning and links back to the guide."""
    entries = [
        calendars.Reminder(
            reminder.day,
            reminder.check_in.title,
            render_to_string(
                "guide/check_in.txt",
                {
                    "check": fill(reminder.check_in.what_to_check, country, links=False),
                    "flare_up": reminder.check_in.links_flare_up_plan,
                    **links,
                },
            ),
        )
        for reminder in reminders
    ]
    return calendars.calendar("Back pain check-ins", PRODID, entries, links["triage_url"], now)
