"""Registers the swf service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "swf", listeners=deferred(f"{__package__}.swf_listener:SwfListener"), patches=f"{__package__}.patches"
    )
