"""Registers the sqs service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec

MESSAGES_PATH = "/_aws/sqs/messages"


def on_start() -> None:
    # Neither module is imported at start-up: the endpoint's at its first request, move_tasks (whose
    # state is reset) with SQS's first StartMessageMoveTask.
    from localstack.services import infra

    running = infra.current()
    running.internal.register(MESSAGES_PATH, f"{__package__}.messages_endpoint:handle_messages")
    running.on_reset_if_imported(f"{__package__}.move_tasks")


def service() -> ServiceSpec:
    return ServiceSpec(
        "sqs",
        listeners=deferred(f"{__package__}.sqs_listener:SqsListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
