"""Registers the lambda service: function URLs, event source mappings, then the Lambda API hooks."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import register_rules_on_first_check, replace_constraints

RUNTIMES_PATH = "/_aws/lambda/runtimes"


def on_start() -> None:
    from localstack.services import infra

    running = infra.current()
    # The endpoint's module is imported at its first request; the event-source-mapping manager and
    # its modules once lambda's backend is built (no mapping exists before).
    running.internal.register(RUNTIMES_PATH, f"{__package__}.runtimes_endpoint:handle_runtimes")
    running.when_built("lambda", _start_mappings)


def _start_mappings() -> None:
    from localstack.services.awslambda.event_sources import esm_listener

    esm_listener.start()


def _rules() -> None:
    from localstack.services.awslambda import validation

    replace_constraints("lambda", validation.OWN_CONSTRAINTS)


def service() -> ServiceSpec:
    register_rules_on_first_check("lambda", _rules)
    return ServiceSpec(
        "lambda",
        listeners=deferred(
            f"{__package__}.function_urls:FunctionUrlListener",
            f"{__package__}.event_sources.esm_listener:EventSourceMappingListener",
            f"{__package__}.provisioned_concurrency:ProvisionedConcurrencyListener",
            f"{__package__}.function_settings:FunctionSettingsListener",
            f"{__package__}.awslambda_listener:AwslambdaListener",
        ),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
