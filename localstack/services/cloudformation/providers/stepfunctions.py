"""Step Functions resources: StateMachine (Definition, DefinitionString or an S3 definition, with
DefinitionSubstitutions)."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.cloudformation.providers.base import Created, ProviderContext, ResourceProvider
from localstack.services.cloudformation.providers.conversions import tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call


def _definition(ctx: ProviderContext, props: dict[str, Any]) -> str:
    if props.get("DefinitionString") is not None:
        text = props["DefinitionString"]
    elif props.get("Definition") is not None:
        text = json.dumps(props["Definition"])
    elif props.get("DefinitionS3Location"):
        location = props["DefinitionS3Location"]
        text = (
            ctx.client("s3")
            .get_object(Bucket=location["Bucket"], Key=location["Key"])["Body"]
            .read()
            .decode()
        )
    else:
        text = "{}"
    for key, value in (props.get("DefinitionSubstitutions") or {}).items():
        text = text.replace("${" + key + "}", str(value))
    return text


class StateMachine(ResourceProvider):
    type_name = "AWS::StepFunctions::StateMachine"
    create_only = frozenset(("StateMachineName", "StateMachineType"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("StateMachineName") or ctx.physical_name(80)
        args: dict[str, Any] = {
            "name": name,
            "definition": _definition(ctx, props),
            "roleArn": props["RoleArn"],
        }
        if props.get("StateMachineType"):
            args["type"] = props["StateMachineType"]
        if props.get("LoggingConfiguration"):
            args["loggingConfiguration"] = _lower_keys(props["LoggingConfiguration"])
        if props.get("TracingConfiguration"):
            args["tracingConfiguration"] = _lower_keys(props["TracingConfiguration"])
        tags = [{"key": t["Key"], "value": t["Value"]} for t in tags_list(ctx, props)]
        if tags:
            args["tags"] = tags
        arn = ctx.client("stepfunctions").create_state_machine(**args)["stateMachineArn"]
        return Created(arn, {"Arn": arn, "Name": name})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        args: dict[str, Any] = {
            "stateMachineArn": physical_id,
            "definition": _definition(ctx, props),
            "roleArn": props["RoleArn"],
        }
        if props.get("LoggingConfiguration"):
            args["loggingConfiguration"] = _lower_keys(props["LoggingConfiguration"])
        ctx.client("stepfunctions").update_state_machine(**args)
        return Created(physical_id, attributes)

    delete = delete_call(
        "stepfunctions", "delete_state_machine", "stateMachineArn", "StateMachineDoesNotExist"
    )


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k[0].lower() + k[1:]: _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


PROVIDERS = [StateMachine]
