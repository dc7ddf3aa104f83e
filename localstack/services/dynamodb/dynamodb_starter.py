"""Registers the dynamodb service."""

import threading
from functools import partial

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import (
    lengths_before_patterns,
    order_enums,
    order_sentences_with,
    register_constraints,
    register_rules_on_first_check,
    replace_constraints,
    require_members,
)

EXPIRED_PATH = "/_aws/dynamodb/expired"


def on_start() -> None:
    from localstack.config import get_config
    from localstack.services import infra

    # None of these modules is imported at start-up: each holds state only once it has run, the
    # endpoint's is imported at its first request, and the TTL worker starts with DynamoDB's backend
    # (no item exists before).
    running = infra.current()
    running.on_reset_if_imported(f"{__package__}.client_tokens")
    running.on_reset_if_imported(f"{__package__}.contributor_insights")
    running.on_reset_if_imported(f"{__package__}.global_tables")
    running.on_reset_if_imported(f"{__package__}.table_replicas")
    running.on_reset_if_imported(f"{__package__}.bulk_operations")
    running.internal.register(EXPIRED_PATH, f"{__package__}.ttl:handle_expired")
    interval = get_config().dynamodb_ttl_interval
    if interval > 0:
        running.when_built(
            "dynamodb", lambda: running.start_worker("dynamodb-ttl", partial(_expire, interval))
        )


def _expire(interval: float, stopped: threading.Event) -> None:
    from localstack.services.dynamodb import ttl

    ttl.run(stopped, interval)


def _rules() -> None:
    # Imported with the first request's check: validation imports the expression parser.
    from localstack.services.dynamodb import sentence_order, validation

    # Table-name rules join the model's sentences in one `N validation errors detected` message.
    register_constraints("dynamodb", validation.model_overlay)
    replace_constraints("dynamodb", validation.OWN_CONSTRAINTS)
    order_enums("dynamodb", validation.ENUM_ORDERS)
    require_members("dynamodb", validation.REQUIRED_MEMBERS)
    order_sentences_with("dynamodb", sentence_order.ordered)
    lengths_before_patterns("dynamodb", validation.length_first)


def service() -> ServiceSpec:
    register_rules_on_first_check("dynamodb", _rules)
    return ServiceSpec(
        "dynamodb",
        listeners=deferred(f"{__package__}.dynamodb_listener:DynamodbListener"),
        patches=f"{__package__}.patches",
        on_start=on_start,
    )
