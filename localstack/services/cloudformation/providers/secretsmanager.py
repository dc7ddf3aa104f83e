"""Secrets Manager resources: Secret (incl. GenerateSecretString) and SecretTargetAttachment."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.cloudformation.providers.base import Created, ProviderContext, ResourceProvider
from localstack.services.cloudformation.providers.conversions import as_bool, tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call, nothing_to_delete

_PASSWORD_OPTIONS = (
    "ExcludeCharacters",
    "ExcludeLowercase",
    "ExcludeNumbers",
    "ExcludePunctuation",
    "ExcludeUppercase",
    "IncludeSpace",
    "RequireEachIncludedType",
)


def _secret_string(ctx: ProviderContext, props: dict[str, Any]) -> str:
    if props.get("SecretString") is not None:
        return str(props["SecretString"])
    spec = props.get("GenerateSecretString")
    if spec is None:
        spec = {}
    args: dict[str, Any] = {"PasswordLength": int(spec.get("PasswordLength", 32))}
    for key in _PASSWORD_OPTIONS:
        if spec.get(key) is not None:
            args[key] = spec[key] if key == "ExcludeCharacters" else as_bool(spec[key])
    password = ctx.client("secretsmanager").get_random_password(**args)["RandomPassword"]
    template = spec.get("SecretStringTemplate")
    if template and spec.get("GenerateStringKey"):
        document = json.loads(template)
        document[spec["GenerateStringKey"]] = password
        return json.dumps(document)
    return password


class Secret(ResourceProvider):
    type_name = "AWS::SecretsManager::Secret"
    create_only = frozenset(("Name",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("Name") or ctx.physical_name(256)
        args: dict[str, Any] = {"Name": name, "SecretString": _secret_string(ctx, props)}
        for key in ("Description", "KmsKeyId"):
            if props.get(key):
                args[key] = props[key]
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        arn = ctx.client("secretsmanager").create_secret(**args)["ARN"]
        return Created(arn, {"Id": arn})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        args: dict[str, Any] = {"SecretId": physical_id}
        if props.get("SecretString") != old.get("SecretString") or props.get(
            "GenerateSecretString"
        ) != old.get("GenerateSecretString"):
            args["SecretString"] = _secret_string(ctx, props)
        if props.get("Description") != old.get("Description"):
            args["Description"] = props.get("Description", "")
        if len(args) > 1:
            ctx.client("secretsmanager").update_secret(**args)
        return Created(physical_id, attributes)

    delete = delete_call(
        "secretsmanager", "delete_secret", "SecretId", fixed={"ForceDeleteWithoutRecovery": True}
    )


class SecretTargetAttachment(ResourceProvider):
    """Adds the target's connection fields to the secret's JSON, as AWS does for database targets."""

    type_name = "AWS::SecretsManager::SecretTargetAttachment"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        sm = ctx.client("secretsmanager")
        value = sm.get_secret_value(SecretId=props["SecretId"])["SecretString"]
        try:
            document = json.loads(value)
        except ValueError:
            document = None
        if isinstance(document, dict):
            document.setdefault(
                "dbInstanceIdentifier"
                if "Instance" in props.get("TargetType", "")
                else "dbClusterIdentifier",
                props["TargetId"],
            )
            sm.put_secret_value(SecretId=props["SecretId"], SecretString=json.dumps(document))
        return Created(props["SecretId"])

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        return self.create(ctx, props)

    # The secret keeps its value; the attachment only added fields.
    delete = nothing_to_delete


PROVIDERS = [Secret, SecretTargetAttachment]
