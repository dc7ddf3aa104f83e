"""Hooks around the iam backend: requests moto would crash on are answered with IAM's InvalidInput."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws.errors import AWSError


class IamListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        if b"Action=CreateServiceLinkedRole" in data or b"Marker=" in data:
            _check_params(parse_qs(data.decode("utf-8", "replace")))
        return True


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
