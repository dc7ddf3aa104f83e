"""Registers the lambda service: function URLs, event source mappings, then the Lambda API hooks."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def on_start() -> None:
    from localstack.services import infra
    from localstack.services.awslambda import runtimes_endpoint
    from localstack.services.awslambda.event_sources import esm_listener

    infra.current().internal.register(runtimes_endpoint.RUNTIMES_PATH, runtimes_endpoint.handle_runtimes)
    esm_listener.start()


def service() -> ServiceSpec:
    return ServiceSpec(
        "lambda",
        listeners=deferred(
            f"{__package__}.function_urls:FunctionUrlListener",
            f"{__package__}.event_sources.esm_listener:EventSourceMappingListener",
            f"{__package__}.awslambda_listener:AwslambdaListener",
        ),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
