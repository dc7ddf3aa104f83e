"""Registers the lambda service."""

from localstack.services.awslambda import patches
from localstack.services.awslambda.awslambda_listener import AwslambdaListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("lambda", listeners=lambda: [AwslambdaListener()], patches=patches)
