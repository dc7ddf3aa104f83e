"""Registers the ses service, and GET/DELETE /_aws/ses for the emails it sent."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import register_rules_on_first_check, replace_constraints

MESSAGES_PATH = "/_aws/ses"


def on_start() -> None:
    from localstack.services import infra

    # The endpoint's module is imported at its first request, not at start-up.
    infra.current().internal.register(MESSAGES_PATH, f"{__package__}.messages_endpoint:handle_messages")


def _rules() -> None:
    from localstack.services.ses import notification_headers

    replace_constraints("ses", notification_headers.OWN_CONSTRAINTS)


def service() -> ServiceSpec:
    register_rules_on_first_check("ses", _rules)
    return ServiceSpec(
        "ses",
        listeners=deferred(f"{__package__}.ses_listener:SesListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
