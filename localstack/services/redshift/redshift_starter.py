"""Registers the redshift service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "redshift",
        listeners=deferred(f"{__package__}.redshift_listener:RedshiftListener"),
        patches=f"{__package__}.patches",
    )
