"""Registers the lambda service: function URLs, event source mappings, then the Lambda API hooks."""

from localstack.services.awslambda import patches
from localstack.services.awslambda.awslambda_listener import AwslambdaListener
from localstack.services.awslambda.event_sources import esm_listener
from localstack.services.awslambda.function_urls import FunctionUrlListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "lambda",
        listeners=lambda: [
            FunctionUrlListener(),
            esm_listener.EventSourceMappingListener(),
            AwslambdaListener(),
        ],
        patches=patches,
        on_start=esm_listener.start,
    )
