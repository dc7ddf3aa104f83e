"""Saved Logs Insights queries (PutQueryDefinition, DescribeQueryDefinitions, DeleteQueryDefinition) and
ListLogGroups, which moto does not implement."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from localstack.config import get_config
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.stores import AccountRegionStore, RegionStore

OPERATIONS = frozenset(
    ("PutQueryDefinition", "DescribeQueryDefinitions", "DeleteQueryDefinition", "ListLogGroups")
)


class QueryDefinitions(RegionStore):
    def __init__(self) -> None:
        self.definitions: dict[str, dict[str, Any]] = {}  # id -> the definition as Describe shows it


query_definitions = AccountRegionStore(QueryDefinitions)


def _scope(headers: Any) -> tuple[str, str]:
    account = request_context.account_for_access_key(request_context.access_key_of(headers))
    return account, request_context.region_of(headers, "", get_config().default_region)


def serve(operation: str, body: dict[str, Any], headers: Any) -> dict[str, Any]:
    account, region = _scope(headers)
    if operation == "ListLogGroups":
        return _list_log_groups(account, region, body)
    store = query_definitions[account][region]
    if operation == "PutQueryDefinition":
        identifier = body.get("queryDefinitionId") or str(uuid.uuid4())
        if body.get("queryDefinitionId") and identifier not in store.definitions:
            raise AWSError("ResourceNotFoundException", f"Query definition {identifier} does not exist.")
        definition = {
            "queryLanguage": body.get("queryLanguage") or "CWLI",
            "queryDefinitionId": identifier,
            "name": body.get("name"),
            "queryString": body.get("queryString"),
            "lastModified": int(time.time() * 1000),
        }
        if body.get("logGroupNames"):
            definition["logGroupNames"] = list(body["logGroupNames"])
        if body.get("parameters"):
            definition["parameters"] = list(body["parameters"])
        store.definitions[identifier] = definition
        return {"queryDefinitionId": identifier}
    if operation == "DeleteQueryDefinition":
        identifier = body.get("queryDefinitionId")
        if store.definitions.pop(str(identifier), None) is None:
            raise AWSError("ResourceNotFoundException", f"Query definition {identifier} does not exist.")
        return {"success": True}
    prefix = body.get("queryDefinitionNamePrefix") or ""
    language = body.get("queryLanguage")
    listed = [
        definition
        for definition in sorted(
            store.definitions.values(), key=lambda d: (d["name"] or "", d["queryDefinitionId"])
        )
        if (definition["name"] or "").startswith(prefix)
        and (language is None or definition["queryLanguage"] == language)
    ]
    return _page(listed, body, "queryDefinitions", "maxResults", 1000)


def _list_log_groups(account: str, region: str, body: dict[str, Any]) -> dict[str, Any]:
    from moto.logs.models import logs_backends

    pattern = body.get("logGroupNamePattern")
    wanted_class = body.get("logGroupClass")
    groups = []
    for name, group in sorted(logs_backends[account][region].groups.items()):
        group_class = getattr(group, "log_group_class", None) or "STANDARD"
        if pattern and not re.search(pattern, name):
            continue
        if wanted_class and group_class != wanted_class:
            continue
        groups.append({"logGroupName": name, "logGroupArn": group.arn, "logGroupClass": group_class})
    return _page(groups, body, "logGroups", "limit", 50)


def _page(
    items: list[dict[str, Any]], body: dict[str, Any], key: str, limit_key: str, default: int
) -> dict[str, Any]:
    """A page of `items` from the position `nextToken` names, `limit_key` items at most."""
    token = body.get("nextToken")
    start = int(token) if isinstance(token, str) and token.isdigit() else 0
    limit = body.get(limit_key) or default
    answer: dict[str, Any] = {key: items[start : start + limit]}
    if start + limit < len(items):
        answer["nextToken"] = str(start + limit)
    return answer
