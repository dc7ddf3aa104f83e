"""From a request to a deployable template: the body (inline, from TemplateURL or the previous one),
transforms, the shape checks, parameters, capabilities and the dependency graph, refused early with
AWS's errors as CreateStack, UpdateStack and CreateChangeSet do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from localstack.services.cloudformation import graph, parameters, template_url, transforms
from localstack.services.cloudformation.models import Stack
from localstack.services.cloudformation.template import check_shape, parse
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.internal_client import connect_to

_ALARM_ARN = re.compile(r"^arn:aws[-a-z]*:cloudwatch:[-a-z0-9]+:\d{12}:alarm:.+$")
_IAM_TYPES = frozenset(
    (
        "AWS::IAM::Role",
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::User",
        "AWS::IAM::Group",
        "AWS::IAM::AccessKey",
        "AWS::IAM::InstanceProfile",
        "AWS::IAM::UserToGroupAddition",
    )
)
_NAME_PROPERTIES = {
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
}


@dataclass
class Prepared:
    body: str
    original: dict[str, Any]
    template: dict[str, Any]  # transforms expanded
    parameters: dict[str, parameters.ResolvedParameter]


def template_body(
    request: dict[str, Any], account_id: str, region: str, previous: Stack | None = None
) -> str:
    body = request.get("TemplateBody")
    url = request.get("TemplateURL")
    use_previous = request.get("UsePreviousTemplate")
    given = [name for name in ("TemplateBody", "TemplateURL") if request.get(name)]
    if use_previous:
        given.append("UsePreviousTemplate")
    if len(given) > 1:
        raise AWSError(
            "ValidationError", "Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate"
        )
    if use_previous:
        if previous is None:
            raise AWSError("ValidationError", "UsePreviousTemplate requires an existing stack")
        return previous.template_body
    if body is not None:
        return body
    if url:
        return template_url.fetch(url, account_id, region)
    raise AWSError("ValidationError", "Either Template URL or Template Body must be specified.")


def ssm_lookup(account_id: str, region: str) -> Any:
    def lookup(name: str) -> str:
        from botocore.exceptions import ClientError

        try:
            return connect_to("ssm", account_id=account_id, region=region).get_parameter(Name=name)[
                "Parameter"
            ]["Value"]
        except ClientError:
            raise AWSError("ValidationError", f"Parameters: [ssm:{name}] cannot be found.") from None

    return lookup


def prepare(
    request: dict[str, Any],
    account_id: str,
    region: str,
    previous: Stack | None = None,
    body: str | None = None,
) -> Prepared:
    check_rollback_configuration(request.get("RollbackConfiguration"))
    body = body if body is not None else template_body(request, account_id, region, previous)
    original = parse(body)
    capabilities = list(request.get("Capabilities") or [])
    if original.get("Transform") is not None:
        transforms.check_capabilities(original, capabilities)
    declared = original.get("Parameters") or {}
    if not isinstance(declared, dict):
        raise AWSError("ValidationError", "Template format error: Parameters must be an object")
    resolved = parameters.resolve(
        declared,
        request.get("Parameters"),
        previous.parameters if previous is not None else None,
        ssm_lookup(account_id, region),
    )
    values = {key: parameter.value for key, parameter in resolved.items()}
    template = transforms.apply(original, values, account_id, region)
    check_shape(template)
    if template is not original and template.get("Parameters") != declared:
        resolved = parameters.resolve(
            template.get("Parameters") or {},
            request.get("Parameters"),
            previous.parameters if previous else None,
            ssm_lookup(account_id, region),
        )
    resources = template["Resources"]
    dependency_graph = graph.dependencies(resources, set(resolved))
    graph.levels(dependency_graph)
    graph.check_output_references(template.get("Outputs") or {}, set(resources), set(resolved))
    check_iam_capabilities(resources, capabilities)
    check_resource_types(resources, request.get("ResourceTypes"))
    return Prepared(body, original, template, resolved)


def check_rollback_configuration(configuration: dict[str, Any] | None) -> None:
    """Rollback triggers must name CloudWatch alarms by their ARN (`...:alarm:<name>`)."""
    for trigger in (configuration or {}).get("RollbackTriggers") or []:
        if trigger.get("Type") != "AWS::CloudWatch::Alarm":
            raise AWSError("ValidationError", "Rollback Trigger Type not supported")
        if not _ALARM_ARN.match(trigger.get("Arn") or ""):
            raise AWSError("ValidationError", "RelativeId of a Rollback Trigger's ARN is incorrect")


def check_resource_types(resources: dict[str, Any], allowed: list[str] | None) -> None:
    """ResourceTypes limits the types a template may use: exact names or prefixes ending in `::*`."""
    if allowed is None:
        return
    for resource in resources.values():
        resource_type = resource.get("Type") or ""
        if not any(_type_allowed(resource_type, entry) for entry in allowed):
            listed = ", ".join(allowed)
            message = f"Resource type {resource_type} is not allowed by parameter ResourceTypes [{listed}]"
            raise AWSError("ValidationError", message)


def _type_allowed(resource_type: str, entry: str) -> bool:
    if entry.endswith("::*"):
        return resource_type.startswith(entry[:-1])
    return resource_type == entry


def required_capabilities(resources: dict[str, Any]) -> tuple[list[str], str | None]:
    named = [
        name
        for name, r in resources.items()
        if r.get("Type") in _NAME_PROPERTIES and (r.get("Properties") or {}).get(_NAME_PROPERTIES[r["Type"]])
    ]
    if named:
        return (
            ["CAPABILITY_NAMED_IAM"],
            "The following resource(s) require capabilities: "
            f"[{', '.join(sorted({resources[n]['Type'] for n in named}))}]",
        )
    iam = sorted({r.get("Type") for r in resources.values() if r.get("Type") in _IAM_TYPES})
    if iam:
        return ["CAPABILITY_IAM"], f"The following resource(s) require capabilities: [{', '.join(iam)}]"
    return [], None


def check_iam_capabilities(resources: dict[str, Any], capabilities: list[str]) -> None:
    needed, _ = required_capabilities(resources)
    if not needed:
        return
    if needed == ["CAPABILITY_NAMED_IAM"] and "CAPABILITY_NAMED_IAM" not in capabilities:
        raise AWSError("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]")
    if needed == ["CAPABILITY_IAM"] and not {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"} & set(capabilities):
        raise AWSError("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]")
