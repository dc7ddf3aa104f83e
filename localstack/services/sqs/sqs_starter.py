"""Registers the sqs service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.sqs import patches
from localstack.services.sqs.sqs_listener import SqsListener


def on_start() -> None:
    from localstack.services import infra
    from localstack.services.sqs import messages_endpoint, move_tasks

    infra.current().internal.register(messages_endpoint.MESSAGES_PATH, messages_endpoint.handle_messages)
    infra.current().on_reset(move_tasks.reset)


def service() -> ServiceSpec:
    return ServiceSpec("sqs", listeners=lambda: [SqsListener()], patches=patches, on_start=on_start)
