"""Registers the acm service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "acm", listeners=deferred(f"{__package__}.acm_listener:AcmListener"), patches=f"{__package__}.patches"
    )
