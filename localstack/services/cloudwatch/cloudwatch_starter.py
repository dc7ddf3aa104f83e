"""Registers the cloudwatch service."""

from localstack.services.cloudwatch import patches
from localstack.services.cloudwatch.cloudwatch_listener import CloudwatchListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("cloudwatch", listeners=lambda: [CloudwatchListener()], patches=patches)
