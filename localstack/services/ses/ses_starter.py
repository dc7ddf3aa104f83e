"""Registers the ses service, and GET/DELETE /_aws/ses for the emails it sent."""

from localstack.services.plugins import ServiceSpec
from localstack.services.ses import patches
from localstack.services.ses.ses_listener import SesListener


def on_start() -> None:
    from localstack.services import infra
    from localstack.services.ses import messages_endpoint

    infra.current().internal.register(messages_endpoint.MESSAGES_PATH, messages_endpoint.handle_messages)


def service() -> ServiceSpec:
    return ServiceSpec("ses", listeners=lambda: [SesListener()], patches=patches, on_start=on_start)
