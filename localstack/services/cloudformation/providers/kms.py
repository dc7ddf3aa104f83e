"""KMS resources: Key and Alias."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import as_bool, json_text, pick, tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call


class Key(ResourceProvider):
    type_name = "AWS::KMS::Key"
    create_only = frozenset(("KeySpec", "KeyUsage", "MultiRegion", "Origin"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        kms = ctx.client("kms")
        args: dict[str, Any] = {}
        if props.get("KeyPolicy"):
            args["Policy"] = json_text(props["KeyPolicy"])
        for key in ("Description", "KeyUsage", "KeySpec", "Origin"):
            if props.get(key):
                args[key] = props[key]
        if args.get("KeySpec") and not args.get("KeyUsage"):
            args["KeyUsage"] = (
                "ENCRYPT_DECRYPT"  # the resource's default; CreateKey requires one for such specs
            )
        args.update(pick(props, ("MultiRegion",), as_bool))
        tags = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in tags_list(ctx, props)]
        if tags:
            args["Tags"] = tags
        metadata = kms.create_key(**args)["KeyMetadata"]
        key_id = metadata["KeyId"]
        if as_bool(props.get("EnableKeyRotation", False)):
            kms.enable_key_rotation(KeyId=key_id)
        if not as_bool(props.get("Enabled", True)):
            kms.disable_key(KeyId=key_id)
        return Created(key_id, {"Arn": metadata["Arn"], "KeyId": key_id})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        kms = ctx.client("kms")
        if props.get("KeyPolicy") != old.get("KeyPolicy") and props.get("KeyPolicy"):
            kms.put_key_policy(KeyId=physical_id, PolicyName="default", Policy=json_text(props["KeyPolicy"]))
        if props.get("Description") != old.get("Description"):
            kms.update_key_description(KeyId=physical_id, Description=props.get("Description", ""))
        if as_bool(props.get("EnableKeyRotation", False)) != as_bool(old.get("EnableKeyRotation", False)):
            (
                kms.enable_key_rotation
                if as_bool(props.get("EnableKeyRotation"))
                else kms.disable_key_rotation
            )(KeyId=physical_id)
        if as_bool(props.get("Enabled", True)) != as_bool(old.get("Enabled", True)):
            (kms.enable_key if as_bool(props.get("Enabled", True)) else kms.disable_key)(KeyId=physical_id)
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        days = int(props.get("PendingWindowInDays", 30))
        ignore_missing(
            lambda: ctx.client("kms").schedule_key_deletion(KeyId=physical_id, PendingWindowInDays=days),
            "KMSInvalidStateException",
        )


class Alias(ResourceProvider):
    type_name = "AWS::KMS::Alias"
    create_only = frozenset(("AliasName",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ctx.client("kms").create_alias(AliasName=props["AliasName"], TargetKeyId=props["TargetKeyId"])
        return Created(props["AliasName"])

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ctx.client("kms").update_alias(AliasName=physical_id, TargetKeyId=props["TargetKeyId"])
        return Created(physical_id)

    delete = delete_call("kms", "delete_alias", "AliasName")


PROVIDERS = [Key, Alias]
