"""Registers the autoscaling service."""

from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("autoscaling", patches=f"{__package__}.patches")
