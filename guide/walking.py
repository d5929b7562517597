"""A walking plan's weekly reminders, for the calendar file its page offers (see guide/calendars.py).

Week 1 starts on the day the person picks (today if they pick none). Each week of each stage gets
one reminder, on the first day of that week, with the stage's walks and minutes. Nothing about the
person is asked for or kept: only a start date travels, in the request.
"""

import datetime

from django import forms

from guide import calendars
from guide.models import WalkingPlan, WalkingWeek

PRODID = "-//backcare//walking plan//EN"
LATEST_START = datetime.timedelta(days=366)  # a start more than a year off is a typing mistake


class StartForm(forms.Form):
    start = forms.DateField(
        label="Start on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave it blank to start today.",
        error_messages={"invalid": "Enter a date, such as 5 January 2027."},
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    @property
    def given(self) -> str:
        """The date asked for, to show again in the form, if it is a date at all (else the field starts empty)."""
        try:
            return datetime.date.fromisoformat(self.data.get("start", "")).isoformat()
        except ValueError:
            return ""

    def clean_start(self) -> datetime.date:
        start = self.cleaned_data["start"] or self.today
        if start < self.today:
            raise forms.ValidationError("Choose today or a day after it.")
        if start > self.today + LATEST_START:
            raise forms.ValidationError("Choose a day within the next year.")
        return start


def weekly(
    plan: WalkingPlan, stages: list[WalkingWeek], start: datetime.date, footer: str = ""
) -> list[calendars.Reminder]:
    """One reminder a week for every week the stages cover, in order; `footer` ends every one."""
    reminders = []
    for stage in stages:
        for week in range(stage.week, stage.until_week + 1):
            target = f"{stage.walks} walks of {stage.minutes} minutes"
            description = "\n\n".join(part for part in [f"This week: {target}.", stage.tip, footer] if part)
            reminders.append(
                calendars.Reminder(
                    start + datetime.timedelta(weeks=week - 1),
                    f"{plan.title}, week {week}: {target}",
                    description,
                )
            )
    return sorted(reminders, key=lambda reminder: reminder.day)
