"""The IAM principal behind an access key IAM or STS issued (a user with its groups, or an assumed role with
its session policy) and the identity-based policies that decide its S3 requests. Keys IAM did not issue
(the default test keys, 12-digit account keys) act as their account's root user: no identity policy
applies to them."""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass, field
from typing import Any, Iterator

from localstack.services.s3 import policy

_PARTITIONS = ("aws", "aws-cn", "aws-us-gov")


@dataclass
class Principal:
    arn: str
    account_id: str
    documents: list[Any] = field(default_factory=list)  # identity-based policies
    session_policy: Any = None  # an assumed role's session policy: it can only narrow
    boundary: Any = None  # the user's or role's permissions boundary document: it can only narrow
    is_role: bool = False


def _backends(module_name: str, attribute: str) -> Iterator[Any]:
    module = sys.modules.get(module_name)
    if module is None:
        return
    for account in list(getattr(module, attribute).values()):
        for partition in _PARTITIONS:
            try:
                yield account[partition]
            except KeyError:
                continue


def _document(managed: Any) -> Any:
    for version in getattr(managed, "versions", None) or []:
        if getattr(version, "is_default", False):
            return version.document
    return getattr(managed, "document", None)


def _attached(owner: Any) -> list[Any]:
    documents = list(getattr(owner, "policies", {}).values())
    documents.extend(_document(managed) for managed in getattr(owner, "managed_policies", {}).values())
    return [document for document in documents if document]


def principal_of(access_key: str | None) -> Principal | None:
    """The IAM user or assumed role the key belongs to; None for a key IAM and STS never issued."""
    if not access_key or not access_key.startswith(("AKIA", "ASIA")):
        return None
    for backend in _backends("moto.iam.models", "iam_backends"):
        found = backend.access_keys.get(access_key)
        if found is None or not getattr(found, "user_name", None):
            continue
        user = backend.users.get(found.user_name)
        if user is None:
            return None
        documents = _attached(user)
        for group in backend.get_groups_for_user(user.name):
            documents.extend(_attached(group))
        boundary = _boundary(backend, getattr(user, "permissions_boundary_arn", None))
        return Principal(user.arn, backend.account_id, documents, boundary=boundary)
    for backend in _backends("moto.sts.models", "sts_backends"):
        assumed = backend.get_assumed_role_from_access_key(access_key)
        if assumed is None:
            continue
        role_arn = assumed.role_arn
        role = _role(role_arn)
        if role is None:
            # STS here lets a role IAM never created be assumed (AWS would refuse AssumeRole itself); such a
            # session acts as its account, as it always has, rather than being denied everything.
            return None
        documents = _attached(role)
        role_name = role_arn.rpartition("/")[2]
        arn = f"arn:aws:sts::{assumed.account_id}:assumed-role/{role_name}/{assumed.session_name}"
        boundary = _boundary(_iam_of(assumed.account_id), getattr(role, "permissions_boundary_arn", None))
        return Principal(arn, assumed.account_id, documents, assumed.policy or None, boundary, True)
    return None


def _iam_of(account_id: str) -> Any:
    for backend in _backends("moto.iam.models", "iam_backends"):
        if backend.account_id == account_id:
            return backend
    return None


def _boundary(backend: Any, arn: str | None) -> Any:
    """The permissions boundary's document; a boundary naming a policy that is gone allows nothing."""
    if not arn:
        return None
    managed = getattr(backend, "managed_policies", {}).get(arn) if backend is not None else None
    document = _document(managed) if managed is not None else _aws_managed_document(arn)
    return document or {"Version": "2012-10-17", "Statement": []}


@functools.lru_cache(maxsize=64)
def _aws_managed_document(arn: str) -> Any:
    """An AWS managed policy's document (IAM adds such a policy to an account only once it is attached)."""
    prefix = "arn:aws:iam::aws:policy/"
    if not arn.startswith(prefix):
        return None
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    data = json.loads(aws_managed_policies_data).get(arn.rsplit("/", 1)[-1])
    return data.get("Document") if isinstance(data, dict) else None


def _role(arn: str) -> Any:
    for iam in _backends("moto.iam.models", "iam_backends"):
        for role in list(iam.roles.values()):
            if role.arn == arn:
                return role
    return None


def evaluate(principal: Principal, context: policy.RequestContext) -> str | None:
    """Deny if any identity policy denies, Allow if one allows (and the session policy, if any, too)."""
    decision = None
    for document in principal.documents:
        result = policy.evaluate(document, context)
        if result == policy.DENY:
            return policy.DENY
        decision = decision or result
    if principal.session_policy is not None:
        session = policy.evaluate(principal.session_policy, context)
        if session == policy.DENY:
            return policy.DENY
        if session is None:
            return None
    return decision
