"""The one worker that fires scheduled rules: every second it looks at the enabled rules with a
`ScheduleExpression`, and delivers a "Scheduled Event" to their targets when their time has come.

A rate rule first fires one period after the scheduler first sees it (AWS: after creation), then every
period; a cron rule fires at each matching minute (UTC)."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone
from typing import Any, Iterator

from localstack.services.events.delivery import deliver_to_rule, iso_time
from localstack.services.events.models import ScheduledRule, events_stores
from localstack.services.events.schedule import Rate, ScheduleError, parse_schedule
from localstack.utils import fast_ids

LOG = logging.getLogger(__name__)
TICK_SECONDS = 1.0


def start() -> None:
    """ServiceSpec.on_start: run the scheduler under the lifecycle manager."""
    from localstack.services import infra

    infra.current().start_worker("events-scheduler", run)


def run(stop: threading.Event) -> None:
    while not stop.wait(TICK_SECONDS):
        try:
            tick(datetime.now(timezone.utc))
        except Exception:
            LOG.exception("EventBridge scheduler tick failed")


def _backend_built() -> bool:
    from localstack.services import infra

    proxy = infra.current().proxies.get("events")
    return proxy is not None and proxy.backend.built


def _scheduled_rules() -> Iterator[tuple[str, str, Any]]:
    """(account, region, rule) of every scheduled rule in moto's backends."""
    from moto.events.models import events_backends

    for account_id, regions in list(events_backends.items()):
        for region, backend in list(regions.items()):
            for bus in list(backend.event_buses.values()):
                for rule in list(bus.rules.values()):
                    if rule.scheduled_expression:
                        yield account_id, region, rule


def tick(now: datetime) -> int:
    """Fire every scheduled rule due at `now`; returns how many fired (the test hook)."""
    try:
        if not _backend_built():
            return 0
    except RuntimeError:  # not running inside an emulator: called directly
        pass
    fired = 0
    seen: dict[tuple[str, str], set[str]] = {}
    for account_id, region, rule in _scheduled_rules():
        store = events_stores[account_id][region]
        seen.setdefault((account_id, region), set()).add(rule.arn)
        with store.lock:
            state = store.schedules.get(rule.arn)
            if state is None or state.expression != rule.scheduled_expression:
                state = store.schedules[rule.arn] = _first_state(rule.scheduled_expression, now)
            fire_at = state.next_fire
            if fire_at is None or fire_at > now:
                continue
            state.next_fire = _following(state.expression, fire_at, now)
        if rule.state == "ENABLED":  # a disabled rule's schedule runs on, without deliveries
            fired += 1
            deliver_to_rule(rule, scheduled_event(rule, account_id, region, fire_at))
    for store in events_stores.all():
        with store.lock:
            alive = seen.get((store.account_id, store.region), set())
            for arn in [arn for arn in store.schedules if arn not in alive]:
                del store.schedules[arn]
    return fired


def _first_state(expression: str, now: datetime) -> ScheduledRule:
    try:
        schedule = parse_schedule(expression)
    except ScheduleError:
        return ScheduledRule(expression, None)
    return ScheduledRule(expression, schedule.next_after(now))


def _following(expression: str, fired_at: datetime, now: datetime) -> datetime | None:
    """The next fire time after `fired_at`, skipping any missed while the emulator was busy."""
    schedule = parse_schedule(expression)
    following = schedule.next_after(fired_at)
    if isinstance(schedule, Rate):
        while following is not None and following <= now:
            following = schedule.next_after(following)
        return following
    return schedule.next_after(now) if following is not None and following <= now else following


def scheduled_event(rule: Any, account_id: str, region: str, fire_at: datetime) -> dict[str, Any]:
    return {
        "version": "0",
        "id": fast_ids.uuid4(),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account_id,
        "time": iso_time(fire_at),
        "region": region,
        "resources": [rule.arn],
        "detail": {},
    }
