"""Registers the events service: validation hooks, our delivery (patches), the schedule worker."""

import threading

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import lengths_before_patterns, order_enums, unsent_members

# Enum value sets AWS lists in an order of its own (recorded against AWS, December 2024).
ENUM_ORDERS = {"ApiDestinationHttpMethod": ("HEAD", "POST", "PATCH", "DELETE", "PUT", "GET", "OPTIONS")}
# Recorded: PutEvents with 11 entries quotes each entry ending `kmsKeyIdentifier=null, internalMetadata=null`.
UNSENT_MEMBERS = {"PutEventsRequestEntry": ("kmsKeyIdentifier", "internalMetadata")}


def _start_scheduler() -> None:
    from localstack.services import infra

    infra.current().start_worker("events-scheduler", _schedule)


def _schedule(stop: threading.Event) -> None:
    """The scheduler's loop, from when events' backend is built: no rule exists before, and the
    scheduler's modules (delivery, models, schedule expressions: ~7 ms of CPU) stay out of start-up."""
    from localstack.services import infra

    proxy = infra.current().proxies.get("events")
    while not stop.wait(1.0):
        if proxy is not None and proxy.backend.built:
            from localstack.services.events import scheduler

            scheduler.run(stop)
            return


def service() -> ServiceSpec:
    order_enums("events", ENUM_ORDERS)
    lengths_before_patterns("events")  # recorded: CreateConnection's name, too long and of bad characters
    unsent_members("events", UNSENT_MEMBERS)
    return ServiceSpec(
        "events",
        listeners=deferred(f"{__package__}.events_listener:EventsListener"),
        patches=f"{__package__}.patches",
        on_start=_start_scheduler,
    )
