"""Registers the sts service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "sts", listeners=deferred(f"{__package__}.sts_listener:StsListener"), patches=f"{__package__}.patches"
    )
