"""Registers the events service: validation hooks, our delivery (patches), the schedule worker."""

from localstack.services.events import patches, scheduler
from localstack.services.events.events_listener import EventsListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "events", listeners=lambda: [EventsListener()], patches=patches, on_start=scheduler.start
    )
