"""Registers the ses service, and GET/DELETE /_aws/ses for the emails it sent."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec

MESSAGES_PATH = "/_aws/ses"


def on_start() -> None:
    from localstack.services import infra

    # The endpoint's module is imported at its first request, not at start-up.
    infra.current().internal.register(MESSAGES_PATH, f"{__package__}.messages_endpoint:handle_messages")


def service() -> ServiceSpec:
    return ServiceSpec(
        "ses",
        listeners=deferred(f"{__package__}.ses_listener:SesListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
