"""EventBridge schedule expressions: `rate(...)` and AWS's six-field `cron(...)`, parsed once and asked
for the next fire time after a given moment (UTC, whole minutes).

    parse_schedule("cron(0 12 ? * MON-FRI *)").next_after(datetime(2024, 1, 5, 13, 0, tzinfo=UTC))
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Callable

UTC = timezone.utc
_RATE_RE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$")
_CRON_RE = re.compile(r"^cron\((.*)\)$")
_MONTHS = {name: i + 1 for i, name in enumerate(calendar.month_abbr[1:])}
_MONTHS = {name.upper(): number for name, number in _MONTHS.items()}
_WEEKDAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
_MAX_YEAR = 2199


class ScheduleError(ValueError):
    """Not a valid schedule expression (AWS: ValidationException, 'Parameter ScheduleExpression is not
    valid.')."""


@dataclass(frozen=True)
class Rate:
    period: timedelta

    def next_after(self, moment: datetime) -> datetime:
        return moment + self.period


DayTest = Callable[[date], bool]


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    day_of_month: DayTest
    months: frozenset[int]
    day_of_week: DayTest
    years: frozenset[int]

    def next_after(self, moment: datetime) -> datetime | None:
        """The first matching minute strictly after `moment`; None when no year of the set is left."""
        start = moment.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
        day = start.date()
        while day.year <= _MAX_YEAR:
            if day.year not in self.years:
                later = [year for year in self.years if year > day.year]
                if not later:
                    return None
                day = date(min(later), 1, 1)
                continue
            if day.month not in self.months:
                day = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
                continue
            if self.day_of_month(day) and self.day_of_week(day):
                found = self._time_on(day, start)
                if found is not None:
                    return found
            day += timedelta(days=1)
        return None

    def _time_on(self, day: date, start: datetime) -> datetime | None:
        first_day = day == start.date()
        for hour in sorted(self.hours):
            if first_day and hour < start.hour:
                continue
            for minute in sorted(self.minutes):
                if first_day and hour == start.hour and minute < start.minute:
                    continue
                return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
        return None


Schedule = Rate | Cron


def parse_schedule(expression: str) -> Schedule:
    """A Rate or Cron for `expression`; ScheduleError if AWS would reject it."""
    expression = (expression or "").strip()
    rate = _RATE_RE.match(expression)
    if rate:
        return _parse_rate(int(rate.group(1)), rate.group(2))
    cron = _CRON_RE.match(expression)
    if cron:
        return _parse_cron(cron.group(1))
    raise ScheduleError("Parameter ScheduleExpression is not valid.")


def _parse_rate(value: int, unit: str) -> Rate:
    # AWS wants the singular unit for 1 and the plural for anything more.
    if value <= 0 or (value == 1) != (not unit.endswith("s")):
        raise ScheduleError("Parameter ScheduleExpression is not valid.")
    seconds = {"minute": 60, "hour": 3600, "day": 86400}[unit.rstrip("s")]
    return Rate(timedelta(seconds=value * seconds))


def _parse_cron(body: str) -> Cron:
    fields = body.split()
    if len(fields) != 6:
        raise ScheduleError("Parameter ScheduleExpression is not valid.")
    minutes, hours, dom, months, dow, years = fields
    # One of day-of-month and day-of-week must be '?': AWS cannot combine them.
    if (dom == "?") == (dow == "?"):
        raise ScheduleError("Parameter ScheduleExpression is not valid.")
    try:
        return Cron(
            minutes=_values(minutes, 0, 59),
            hours=_values(hours, 0, 23),
            day_of_month=_day_of_month(dom),
            months=_values(months, 1, 12, _MONTHS),
            day_of_week=_day_of_week(dow),
            years=_values(years, 1970, _MAX_YEAR),
        )
    except (ValueError, KeyError):
        raise ScheduleError("Parameter ScheduleExpression is not valid.") from None


def _number(text: str, names: dict[str, int] | None) -> int:
    if names and text.upper() in names:
        return names[text.upper()]
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def _values(field: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    """The numbers a field of `,` `-` `*` `/` selects within [low, high]."""
    result: set[int] = set()
    for part in field.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            step = int(step_text)
            if step <= 0:
                raise ValueError(step_text)
        if part == "*":
            first, last = low, high
        elif "-" in part:
            first_text, last_text = part.split("-", 1)
            first, last = _number(first_text, names), _number(last_text, names)
        else:
            first = _number(part, names)
            last = high if step > 1 else first
        if not (low <= first <= high and low <= last <= high):
            raise ValueError(part)
        span = range(first, last + 1) if first <= last else [*range(first, high + 1), *range(low, last + 1)]
        result.update(list(span)[::step])
    return frozenset(result)


def _last_day(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _nearest_weekday(day: date, target: int) -> bool:
    """W: the weekday nearest to day `target` of the month, never leaving the month."""
    target = min(target, _last_day(day))
    wanted = day.replace(day=target)
    if wanted.weekday() == 5:  # Saturday: Friday before, or Monday after when the 1st
        wanted = wanted + timedelta(days=2) if target == 1 else wanted - timedelta(days=1)
    elif wanted.weekday() == 6:  # Sunday: Monday after, or Friday before when the last day
        wanted = wanted - timedelta(days=2) if target == _last_day(day) else wanted + timedelta(days=1)
    return day == wanted


def _day_of_month(field: str) -> DayTest:
    if field == "?":
        return lambda day: True
    if field == "L":
        return lambda day: day.day == _last_day(day)
    if field == "LW":
        return lambda day: _nearest_weekday(day, _last_day(day))
    if field.endswith("W"):
        target = int(field[:-1])
        if not 1 <= target <= 31:
            raise ValueError(field)
        return lambda day: _nearest_weekday(day, target)
    days = _values(field, 1, 31)
    return lambda day: day.day in days


def _aws_weekday(day: date) -> int:
    """1 = Sunday ... 7 = Saturday, as AWS cron counts."""
    return (day.weekday() + 1) % 7 + 1


def _day_of_week(field: str) -> DayTest:
    if field == "?":
        return lambda day: True
    if field == "L":
        return lambda day: _aws_weekday(day) == 7
    if field.endswith("L"):  # 6L: the last Friday of the month
        weekday = _number(field[:-1], _WEEKDAYS)
        return lambda day: _aws_weekday(day) == weekday and day.day + 7 > _last_day(day)
    if "#" in field:  # 3#2: the second Tuesday of the month
        weekday_text, nth_text = field.split("#", 1)
        weekday, nth = _number(weekday_text, _WEEKDAYS), int(nth_text)
        if not (1 <= weekday <= 7 and 1 <= nth <= 5):
            raise ValueError(field)
        return lambda day: _aws_weekday(day) == weekday and (day.day - 1) // 7 + 1 == nth
    weekdays = _values(field, 1, 7, _WEEKDAYS)
    return lambda day: _aws_weekday(day) in weekdays
