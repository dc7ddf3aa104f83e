"""Registers the iam service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "iam", listeners=deferred(f"{__package__}.iam_listener:IamListener"), patches=f"{__package__}.patches"
    )
