"""EventBridge schedule expressions: rate and six-field cron, next fire times at fixed moments."""

from datetime import datetime, timedelta, timezone

import pytest

from localstack.services.events.schedule import Rate, ScheduleError, parse_schedule

UTC = timezone.utc


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def next_times(expression: str, start: datetime, count: int = 3) -> list[datetime]:
    schedule = parse_schedule(expression)
    times, moment = [], start
    for _ in range(count):
        moment = schedule.next_after(moment)
        times.append(moment)
    return times


@pytest.mark.parametrize(
    "expression, period",
    [
        ("rate(1 minute)", timedelta(minutes=1)),
        ("rate(5 minutes)", timedelta(minutes=5)),
        ("rate(1 hour)", timedelta(hours=1)),
        ("rate(12 hours)", timedelta(hours=12)),
        ("rate(1 day)", timedelta(days=1)),
        ("rate(3 days)", timedelta(days=3)),
    ],
)
def test_rate(expression: str, period: timedelta) -> None:
    schedule = parse_schedule(expression)
    assert schedule == Rate(period)
    assert schedule.next_after(at(2024, 1, 1, 10, 0, 30)) == at(2024, 1, 1, 10, 0, 30) + period


@pytest.mark.parametrize(
    "expression",
    [
        "rate(1 minutes)",  # AWS wants the singular for 1
        "rate(5 minute)",  # and the plural for more
        "rate(0 minutes)",
        "rate(5 seconds)",
        "rate(minutes)",
        "cron(0 12 * * * *)",  # day-of-month and day-of-week both given
        "cron(0 12 ? * ? *)",  # both omitted
        "cron(0 12 * *)",  # too few fields
        "cron(60 12 * * ? *)",
        "cron(0 24 * * ? *)",
        "cron(0 12 32 * ? *)",
        "cron(0 12 ? FOO * *)",
        "cron(0 12 ? * 8 *)",
        "cron(0 12 ? * 2#6 *)",
        "every minute",
        "",
    ],
)
def test_invalid_expressions(expression: str) -> None:
    with pytest.raises(ScheduleError, match="ScheduleExpression is not valid"):
        parse_schedule(expression)


def test_cron_every_minute() -> None:
    assert next_times("cron(* * * * ? *)", at(2024, 1, 1, 10, 0, 30)) == [
        at(2024, 1, 1, 10, 1),
        at(2024, 1, 1, 10, 2),
        at(2024, 1, 1, 10, 3),
    ]


def test_cron_steps_and_lists() -> None:
    assert next_times("cron(0/15 * * * ? *)", at(2024, 1, 1, 10, 7)) == [
        at(2024, 1, 1, 10, 15),
        at(2024, 1, 1, 10, 30),
        at(2024, 1, 1, 10, 45),
    ]
    assert next_times("cron(5,35 8-9 * * ? *)", at(2024, 1, 1, 9, 40)) == [
        at(2024, 1, 2, 8, 5),
        at(2024, 1, 2, 8, 35),
        at(2024, 1, 2, 9, 5),
    ]


def test_cron_weekdays_by_name() -> None:
    # 2024-01-05 is a Friday: next weekday noons are Monday 8th, Tuesday 9th...
    assert next_times("cron(0 12 ? * MON-FRI *)", at(2024, 1, 5, 13, 0)) == [
        at(2024, 1, 8, 12, 0),
        at(2024, 1, 9, 12, 0),
        at(2024, 1, 10, 12, 0),
    ]
    assert next_times("cron(0 18 ? * 1 *)", at(2024, 1, 1), 2) == [at(2024, 1, 7, 18), at(2024, 1, 14, 18)]


def test_cron_months_and_years() -> None:
    assert next_times("cron(0 0 1 JAN,JUL ? 2025-2026)", at(2024, 3, 1), 5)[:4] == [
        at(2025, 1, 1),
        at(2025, 7, 1),
        at(2026, 1, 1),
        at(2026, 7, 1),
    ]
    assert parse_schedule("cron(0 0 1 1 ? 2020)").next_after(at(2024, 1, 1)) is None


def test_cron_last_day_of_month() -> None:
    assert next_times("cron(30 23 L * ? *)", at(2024, 1, 31, 23, 30)) == [
        at(2024, 2, 29, 23, 30),  # leap year
        at(2024, 3, 31, 23, 30),
        at(2024, 4, 30, 23, 30),
    ]


def test_cron_nearest_weekday() -> None:
    # 2024-06-15 is a Saturday -> Friday 14th; 2024-09-15 a Sunday -> Monday 16th
    assert parse_schedule("cron(0 9 15W * ? *)").next_after(at(2024, 6, 1)) == at(2024, 6, 14, 9)
    assert parse_schedule("cron(0 9 15W * ? *)").next_after(at(2024, 9, 1)) == at(2024, 9, 16, 9)
    # 2024-06-01 is a Saturday: 1W stays in the month, Monday 3rd
    assert parse_schedule("cron(0 9 1W * ? *)").next_after(at(2024, 5, 31)) == at(2024, 6, 3, 9)
    # last weekday of June 2024: the 30th is a Sunday -> Friday 28th
    assert parse_schedule("cron(0 9 LW * ? *)").next_after(at(2024, 6, 1)) == at(2024, 6, 28, 9)


def test_cron_nth_and_last_weekday() -> None:
    # the second Tuesday (3#2) of each month
    assert next_times("cron(0 10 ? * 3#2 *)", at(2024, 1, 1)) == [
        at(2024, 1, 9, 10),
        at(2024, 2, 13, 10),
        at(2024, 3, 12, 10),
    ]
    # the last Friday (6L) of each month
    assert next_times("cron(0 10 ? * 6L *)", at(2024, 1, 1), 2) == [at(2024, 1, 26, 10), at(2024, 2, 23, 10)]
    assert parse_schedule("cron(0 10 ? * FRIL *)").next_after(at(2024, 1, 1)) == at(2024, 1, 26, 10)
