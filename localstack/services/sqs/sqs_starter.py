"""Registers the sqs service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def on_start() -> None:
    from localstack.services import infra
    from localstack.services.sqs import messages_endpoint, move_tasks

    infra.current().internal.register(messages_endpoint.MESSAGES_PATH, messages_endpoint.handle_messages)
    infra.current().on_reset(move_tasks.reset)


def service() -> ServiceSpec:
    return ServiceSpec(
        "sqs",
        listeners=deferred(f"{__package__}.sqs_listener:SqsListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
