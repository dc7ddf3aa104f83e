"""Resource import (change sets of type IMPORT): existing resources, named by their identifier, are
brought under a stack as they are (read, never changed), into a new stack or an existing one."""

from __future__ import annotations

from typing import Any, Callable

from localstack.services.cloudformation.models import (
    ChangeSet,
    CloudFormationStore,
    Stack,
    StackResource,
    now,
)
from localstack.services.cloudformation.providers.base import Created, ProviderContext
from localstack.utils.aws.errors import AWSError

Adopt = Callable[[ProviderContext, str], Created]


def _queue(ctx: ProviderContext, url: str) -> Created:
    arn = ctx.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    name = arn.rsplit(":", 1)[-1]
    return Created(url, {"Arn": arn, "QueueName": name, "QueueUrl": url})


def _bucket(ctx: ProviderContext, name: str) -> Created:
    from localstack.services.cloudformation.providers.s3 import Bucket

    ctx.client("s3").head_bucket(Bucket=name)
    return Created(name, Bucket()._attributes(ctx, name))


def _topic(ctx: ProviderContext, arn: str) -> Created:
    ctx.client("sns").get_topic_attributes(TopicArn=arn)
    return Created(arn, {"TopicArn": arn, "TopicName": arn.rsplit(":", 1)[-1]})


def _parameter(ctx: ProviderContext, name: str) -> Created:
    parameter = ctx.client("ssm").get_parameter(Name=name)["Parameter"]
    return Created(name, {"Type": parameter["Type"], "Value": parameter["Value"]})


def _table(ctx: ProviderContext, name: str) -> Created:
    from localstack.services.cloudformation.providers.dynamodb import Table

    table = ctx.client("dynamodb").describe_table(TableName=name)["Table"]
    return Created(name, Table()._attributes(table))


def _log_group(ctx: ProviderContext, name: str) -> Created:
    groups = ctx.client("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    if not any(group["logGroupName"] == name for group in groups):
        raise _missing("AWS::Logs::LogGroup", name)
    return Created(name, {"Arn": ctx.arn("logs", f"log-group:{name}:*")})


def _function(ctx: ProviderContext, name: str) -> Created:
    config = ctx.client("lambda").get_function_configuration(FunctionName=name)
    return Created(config["FunctionName"], {"Arn": config["FunctionArn"]})


# Resource type -> (its identifier property, how to read it).
IMPORTABLE: dict[str, tuple[str, Adopt]] = {
    "AWS::SQS::Queue": ("QueueUrl", _queue),
    "AWS::S3::Bucket": ("BucketName", _bucket),
    "AWS::SNS::Topic": ("TopicArn", _topic),
    "AWS::SSM::Parameter": ("Name", _parameter),
    "AWS::DynamoDB::Table": ("TableName", _table),
    "AWS::Logs::LogGroup": ("LogGroupName", _log_group),
    "AWS::Lambda::Function": ("FunctionName", _function),
}


def _validation(message: str) -> AWSError:
    return AWSError("ValidationError", message)


def _missing(resource_type: str, identifier: str) -> AWSError:
    return _validation(f"Resource of type '{resource_type}' with identifier '{identifier}' was not found.")


def check(
    template: dict[str, Any], to_import: list[dict[str, Any]], stack: Stack | None
) -> list[dict[str, Any]]:
    """The change set's Changes for ResourcesToImport, refused as AWS refuses a bad import request."""
    if not to_import:
        raise _validation("ResourcesToImport must be specified for change sets of type IMPORT")
    resources = template.get("Resources") or {}
    existing = set(stack.resources) if stack is not None else set()
    changes = []
    for item in to_import:
        logical = item.get("LogicalResourceId") or ""
        resource_type = item.get("ResourceType") or ""
        definition = resources.get(logical)
        if not isinstance(definition, dict):
            raise _validation(f"Resource {logical} to import does not exist in the template")
        if definition.get("Type") != resource_type:
            raise _validation(
                f"Resource {logical} to import has type {resource_type}, but the template declares "
                f"{definition.get('Type')}"
            )
        if logical in existing:
            raise _validation(f"Resource {logical} already exists in the stack")
        if resource_type not in IMPORTABLE:
            raise _validation(f"ResourceType {resource_type} does not support resource import")
        if "DeletionPolicy" not in definition:
            raise _validation(
                f"The following resources to import [{logical}] must have DeletionPolicy attribute specified "
                "in the template."
            )
        key, _ = IMPORTABLE[resource_type]
        identifier = (item.get("ResourceIdentifier") or {}).get(key)
        if not identifier:
            raise _validation(f"Resource {logical} needs the identifier property {key} to be imported")
        changes.append(
            {
                "Type": "Resource",
                "ResourceChange": {
                    "Action": "Import",
                    "LogicalResourceId": logical,
                    "PhysicalResourceId": identifier,
                    "ResourceType": resource_type,
                    "Scope": [],
                    "Details": [],
                },
            }
        )
    undeclared = [
        name
        for name in resources
        if name not in existing and name not in {c["ResourceChange"]["LogicalResourceId"] for c in changes}
    ]
    if undeclared:
        raise _validation(
            "As part of the import operation, you cannot modify or add [Resources] "
            f"that are not being imported: {', '.join(undeclared)}"
        )
    dropped = [name for name in existing if name not in resources]
    if dropped:
        raise _validation(
            "As part of the import operation, you cannot modify or remove [Resources] "
            f"that are not being imported: {', '.join(dropped)}"
        )
    return changes


def execute(stack: Stack, store: CloudFormationStore, change_set: ChangeSet) -> None:
    """Read each resource to import into the stack, then set the Outputs; a resource that cannot be
    read rolls the import back (the resources stay where they were, unmanaged)."""
    from localstack.services.cloudformation import deployer

    previous = (dict(stack.resources), stack.template, stack.template_body, stack.parameters, stack.outputs)
    run = deployer._Run(stack, store, change_set.template, change_set.parameters)
    run.resources.update(previous[0])
    stack.template, stack.template_body, stack.parameters = (
        change_set.template,
        change_set.template_body,
        change_set.parameters,
    )
    stack.set_status("IMPORT_IN_PROGRESS", "User Initiated")
    failed = None
    for change in change_set.changes:
        detail = change["ResourceChange"]
        logical, resource_type, identifier = (
            detail["LogicalResourceId"],
            detail["ResourceType"],
            detail["PhysicalResourceId"],
        )
        definition = change_set.template["Resources"][logical]
        stack.add_event(logical, resource_type, "IMPORT_IN_PROGRESS", identifier)
        try:
            props = run.view.resolve(definition.get("Properties") or {})
            created = IMPORTABLE[resource_type][1](
                deployer._context(stack, logical, resource_type), identifier
            )
        except Exception as error:
            reason = deployer.failure_reason(error)
            stack.add_event(logical, resource_type, "IMPORT_FAILED", identifier, reason)
            failed = (logical, reason)
            break
        run.resources[logical] = StackResource(
            logical,
            resource_type,
            definition,
            props,
            created.physical_id,
            "IMPORT_COMPLETE",
            attributes=created.attributes,
            ref=created.ref,
            updated=now(),
        )
        stack.add_event(logical, resource_type, "IMPORT_COMPLETE", created.physical_id)
    if failed is None:
        try:
            outputs = run._outputs()
        except deployer.ResourceFailure as error:
            failed = (stack.name, error.reason)
    if failed is not None:
        logical, reason = failed
        summary = (
            reason if logical == stack.name else f"The following resource(s) failed to import: [{logical}]. "
        )
        stack.set_status("IMPORT_ROLLBACK_IN_PROGRESS", summary)
        stack.resources, stack.template, stack.template_body, stack.parameters, stack.outputs = previous
        stack.set_status("IMPORT_ROLLBACK_COMPLETE")
        return
    stack.resources = run.resources
    stack.outputs = outputs
    stack.updated = now()
    stack.set_status("IMPORT_COMPLETE")
