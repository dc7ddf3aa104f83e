"""Template documents: JSON or YAML (with the short-form intrinsic tags) into a dict, and the checks
of its top-level shape that CloudFormation answers with "Template format error"."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from localstack.utils.aws.errors import AWSError

TOP_LEVEL_KEYS = frozenset(
    (
        "AWSTemplateFormatVersion",
        "Description",
        "Metadata",
        "Parameters",
        "Rules",
        "Mappings",
        "Conditions",
        "Transform",
        "Resources",
        "Outputs",
        "Hooks",
    )
)
# Short forms whose argument is the long form's argument as written; GetAtt and Condition differ.
_SHORT_FUNCTIONS = (
    "Base64",
    "Cidr",
    "FindInMap",
    "GetAZs",
    "ImportValue",
    "Join",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "And",
    "Equals",
    "If",
    "Not",
    "Or",
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "RefAll",
    "ValueOf",
    "ValueOfAll",
    "ToJsonString",
    "Length",
    "ForEach",
)


_LOGICAL_ID = re.compile(r"^[A-Za-z0-9]+$")
# The attributes a resource may carry besides its type (AWS's resource attribute reference); anything else
# is refused. Description and Version are tolerated (whether AWS refuses them is not recorded).
RESOURCE_KEYS = frozenset(
    (
        "Type",
        "Properties",
        "DependsOn",
        "Condition",
        "Metadata",
        "DeletionPolicy",
        "UpdateReplacePolicy",
        "UpdatePolicy",
        "CreationPolicy",
        "Description",
        "Version",
    )
)


class TemplateError(AWSError):
    def __init__(self, detail: str) -> None:
        super().__init__("ValidationError", f"Template format error: {detail}")


def _construct_node(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


def _function_constructor(name: str) -> Any:
    key = "Ref" if name == "Ref" else f"Fn::{name}"

    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
        return {key: _construct_node(loader, node)}

    return construct


def _construct_get_att(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
    value = _construct_node(loader, node)
    if isinstance(value, str):
        resource, _, attribute = value.partition(".")
        value = [resource, attribute]
    return {"Fn::GetAtt": value}


def _construct_condition(loader: yaml.SafeLoader, node: yaml.Node) -> dict[str, Any]:
    return {"Condition": _construct_node(loader, node)}


class _TemplateLoader(yaml.SafeLoader):
    """SafeLoader with CloudFormation's tags; dates and times stay strings, as CloudFormation reads them."""


_TemplateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_TemplateLoader.add_constructor("!Ref", _function_constructor("Ref"))
_TemplateLoader.add_constructor("!GetAtt", _construct_get_att)
_TemplateLoader.add_constructor("!Condition", _construct_condition)
for _name in _SHORT_FUNCTIONS:
    _TemplateLoader.add_constructor(f"!{_name}", _function_constructor(_name))


def parse(body: str) -> dict[str, Any]:
    """The template as a dict, or CloudFormation's format error."""
    text = body.strip()
    if not text:
        raise AWSError("ValidationError", "Template body cannot be empty")
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            # AWS counts the column after the offending character (recorded: column 25 where Python says 24).
            column = error.colno + 1 if error.pos < len(error.doc) else error.colno
            raise TemplateError(f"JSON not well-formed. (line {error.lineno}, column {column})") from None
    else:
        try:
            document = yaml.load(text, Loader=_TemplateLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
            raise TemplateError(f"YAML not well-formed.{where}") from None
        except yaml.YAMLError:
            raise TemplateError("YAML not well-formed.") from None
    if not isinstance(document, dict):
        raise TemplateError("template is not a JSON or YAML object")
    return document


def check_shape(template: dict[str, Any]) -> None:
    """The structural checks CloudFormation makes before it looks at any value."""
    unknown = sorted(key for key in template if key not in TOP_LEVEL_KEYS)
    if unknown:
        raise TemplateError(f"Invalid template property or properties [{', '.join(unknown)}]")
    resources = template.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise TemplateError("At least one Resources member must be defined.")
    for name, resource in resources.items():
        if not _LOGICAL_ID.match(name):
            raise TemplateError(f"Resource name {name} is non alphanumeric.")
        if not isinstance(resource, dict):
            raise TemplateError("Any Resources member must be an object.")
        if not isinstance(resource.get("Type"), str):
            raise TemplateError(f"[/Resources/{name}] Every Resources object must contain a Type member.")
        extra = next((key for key in resource if key not in RESOURCE_KEYS), None)
        if extra is not None:
            raise AWSError("ValidationError", f"Invalid template resource property '{extra}'")
    for section in ("Parameters", "Mappings", "Conditions", "Outputs"):
        value = template.get(section)
        if value is not None and not isinstance(value, dict):
            raise TemplateError(f"{section} must be an object")
    for name, output in (template.get("Outputs") or {}).items():
        if not isinstance(output, dict) or "Value" not in output:
            raise TemplateError("Every Outputs member must contain a Value object")
        if output["Value"] is None:
            message = f"[/Outputs/{name}/Value] 'null' values are not allowed in templates"
            raise AWSError("ValidationError", message)


def transforms_of(template: dict[str, Any]) -> list[str]:
    value = template.get("Transform")
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def dumps(template: dict[str, Any]) -> str:
    return json.dumps(template, indent=2, default=str)
