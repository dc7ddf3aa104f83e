"""Registers the lambda service: function URLs, event source mappings, then the Lambda API hooks."""

from localstack.services.awslambda import patches
from localstack.services.awslambda.awslambda_listener import AwslambdaListener
from localstack.services.awslambda.event_sources import esm_listener
from localstack.services.awslambda.function_urls import FunctionUrlListener
from localstack.services.plugins import ServiceSpec


def on_start() -> None:
    from localstack.services import infra
    from localstack.services.awslambda import runtimes_endpoint

    infra.current().internal.register(runtimes_endpoint.RUNTIMES_PATH, runtimes_endpoint.handle_runtimes)
    esm_listener.start()


def service() -> ServiceSpec:
    return ServiceSpec(
        "lambda",
        listeners=lambda: [
            FunctionUrlListener(),
            esm_listener.EventSourceMappingListener(),
            AwslambdaListener(),
        ],
        patches=patches,
        on_start=on_start,
    )
