"""CloudFormation's own resources: nested Stack, custom resources (Lambda- or SNS-backed, answering
through a pre-signed S3 URL) and AWS::CDK::Metadata (wait conditions are in wait_conditions)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    NeedsReplacement,
    ProviderContext,
    ResourceFailed,
    ResourceProvider,
    ignore_missing,
    pause,
)
from localstack.services.cloudformation.providers.lifecycle import keep_on_update, nothing_to_delete

# How long a custom resource's handler may take to PUT its response (AWS waits up to an hour).
CUSTOM_RESOURCE_TIMEOUT = 120.0
_POLL_SECONDS = 0.1


class NestedStack(ResourceProvider):
    type_name = "AWS::CloudFormation::Stack"

    def _created(self, child: Any) -> Created:
        attributes = {f"Outputs.{o['OutputKey']}": o["OutputValue"] for o in child.outputs}
        return Created(child.stack_id, attributes)

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        return self._created(ctx.nested(props))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        return self._created(ctx.nested(props, stack_id=physical_id))

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        from localstack.services.cloudformation import nested

        nested.delete_child(ctx.account_id, ctx.region, physical_id)


def response_bucket(ctx: ProviderContext, request_id: str) -> str:
    """A bucket of its own for one request's response, removed once read: users' bucket listings
    do not show CloudFormation's mailboxes for longer than a request waits."""
    name = f"cfn-response-{request_id}"
    args: dict[str, Any] = {"Bucket": name}
    if ctx.region != "us-east-1":
        args["CreateBucketConfiguration"] = {"LocationConstraint": ctx.region}
    ctx.client("s3").create_bucket(**args)
    return name


def remove_bucket(ctx: ProviderContext, bucket: str) -> None:
    s3 = ctx.client("s3")
    for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        ignore_missing(lambda key=item["Key"]: s3.delete_object(Bucket=bucket, Key=key))
    ignore_missing(lambda: s3.delete_bucket(Bucket=bucket))


class CustomResource(ResourceProvider):
    type_name = "AWS::CloudFormation::CustomResource"

    def _call(
        self,
        ctx: ProviderContext,
        request_type: str,
        props: dict[str, Any],
        physical_id: str | None = None,
        old: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        token = props.get("ServiceToken")
        if not token:
            raise ResourceFailed("Property ServiceToken cannot be empty")
        request_id = str(uuid.uuid4())
        bucket = response_bucket(ctx, request_id)
        try:
            return self._request(ctx, request_type, props, physical_id, old, token, bucket, request_id)
        finally:
            remove_bucket(ctx, bucket)

    def _request(
        self,
        ctx: ProviderContext,
        request_type: str,
        props: dict[str, Any],
        physical_id: str | None,
        old: dict[str, Any] | None,
        token: str,
        bucket: str,
        request_id: str,
    ) -> dict[str, Any]:
        key = f"{ctx.stack_id.rsplit('/', 1)[-1]}/{ctx.logical_id}/{request_id}"
        s3 = ctx.client("s3")
        url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=7200)
        event: dict[str, Any] = {
            "RequestType": request_type,
            "ServiceToken": token,
            "ResponseURL": url,
            "StackId": ctx.stack_id,
            "RequestId": request_id,
            "LogicalResourceId": ctx.logical_id,
            "ResourceType": ctx.resource_type or self.type_name,
            "ResourceProperties": props,
        }
        if physical_id is not None:
            event["PhysicalResourceId"] = physical_id
        if old is not None:
            event["OldResourceProperties"] = old
        deadline = time.monotonic() + CUSTOM_RESOURCE_TIMEOUT
        if ":lambda:" in token:
            result = ctx.client("lambda").invoke(FunctionName=token, Payload=json.dumps(event).encode())
            if result.get("FunctionError"):
                # The handler crashed; it may still have answered before it did.
                deadline = time.monotonic() + 2.0
        elif ":sns:" in token:
            ctx.client("sns").publish(TopicArn=token, Message=json.dumps(event))
        else:
            raise ResourceFailed(f"Invalid service token: {token}")
        while True:
            try:
                body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise ResourceFailed(
                        "CloudFormation did not receive a response from your Custom Resource. Please "
                        "check your logs for requestId [" + request_id + "]."
                    ) from None
                pause(_POLL_SECONDS)
        try:
            response = json.loads(body)
        except ValueError:
            raise ResourceFailed(f"Invalid response from custom resource: {body[:200]!r}") from None
        if response.get("Status") != "SUCCESS":
            reason = response.get("Reason") or "See the details in CloudWatch Log Stream"
            raise ResourceFailed(
                f"Received response status [FAILED] from custom resource. Message returned: {reason}"
            )
        return response

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        response = self._call(ctx, "Create", props)
        physical_id = (
            response.get("PhysicalResourceId") or f"{ctx.stack_name}-{ctx.logical_id}-{uuid.uuid4().hex[:12]}"
        )
        return Created(physical_id, dict(response.get("Data") or {}))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        if props.get("ServiceToken") != old.get("ServiceToken"):
            raise NeedsReplacement()
        response = self._call(ctx, "Update", props, physical_id, old)
        return Created(response.get("PhysicalResourceId") or physical_id, dict(response.get("Data") or {}))

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        self._call(ctx, "Delete", props, physical_id)


class CdkMetadata(ResourceProvider):
    """CDK's analytics record: kept in the stack only."""

    type_name = "AWS::CDK::Metadata"
    id_attribute = "Id"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        return Created(f"{ctx.stack_name}-{ctx.logical_id}-{uuid.uuid4().hex[:12]}")

    update = keep_on_update

    # Nothing to remove.
    delete = nothing_to_delete


PROVIDERS = [NestedStack, CustomResource, CdkMetadata]
