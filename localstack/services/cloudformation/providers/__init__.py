"""The resource provider registry: resource type -> provider, one module per service family.
Loaded on the first stack operation, so start-up pays nothing for it."""

from __future__ import annotations

import importlib
import threading

from localstack.services.cloudformation.providers.base import ResourceProvider

FAMILIES = (
    "apigateway",
    "apigateway_settings",
    "apigatewayv2",
    "cloudformation",
    "cloudwatch",
    "dynamodb",
    "ec2",
    "ecr",
    "events",
    "iam",
    "kinesis",
    "kms",
    "awslambda",
    "logs",
    "s3",
    "secretsmanager",
    "sns",
    "sqs",
    "ssm",
    "stepfunctions",
    "wait_conditions",
)

_registry: dict[str, ResourceProvider] = {}
_lock = threading.Lock()


def registry() -> dict[str, ResourceProvider]:
    if not _registry:
        with _lock:
            if not _registry:
                found: dict[str, ResourceProvider] = {}
                for family in FAMILIES:
                    module = importlib.import_module(f"{__name__}.{family}")
                    for provider_class in module.PROVIDERS:
                        found[provider_class.type_name] = provider_class()
                _registry.update(found)
    return _registry


def provider_for(resource_type: str) -> ResourceProvider | None:
    if resource_type.startswith("Custom::"):
        resource_type = "AWS::CloudFormation::CustomResource"
    return registry().get(resource_type)


def supported_types() -> list[str]:
    """Every resource type a stack can hold (custom resources as `Custom::*`), sorted."""
    return sorted([*registry(), "Custom::*"])


def markdown_list() -> str:
    """The README's list of supported types; `python -m localstack.services.cloudformation.providers`."""
    return "\n".join(f"- `{name}`" for name in supported_types())
