"""Registers the sqs service."""

from localstack.services.sqs import patches
from localstack.services.sqs.sqs_listener import SqsListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("sqs", listeners=lambda: [SqsListener()], patches=patches)
