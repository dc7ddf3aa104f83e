"""Registers the ec2 service."""

from localstack.services.deferred_listener import deferred
from localstack.services.ec2.not_found import not_found
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.crash_blame import register_not_found


def service() -> ServiceSpec:
    register_not_found("ec2", not_found)
    return ServiceSpec(
        "ec2", listeners=deferred(f"{__package__}.ec2_listener:Ec2Listener"), patches=f"{__package__}.patches"
    )
