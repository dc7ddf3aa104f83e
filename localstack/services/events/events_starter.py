"""Registers the events service: validation hooks, our delivery (patches), the schedule worker."""

from localstack.services.events import patches, scheduler
from localstack.services.events.events_listener import EventsListener
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import order_enums

# Enum value sets AWS lists in an order of its own (recorded against AWS, December 2024).
ENUM_ORDERS = {"ApiDestinationHttpMethod": ("HEAD", "POST", "PATCH", "DELETE", "PUT", "GET", "OPTIONS")}


def service() -> ServiceSpec:
    order_enums("events", ENUM_ORDERS)
    return ServiceSpec(
        "events", listeners=lambda: [EventsListener()], patches=patches, on_start=scheduler.start
    )
