"""Registers the s3 service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "s3", listeners=deferred(f"{__package__}.s3_listener:S3Listener"), patches=f"{__package__}.patches"
    )
