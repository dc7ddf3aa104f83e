"""The account's shard quota per region, checked before moto creates shards: a CreateStream or
UpdateShardCount past it is AWS's LimitExceededException, never millions of shards built in memory;
one UpdateShardCount at most doubles or halves the open shards.
A CreateStream without a shard count makes an on-demand stream; a provisioned one needs the count."""

from __future__ import annotations

import json
import sys
from typing import Any

from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError, ValidationError

# Kinesis Data Streams' default shard quotas (developer guide, "Quotas and limits"); on-demand streams
# start with four shards.
LARGE_REGIONS = frozenset(("us-east-1", "us-west-2", "eu-west-1"))
LARGE_QUOTA = 20_000
QUOTA = 1_000
ON_DEMAND_SHARDS = 4


def quota(region: str) -> int:
    return LARGE_QUOTA if region in LARGE_REGIONS else QUOTA


def check(operation: str, data: bytes, headers: Any) -> dict | None:
    """Raise AWS's error for a request past the quota; the body to send instead, if it changes."""
    if operation not in ("CreateStream", "UpdateShardCount"):
        return None
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return None  # the request checks answer a malformed body
    if not isinstance(body, dict):
        return None
    rewritten = None
    if operation == "CreateStream" and body.get("ShardCount") is None:
        if (body.get("StreamModeDetails") or {}).get("StreamMode", "ON_DEMAND") != "ON_DEMAND":
            raise ValidationError(
                "1 validation error detected: Value null at 'shardCount' failed to satisfy constraint: "
                "Member must not be null"
            )
        rewritten = body = {**body, "StreamModeDetails": {"StreamMode": "ON_DEMAND"}}
    account, region = request_context.account_and_region(headers)
    streams = _streams(account, region)
    open_shards = {name: _open_shards(stream) for name, stream in streams.items()}
    if operation == "CreateStream":
        mode = (body.get("StreamModeDetails") or {}).get("StreamMode")
        requested = ON_DEMAND_SHARDS if mode == "ON_DEMAND" else body.get("ShardCount")
        added = _count(requested)
    else:
        target = body.get("TargetShardCount")
        name = body.get("StreamName") or str(body.get("StreamARN") or "").rpartition("/")[2]
        added = _count(target) - open_shards.get(name, 0) if _count(target) else 0
    current = sum(open_shards.values())
    limit = quota(region)
    if added > 0 and current + added > limit:
        raise AWSError(
            "LimitExceededException",
            f"This request would exceed the shard limit for the account {account} in {region}. Current shard "
            f"count for the account: {current}. Limit: {limit}. Number of additional shards that would have "
            f"resulted from this request: {added}. Refer to the AWS Service Limits page "
            "(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and "
            "how to request higher limits.",
        )
    if operation == "UpdateShardCount" and name in open_shards:
        _check_scaling(open_shards[name], _count(target))
    for member in ("ShardCount", "TargetShardCount"):
        if isinstance(body.get(member), float):
            rewritten = body = {**body, member: _count(body[member])}  # moto computes with ints only
    return rewritten


def _check_scaling(current: int, target: int) -> None:
    """One UpdateShardCount at most doubles, or halves, the open shards (AWS's sentences, as
    kinesalite's tests recorded them; checked after the account's quota, as there)."""
    if not target or not current:
        return
    if target > 2 * current:
        direction = "scale up over double"
    elif 2 * target < current:
        direction = "scale down below half"
    else:
        return
    raise AWSError(
        "LimitExceededException",
        f"UpdateShardCount cannot {direction} your current open shard count. "
        f"Current open shard count: {current}, Target shard count: {target}",
    )


def _count(value: Any) -> int:
    """A shard count as the service reads it (a JSON 4.0 is 4); 0 when it is no number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return 0
    return int(min(value, 10**30))  # past any quota, and no float overflow on int()


def _streams(account: str, region: str) -> dict[str, Any]:
    models = sys.modules.get("moto.kinesis.models")
    if models is None:
        return {}  # no stream was ever created
    backends = models.kinesis_backends
    if account not in backends or region not in backends[account]:
        return {}
    return dict(backends[account][region].streams)


def _open_shards(stream: Any) -> int:
    return sum(1 for shard in list(stream.shards.values()) if shard.is_open)
