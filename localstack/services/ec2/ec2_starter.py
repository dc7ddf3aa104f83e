"""Registers the ec2 service."""

from localstack.services.ec2 import patches
from localstack.services.ec2.ec2_listener import Ec2Listener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("ec2", listeners=lambda: [Ec2Listener()], patches=patches)
