"""ECR resources: Repository."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import as_bool, json_text, tags_list


class Repository(ResourceProvider):
    type_name = "AWS::ECR::Repository"
    create_only = frozenset(("RepositoryName", "EncryptionConfiguration"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ecr = ctx.client("ecr")
        name = props.get("RepositoryName") or ctx.physical_name(256, lower=True)
        args: dict[str, Any] = {"repositoryName": name}
        if props.get("ImageTagMutability"):
            args["imageTagMutability"] = props["ImageTagMutability"]
        if props.get("ImageScanningConfiguration"):
            args["imageScanningConfiguration"] = {
                "scanOnPush": as_bool(props["ImageScanningConfiguration"].get("ScanOnPush"))
            }
        if props.get("EncryptionConfiguration"):
            encryption = props["EncryptionConfiguration"]
            args["encryptionConfiguration"] = {
                "encryptionType": encryption.get("EncryptionType", "AES256"),
                **({"kmsKey": encryption["KmsKey"]} if encryption.get("KmsKey") else {}),
            }
        tags = tags_list(ctx, props)
        if tags:
            args["tags"] = tags
        repository = ecr.create_repository(**args)["repository"]
        self._policies(ctx, name, props, {})
        return Created(
            name, {"Arn": repository["repositoryArn"], "RepositoryUri": repository["repositoryUri"]}
        )

    def _policies(self, ctx: ProviderContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> None:
        ecr = ctx.client("ecr")
        if props.get("RepositoryPolicyText") and props.get("RepositoryPolicyText") != old.get(
            "RepositoryPolicyText"
        ):
            ecr.set_repository_policy(
                repositoryName=name, policyText=json_text(props["RepositoryPolicyText"])
            )
        elif old.get("RepositoryPolicyText") and not props.get("RepositoryPolicyText"):
            ignore_missing(lambda: ecr.delete_repository_policy(repositoryName=name))
        lifecycle = (props.get("LifecyclePolicy") or {}).get("LifecyclePolicyText")
        if lifecycle and lifecycle != (old.get("LifecyclePolicy") or {}).get("LifecyclePolicyText"):
            ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=json_text(lifecycle))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ecr = ctx.client("ecr")
        if props.get("ImageTagMutability") != old.get("ImageTagMutability"):
            ecr.put_image_tag_mutability(
                repositoryName=physical_id, imageTagMutability=props.get("ImageTagMutability", "MUTABLE")
            )
        if props.get("ImageScanningConfiguration") != old.get("ImageScanningConfiguration"):
            ecr.put_image_scanning_configuration(
                repositoryName=physical_id,
                imageScanningConfiguration={
                    "scanOnPush": as_bool((props.get("ImageScanningConfiguration") or {}).get("ScanOnPush"))
                },
            )
        self._policies(ctx, physical_id, props, old)
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        force = as_bool(props.get("EmptyOnDelete", False))
        ignore_missing(
            lambda: ctx.client("ecr").delete_repository(repositoryName=physical_id, force=force),
            "RepositoryNotFoundException",
        )


PROVIDERS = [Repository]
