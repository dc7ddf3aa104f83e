"""Registers the cloudformation service: our own listener answers every request."""

from localstack.services.cloudformation import patches
from localstack.services.cloudformation.cloudformation_listener import CloudformationListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("cloudformation", listeners=lambda: [CloudformationListener()], patches=patches)
