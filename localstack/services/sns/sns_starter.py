"""Registers the sns service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.sns import patches
from localstack.services.sns.sns_listener import SnsListener


def on_start() -> None:
    from localstack.services import infra
    from localstack.services.sns import messages_endpoint

    internal = infra.current().internal
    internal.register(messages_endpoint.MESSAGES_PATH, messages_endpoint.handle_messages)
    internal.register(messages_endpoint.CERTS_PATH, messages_endpoint.handle_certs)


def service() -> ServiceSpec:
    return ServiceSpec("sns", listeners=lambda: [SnsListener()], patches=patches, on_start=on_start)
