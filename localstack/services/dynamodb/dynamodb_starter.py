"""Registers the dynamodb service."""

from localstack.services.dynamodb import patches
from localstack.services.dynamodb.dynamodb_listener import DynamodbListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("dynamodb", listeners=lambda: [DynamodbListener()], patches=patches)
