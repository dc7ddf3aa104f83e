"""Key policies: the one policy a key has is named "default", may be asked for without its name, and must
be a JSON document; the policy AWS writes for a key created without one, in AWS's own layout."""

from __future__ import annotations

from typing import Any

from localstack.services.kms import validation

OPERATIONS = frozenset({"GetKeyPolicy", "PutKeyPolicy"})

# AWS returns the default policy pretty-printed like this (two-space indent, " : " separators).
_DEFAULT_POLICY = """{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:%(partition)s:iam::%(account)s:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}"""


def default_policy(partition: str, account: str) -> str:
    return _DEFAULT_POLICY % {"partition": partition, "account": account}


def get_key_policy(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    validation.check_policy_name(params.get("PolicyName"))
    key = validation.find_key(backend, params.get("KeyId") or "")
    return {"Policy": key.policy, "PolicyName": "default"}


def put_key_policy(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    validation.check_policy_name(params.get("PolicyName"))
    # Any key state, pending deletion included (the developer guide's key-state table).
    key = validation.find_key(backend, params.get("KeyId") or "")
    validation.check_policy_document(params.get("Policy"))
    key.policy = params["Policy"]
    return {}


HANDLERS = {"GetKeyPolicy": get_key_policy, "PutKeyPolicy": put_key_policy}
