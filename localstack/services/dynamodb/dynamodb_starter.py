"""Registers the dynamodb service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import (
    order_enums,
    order_sentences_by_path,
    register_constraints,
    register_rules_on_first_check,
    replace_constraints,
)


def on_start() -> None:
    from localstack.config import get_config
    from localstack.services import infra
    from localstack.services.dynamodb import (
        bulk_operations,
        client_tokens,
        contributor_insights,
        global_tables,
        ttl,
    )

    running = infra.current()
    running.on_reset(client_tokens.reset)
    running.on_reset(contributor_insights.reset)
    running.on_reset(global_tables.reset)
    running.on_reset(bulk_operations.reset)
    running.internal.register(ttl.EXPIRED_PATH, ttl.handle_expired)
    interval = get_config().dynamodb_ttl_interval
    if interval > 0:
        running.start_worker("dynamodb-ttl", lambda stopped: ttl.run(stopped, interval))


def _rules() -> None:
    # Imported with the first request's check: validation imports the expression parser.
    from localstack.services.dynamodb import validation

    # Table-name rules join the model's sentences in one `N validation errors detected` message.
    register_constraints("dynamodb", validation.model_overlay)
    replace_constraints("dynamodb", validation.OWN_CONSTRAINTS)
    order_enums("dynamodb", validation.ENUM_ORDERS)


def service() -> ServiceSpec:
    register_rules_on_first_check("dynamodb", _rules)
    order_sentences_by_path("dynamodb")
    return ServiceSpec(
        "dynamodb",
        listeners=deferred(f"{__package__}.dynamodb_listener:DynamodbListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
