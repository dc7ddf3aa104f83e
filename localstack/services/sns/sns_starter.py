"""Registers the sns service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec

MESSAGES_PATH = "/_localstack/sns/messages"
CERTS_PATH = "/_localstack/sns/certs"
PLATFORM_PATH = "/_aws/sns/platform-endpoint-messages"
SMS_PATH = "/_aws/sns/sms-messages"


def on_start() -> None:
    from localstack.services import infra

    # The endpoints' modules (with SNS's models and signing) are imported at their first request.
    internal = infra.current().internal
    internal.register(MESSAGES_PATH, f"{__package__}.messages_endpoint:handle_messages")
    internal.register(CERTS_PATH, f"{__package__}.messages_endpoint:handle_certs")
    internal.register(PLATFORM_PATH, f"{__package__}.aws_endpoints:handle_platform_messages")
    internal.register(SMS_PATH, f"{__package__}.aws_endpoints:handle_sms_messages")


def service() -> ServiceSpec:
    return ServiceSpec(
        "sns",
        listeners=deferred(f"{__package__}.sns_listener:SnsListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
