"""WaitConditionHandle and WaitCondition: the handle is a pre-signed S3 URL that scripts PUT signals
to; the wait condition holds the stack until Count success signals arrive, a failure signal does, or
its Timeout passes. A wait condition with a CreationPolicy instead waits for SignalResource calls."""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import unquote, urlsplit

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceFailed,
    ResourceProvider,
    ignore_missing,
    pause,
)
from localstack.services.cloudformation.providers.lifecycle import keep_on_update, nothing_to_delete
from localstack.utils.aws.internal_client import connect_to

# Signals land in a bucket CloudFormation owns, as on AWS (cloudformation-waitcondition-<region>):
# kept in an account of its own so users' bucket listings never show it.
SIGNAL_ACCOUNT = "000000000001"
# AWS's ceiling for Timeout: 12 hours.
MAX_TIMEOUT_SECONDS = 43200
HANDLE_URL_SECONDS = 86400
_POLL_SECONDS = 0.2


def _signal_bucket(region: str) -> tuple[Any, str]:
    """The signal store's client and bucket in `region`; the bucket is versioned, so every signal
    PUT to one handle's URL is kept, not just the last."""
    s3 = connect_to("s3", account_id=SIGNAL_ACCOUNT, region=region)
    bucket = f"cloudformation-waitcondition-{region}"
    try:
        s3.head_bucket(Bucket=bucket)
    except Exception:
        args: dict[str, Any] = {"Bucket": bucket}
        if region != "us-east-1":
            args["CreateBucketConfiguration"] = {"LocationConstraint": region}
        ignore_missing(lambda: s3.create_bucket(**args), "BucketAlreadyOwnedByYou")
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return s3, bucket


def _location(url: str) -> tuple[str, str] | None:
    """(bucket, key) of a handle URL made here (path style); None for any other URL."""
    parts = urlsplit(str(url))
    bucket, _, key = parts.path.lstrip("/").partition("/")
    if not bucket.startswith("cloudformation-waitcondition-") or not key:
        return None
    return bucket, unquote(key)


class WaitConditionHandle(ResourceProvider):
    type_name = "AWS::CloudFormation::WaitConditionHandle"
    id_attribute = "Id"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        s3, bucket = _signal_bucket(ctx.region)
        key = f"{ctx.stack_id}/{ctx.logical_id}"
        url = s3.generate_presigned_url(
            "put_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=HANDLE_URL_SECONDS
        )
        return Created(url)

    update = keep_on_update

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        location = _location(physical_id)
        if location is None:
            return
        bucket, key = location
        s3 = connect_to("s3", account_id=SIGNAL_ACCOUNT, region=ctx.region)
        try:
            listed = s3.list_object_versions(Bucket=bucket, Prefix=key)
        except Exception:
            return
        for item in [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]:
            if item["Key"] == key:
                ignore_missing(
                    lambda v=item["VersionId"]: s3.delete_object(Bucket=bucket, Key=key, VersionId=v)
                )


class _Signals:
    """The signals sent to one handle so far: the last one per UniqueId counts."""

    def __init__(self, region: str, url: str) -> None:
        self.s3 = connect_to("s3", account_id=SIGNAL_ACCOUNT, region=region)
        self.location = _location(url)
        self.seen: dict[str, dict[str, Any]] = {}  # version id -> signal
        self.by_id: dict[str, dict[str, Any]] = {}

    def poll(self) -> dict[str, dict[str, Any]]:
        if self.location is None:
            return self.by_id
        bucket, key = self.location
        try:
            versions = self.s3.list_object_versions(Bucket=bucket, Prefix=key).get("Versions", [])
        except Exception:
            return self.by_id
        fresh = [v for v in versions if v["Key"] == key and v["VersionId"] not in self.seen]
        # Newest first in the listing; times tie within a second, so reverse, then sort stably.
        for version in sorted(reversed(fresh), key=lambda v: v["LastModified"]):
            try:
                body = self.s3.get_object(Bucket=bucket, Key=key, VersionId=version["VersionId"])["Body"]
                signal = json.loads(body.read())
            except Exception:
                signal = None
            self.seen[version["VersionId"]] = signal if isinstance(signal, dict) else {}
            if isinstance(signal, dict) and signal.get("Status"):
                self.by_id[str(signal.get("UniqueId", ""))] = signal
        return self.by_id


def _timeout(value: Any) -> float:
    if value is None:
        return MAX_TIMEOUT_SECONDS
    try:
        seconds = int(str(value))
    except ValueError:
        raise ResourceFailed(f"Timeout must be a number of seconds, not {value}") from None
    if seconds < 0 or seconds > MAX_TIMEOUT_SECONDS:
        raise ResourceFailed(f"Timeout must be between 0 and {MAX_TIMEOUT_SECONDS} seconds")
    return seconds


_DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")


def _duration(value: Any) -> float:
    """A CreationPolicy Timeout (ISO 8601, PT#H#M#S) in seconds; AWS's ceiling is 12 hours."""
    match = _DURATION.match(str(value))
    if match is None or not any(match.groups()):
        raise ResourceFailed(f"Invalid Timeout in CreationPolicy: {value}")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return min(hours * 3600 + minutes * 60 + seconds, MAX_TIMEOUT_SECONDS)


class WaitCondition(ResourceProvider):
    type_name = "AWS::CloudFormation::WaitCondition"
    id_attribute = "Id"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        physical_id = ctx.arn("cloudformation", f"stack/{ctx.stack_name}/{ctx.logical_id}")
        handle = props.get("Handle")
        resource_signal = ctx.creation_policy.get("ResourceSignal")
        if not handle and isinstance(resource_signal, dict):
            return self._await_resource_signals(ctx, physical_id, resource_signal)
        if not handle:
            return Created(physical_id, {"Data": "{}"})
        count = int(str(props.get("Count", 1)))
        deadline = time.monotonic() + _timeout(props.get("Timeout"))
        signals = _Signals(ctx.region, handle)
        while True:
            received = signals.poll()
            for unique_id, signal in received.items():
                if str(signal.get("Status")).upper() == "FAILURE":
                    raise ResourceFailed(
                        f"WaitCondition received failed message: '{signal.get('Reason', '')}' "
                        f"for uniqueId: {unique_id}"
                    )
            successes = {
                unique_id: signal.get("Data")
                for unique_id, signal in received.items()
                if str(signal.get("Status")).upper() == "SUCCESS"
            }
            if len(successes) >= count:
                return Created(physical_id, {"Data": json.dumps(successes, separators=(",", ":"))})
            if time.monotonic() >= deadline:
                raise ResourceFailed(
                    f"WaitCondition timed out. Received {len(successes)} conditions when expecting {count}"
                )
            pause(_POLL_SECONDS)

    def _await_resource_signals(
        self, ctx: ProviderContext, physical_id: str, resource_signal: dict[str, Any]
    ) -> Created:
        """A CreationPolicy instead of a handle: SignalResource calls release it."""
        count = int(str(resource_signal.get("Count", 1)))
        deadline = time.monotonic() + _duration(resource_signal.get("Timeout", "PT5M"))
        while True:
            received = ctx.signals()
            for unique_id, status in received.items():
                if status == "FAILURE":
                    raise ResourceFailed(f"Received FAILURE signal with UniqueId {unique_id}")
            if sum(1 for status in received.values() if status == "SUCCESS") >= count:
                return Created(physical_id, {"Data": "{}"})
            if time.monotonic() >= deadline:
                raise ResourceFailed(
                    f"Failed to receive {count} resource signal(s) within the specified duration"
                )
            pause(_POLL_SECONDS)

    # AWS does not update a wait condition: it keeps what it received.
    update = keep_on_update

    # Nothing to remove: the signals belong to the handle.
    delete = nothing_to_delete


PROVIDERS = [WaitConditionHandle, WaitCondition]
