"""Registers the dynamodb service."""

from localstack.services.dynamodb import patches, validation
from localstack.services.dynamodb.dynamodb_listener import DynamodbListener
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import register_constraints


def service() -> ServiceSpec:
    # Table-name rules join the model's sentences in one `N validation errors detected` message.
    register_constraints("dynamodb", validation.model_overlay)
    return ServiceSpec("dynamodb", listeners=lambda: [DynamodbListener()], patches=patches)
