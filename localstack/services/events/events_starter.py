"""Registers the events service."""

from localstack.services.events import patches
from localstack.services.events.events_listener import EventsListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("events", listeners=lambda: [EventsListener()], patches=patches)
