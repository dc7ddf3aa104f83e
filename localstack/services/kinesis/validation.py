"""Kinesis request rules moto does not apply: the members ListShards' NextToken excludes."""

from __future__ import annotations

import json
from typing import Any

from localstack.utils.aws.errors import AWSError


def check(operation: str, data: bytes) -> None:
    if operation != "ListShards":
        return
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return  # the validator and moto answer a malformed body
    if not isinstance(body, dict):
        return
    _check_list_shards(body)


def _check_list_shards(body: dict[str, Any]) -> None:
    # The sentences AWS answers (kinesalite's recordings; the StreamName one also in users' reports).
    if body.get("NextToken") and body.get("StreamName"):
        raise AWSError("InvalidArgumentException", "NextToken and StreamName cannot be provided together.")
    if not body.get("NextToken") and not body.get("StreamName") and not body.get("StreamARN"):
        raise AWSError("InvalidArgumentException", "Either NextToken or StreamName should be provided.")
