"""Registers the ec2 service."""

from localstack.services.ec2 import patches
from localstack.services.ec2.ec2_listener import Ec2Listener
from localstack.services.ec2.not_found import not_found
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.crash_blame import register_not_found


def service() -> ServiceSpec:
    register_not_found("ec2", not_found)
    return ServiceSpec("ec2", listeners=lambda: [Ec2Listener()], patches=patches)
