"""Registers the events service: validation hooks, our delivery (patches), the schedule worker."""

from localstack.services.deferred_listener import deferred
from localstack.services.events import scheduler
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "events",
        listeners=deferred(f"{__package__}.events_listener:EventsListener"),
        patches=f"{__package__}.patches",
        on_start=scheduler.start,
    )
