"""Registers the dynamodbstreams service."""

from localstack.services.dynamodbstreams import patches
from localstack.services.dynamodbstreams.dynamodbstreams_listener import DynamodbstreamsListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("dynamodbstreams", listeners=lambda: [DynamodbstreamsListener()], patches=patches)
