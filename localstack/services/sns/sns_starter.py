"""Registers the sns service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def on_start() -> None:
    from localstack.services import infra
    from localstack.services.sns import aws_endpoints, messages_endpoint

    internal = infra.current().internal
    internal.register(messages_endpoint.MESSAGES_PATH, messages_endpoint.handle_messages)
    internal.register(messages_endpoint.CERTS_PATH, messages_endpoint.handle_certs)
    internal.register(aws_endpoints.PLATFORM_PATH, aws_endpoints.handle_platform_messages)
    internal.register(aws_endpoints.SMS_PATH, aws_endpoints.handle_sms_messages)


def service() -> ServiceSpec:
    return ServiceSpec(
        "sns",
        listeners=deferred(f"{__package__}.sns_listener:SnsListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
