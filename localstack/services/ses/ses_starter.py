"""Registers the ses service, and GET/DELETE /_aws/ses for the emails it sent."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def on_start() -> None:
    from localstack.services import infra
    from localstack.services.ses import messages_endpoint

    infra.current().internal.register(messages_endpoint.MESSAGES_PATH, messages_endpoint.handle_messages)


def service() -> ServiceSpec:
    return ServiceSpec(
        "ses",
        listeners=deferred(f"{__package__}.ses_listener:SesListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
