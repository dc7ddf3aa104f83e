"""The template operations: GetTemplate, GetTemplateSummary and ValidateTemplate."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation import graph, preparation, template
from localstack.services.cloudformation.change_set_api import find as find_change_set
from localstack.services.cloudformation.models import CloudFormationStore
from localstack.services.cloudformation.stack_api import get_stack, validation


def get_template(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    if request.get("ChangeSetName"):
        if not request["ChangeSetName"].startswith("arn:") and not request.get("StackName"):
            raise validation("StackName is a required parameter.")
        change_set = find_change_set(store, request["ChangeSetName"], request.get("StackName"))
        body, processed = change_set.template_body, change_set.template
    else:
        stack = get_stack(store, request.get("StackName"))
        body, processed = stack.template_body, stack.template
    if request.get("TemplateStage") == "Processed":
        body = template.dumps(processed)
    return {"TemplateBody": body, "StagesAvailable": ["Original", "Processed"]}


def _document(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    if request.get("StackName"):
        stack = get_stack(store, request["StackName"])
        if stack.status == "REVIEW_IN_PROGRESS":
            raise validation("GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.")
        return template.parse(stack.template_body)
    return template.parse(preparation.template_body(request, store.account_id, store.region))


def _parameter_declarations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(key, value or {}) for key, value in (document.get("Parameters") or {}).items()]


def validate_template(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    document = _document(store, request)
    _check(document)
    capabilities, reason = preparation.required_capabilities(document.get("Resources") or {})
    return {
        "Parameters": [
            {
                "ParameterKey": key,
                "DefaultValue": None if "Default" not in value else _text(value["Default"]),
                "NoEcho": str(value.get("NoEcho", "false")).lower() == "true",
                "Description": value.get("Description"),
            }
            for key, value in _parameter_declarations(document)
        ],
        "Description": document.get("Description"),
        "Capabilities": capabilities,
        "CapabilitiesReason": reason,
        "DeclaredTransforms": template.transforms_of(document),
    }


def get_template_summary(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    document = _document(store, request)
    _check(document)
    capabilities, reason = preparation.required_capabilities(document.get("Resources") or {})
    resources = document.get("Resources") or {}
    return {
        "Parameters": [
            {
                "ParameterKey": key,
                "DefaultValue": None if "Default" not in value else _text(value["Default"]),
                "ParameterType": str(value.get("Type", "String")),
                "NoEcho": str(value.get("NoEcho", "false")).lower() == "true",
                "Description": value.get("Description"),
                "ParameterConstraints": {"AllowedValues": [str(v) for v in value["AllowedValues"]]}
                if "AllowedValues" in value
                else {},
            }
            for key, value in _parameter_declarations(document)
        ],
        "Description": document.get("Description"),
        "Capabilities": capabilities,
        "CapabilitiesReason": reason,
        "ResourceTypes": sorted({r["Type"] for r in resources.values()}),
        "Version": document.get("AWSTemplateFormatVersion"),
        "Metadata": None if document.get("Metadata") is None else template.dumps(document["Metadata"]),
        "DeclaredTransforms": template.transforms_of(document),
        "ResourceIdentifierSummaries": _identifier_summaries(resources),
    }


def _identifier_summaries(resources: dict[str, Any]) -> list[dict[str, Any]]:
    """Logical ids grouped by type, in template order (recorded: one entry per type, no identifiers)."""
    by_type: dict[str, list[str]] = {}
    for logical_id, resource in resources.items():
        by_type.setdefault(str(resource.get("Type")), []).append(logical_id)
    return [{"ResourceType": kind, "LogicalResourceIds": ids} for kind, ids in by_type.items()]


def _check(document: dict[str, Any]) -> None:
    if template.transforms_of(document):
        # Resources of a transformed template are checked once expanded, when a stack is made.
        return
    template.check_shape(document)
    resources = document["Resources"]
    params = set(document.get("Parameters") or {})
    graph.levels(graph.dependencies(resources, params))
    graph.check_output_references(document.get("Outputs") or {}, set(resources), params)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        raise validation("Template format error: Every Default member must be a string.")
    return str(value)
