"""Hooks around the iam backend: requests moto would crash on are answered with IAM's InvalidInput, and
trust policies that are not JSON with MalformedPolicyDocument (moto stored them)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws.errors import AWSError


class IamListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        if b"Action=CreateServiceLinkedRole" in data or b"Marker=" in data:
            _check_params(parse_qs(data.decode("utf-8", "replace")))
        elif b"Action=CreateRole" in data or b"Action=UpdateAssumeRolePolicy" in data:
            _check_trust_policy(parse_qs(data.decode("utf-8", "replace")))
        return True


def _check_trust_policy(params: dict[str, list[str]]) -> None:
    action = (params.get("Action") or [""])[0]
    name = "AssumeRolePolicyDocument" if action == "CreateRole" else "PolicyDocument"
    if action not in ("CreateRole", "UpdateAssumeRolePolicy") or name not in params:
        return
    try:
        json.loads(params[name][0])
    except ValueError:
        raise AWSError("MalformedPolicyDocument", "This policy contains invalid Json") from None


# Lists whose markers moto hands out as positions (and reads with int()).
POSITION_MARKERS = frozenset(
    (
        "ListAttachedGroupPolicies",
        "ListAttachedRolePolicies",
        "ListAttachedUserPolicies",
        "ListEntitiesForPolicy",
        "ListOpenIDConnectProviderTags",
        "ListPolicies",
        "ListPolicyTags",
        "ListRoleTags",
        "ListRoles",
        "ListVirtualMFADevices",
    )
)


def _check_params(params: dict[str, list[str]]) -> None:
    action = (params.get("Action") or [""])[0]
    if action == "CreateServiceLinkedRole":
        # A service principal is `<service>.amazonaws.com` (or `<prefix>.<service>.amazonaws.com`).
        name = (params.get("AWSServiceName") or [""])[0]
        parts = name.split(".")
        if len(parts) < 3 or not all(parts):
            raise AWSError("InvalidInput", f"Invalid service principal: {name[:200]}.")
    if action in POSITION_MARKERS:
        # moto's markers of these lists are positions it handed out; anything else is not one of them.
        marker = (params.get("Marker") or [""])[0]
        if marker and not marker.isdigit():
            raise AWSError("InvalidInput", "Invalid Marker.")
