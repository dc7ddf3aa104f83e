"""Registers the logs service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import register_constraints, register_rules_on_first_check


def _rules() -> None:
    from localstack.services.logs import validation

    register_constraints("logs", validation.own_constraints)


def service() -> ServiceSpec:
    register_rules_on_first_check("logs", _rules)
    return ServiceSpec(
        "logs",
        listeners=deferred(f"{__package__}.logs_listener:LogsListener"),
        patches=f"{__package__}.patches",
    )
