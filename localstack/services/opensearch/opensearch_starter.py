"""Registers the opensearch service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "opensearch",
        listeners=deferred(f"{__package__}.opensearch_listener:OpensearchListener"),
        patches=f"{__package__}.patches",
    )
