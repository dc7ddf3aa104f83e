"""Registers the kinesis service."""

from localstack.services.kinesis import patches
from localstack.services.kinesis.kinesis_listener import KinesisListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("kinesis", listeners=lambda: [KinesisListener()], patches=patches)
