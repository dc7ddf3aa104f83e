"""Registers the kms service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "kms", listeners=deferred(f"{__package__}.kms_listener:KmsListener"), patches=f"{__package__}.patches"
    )
