"""Registers the route53 service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "route53",
        listeners=deferred(f"{__package__}.route53_listener:Route53Listener"),
        patches=f"{__package__}.patches",
    )
