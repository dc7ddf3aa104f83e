"""Registers the sqs service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.sqs import patches
from localstack.services.sqs.sqs_listener import SqsListener


def service() -> ServiceSpec:
    return ServiceSpec("sqs", listeners=lambda: [SqsListener()], patches=patches)
