"""Our own events state: the scheduler's next fire time per scheduled rule (moto keeps rules and
targets), keyed by account and region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from localstack.utils.aws.stores import AccountRegionStore, RegionStore


@dataclass
class ScheduledRule:
    """When a scheduled rule fires next; `expression` notices a PutRule that changed the schedule."""

    expression: str
    next_fire: datetime | None


class EventsStore(RegionStore):
    def __init__(self) -> None:
        # rule ARN -> its schedule state
        self.schedules: dict[str, ScheduledRule] = {}


events_stores = AccountRegionStore(EventsStore)
