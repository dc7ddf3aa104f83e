"""Registers the es service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "es", listeners=deferred(f"{__package__}.es_listener:EsListener"), patches=f"{__package__}.patches"
    )
