"""The limits on what policies can grant, as IAM's evaluation logic applies them: the permissions boundary
of an IAM role or user, the service control policies (SCPs) on the principals of an AWS Organizations
member account, and the resource control policies (RCPs) on its resources, at every level from the root
to the account."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Iterator

from localstack.services.s3 import policy

_SCP = "SERVICE_CONTROL_POLICY"
_RCP = "RESOURCE_CONTROL_POLICY"


@dataclass(frozen=True)
class Limit:
    """A request a guardrail refuses: `explicit` for a Deny statement, else no statement allowed it."""

    kind: str  # "service control policy" or "permissions boundary"
    explicit: bool

    def reason(self, action: str) -> str:
        if self.explicit:
            return f"with an explicit deny in a {self.kind}"
        return f"because no {self.kind} allows the {action} action"


def scp_limit(account_id: str | None, context: policy.RequestContext) -> Limit | None:
    """The SCPs' verdict for a principal of `account_id`: each level from the root down to the account must
    allow the request, and a Deny at any level refuses it. The management account is not limited."""
    return _limit(_levels(account_id, _SCP) if account_id else None, context, "service control policy")


def rcp_limit(account_id: str | None, context: policy.RequestContext) -> Limit | None:
    """The RCPs' verdict on a resource of `account_id`, whoever asks (anonymous callers and other
    accounts included), level by level as for SCPs. The management account's resources are not limited."""
    return _limit(_levels(account_id, _RCP) if account_id else None, context, "resource control policy")


def _limit(levels: list[list[Any]] | None, context: policy.RequestContext, kind: str) -> Limit | None:
    if not levels:
        return None
    allowed_everywhere = True
    for documents in levels:
        decisions = [policy.evaluate(document, context) for document in documents]
        if policy.DENY in decisions:
            return Limit(kind, True)
        if policy.ALLOW not in decisions:
            allowed_everywhere = False
    return None if allowed_everywhere else Limit(kind, False)


def boundary_limit(boundary: Any, context: policy.RequestContext) -> Limit | None:
    if boundary is None:
        return None
    decision = policy.evaluate(boundary, context)
    if decision == policy.ALLOW:
        return None
    return Limit("permissions boundary", decision == policy.DENY)


def organization_in_use() -> bool:
    """Whether any account created an organization (SCPs cost nothing until one does)."""
    return next(_organizations(), None) is not None


def _organizations() -> Iterator[Any]:
    module = sys.modules.get("moto.organizations.models")
    if module is None:
        return
    for account in list(module.organizations_backends.values()):
        for backend in list(account.values()):
            if getattr(backend, "org", None) is not None:
                yield backend


def _levels(account_id: str, policy_type: str) -> list[list[Any]] | None:
    """The documents of a policy type attached at each level above and at a member account (root first),
    or None where no organization with that type enabled has the account as a member."""
    for backend in _organizations():
        if backend.org.master_account_id == account_id:
            return None
        account = next((a for a in backend.accounts if a.id == account_id), None)
        if account is None:
            continue
        root = next((unit for unit in backend.ou if unit.id == backend.org.root_id), None)
        enabled = root is not None and any(
            kind.get("Type") == policy_type and kind.get("Status") == "ENABLED" for kind in root.policy_types
        )
        if not enabled:
            return None
        units = {unit.id: unit for unit in backend.ou}
        chain: list[Any] = [account]
        parent = getattr(account, "parent_id", None)
        while parent in units and len(chain) < 8:
            chain.append(units[parent])
            parent = getattr(units[parent], "parent_id", None)
        return [
            [
                p.content
                for p in getattr(level, "attached_policies", [])
                if p.type == policy_type and p.content
            ]
            for level in reversed(chain)
        ]
    return None
