"""S3 resources: Bucket (with its versioning, CORS, lifecycle, encryption, website, public access
block, notifications and tags) and BucketPolicy."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import json_text, tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call


def _cors(config: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in config.get("CorsRules") or []:
        out = {
            "AllowedMethods": rule.get("AllowedMethods", []),
            "AllowedOrigins": rule.get("AllowedOrigins", []),
        }
        for source, target in (
            ("AllowedHeaders", "AllowedHeaders"),
            ("ExposedHeaders", "ExposeHeaders"),
            ("Id", "ID"),
        ):
            if rule.get(source) is not None:
                out[target] = rule[source]
        if rule.get("MaxAge") is not None:
            out["MaxAgeSeconds"] = int(rule["MaxAge"])
        rules.append(out)
    return {"CORSRules": rules}


def _lifecycle(config: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in config.get("Rules") or []:
        out: dict[str, Any] = {"Status": rule.get("Status", "Enabled")}
        if rule.get("Id"):
            out["ID"] = rule["Id"]
        out["Filter"] = {"Prefix": rule.get("Prefix", "")}
        if rule.get("ExpirationInDays") is not None:
            out["Expiration"] = {"Days": int(rule["ExpirationInDays"])}
        if rule.get("ExpirationDate") is not None:
            out["Expiration"] = {"Date": rule["ExpirationDate"]}
        if rule.get("NoncurrentVersionExpiration") is not None:
            expiration = rule["NoncurrentVersionExpiration"]
            out["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(expiration.get("NoncurrentDays", 1))}
            if expiration.get("NewerNoncurrentVersions") is not None:
                out["NoncurrentVersionExpiration"]["NewerNoncurrentVersions"] = int(
                    expiration["NewerNoncurrentVersions"]
                )
        if rule.get("ExpiredObjectDeleteMarker") is not None:
            out["Expiration"] = {"ExpiredObjectDeleteMarker": bool(rule["ExpiredObjectDeleteMarker"])}
        if rule.get("NoncurrentVersionExpirationInDays") is not None:
            out["NoncurrentVersionExpiration"] = {
                "NoncurrentDays": int(rule["NoncurrentVersionExpirationInDays"])
            }
        if rule.get("AbortIncompleteMultipartUpload") is not None:
            out["AbortIncompleteMultipartUpload"] = {
                "DaysAfterInitiation": int(
                    rule["AbortIncompleteMultipartUpload"].get("DaysAfterInitiation", 1)
                )
            }
        rules.append(out)
    return {"Rules": rules}


def _encryption(config: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in config.get("ServerSideEncryptionConfiguration") or []:
        out: dict[str, Any] = {}
        if rule.get("ServerSideEncryptionByDefault"):
            out["ApplyServerSideEncryptionByDefault"] = rule["ServerSideEncryptionByDefault"]
        if rule.get("BucketKeyEnabled") is not None:
            out["BucketKeyEnabled"] = str(rule["BucketKeyEnabled"]).lower() == "true"
        if rule.get("BlockedEncryptionTypes"):
            out["BlockedEncryptionTypes"] = rule["BlockedEncryptionTypes"]
        rules.append(out)
    return {"Rules": rules}


def _filter(config: dict[str, Any]) -> dict[str, Any]:
    rules = (((config.get("Filter") or {}).get("S3Key")) or {}).get("Rules") or []
    return (
        {"Filter": {"Key": {"FilterRules": [{"Name": r["Name"], "Value": r["Value"]} for r in rules]}}}
        if rules
        else {}
    )


def _notifications(config: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for source, target, arn_key, field in (
        ("LambdaConfigurations", "LambdaFunctionConfigurations", "LambdaFunctionArn", "Function"),
        ("QueueConfigurations", "QueueConfigurations", "QueueArn", "Queue"),
        ("TopicConfigurations", "TopicConfigurations", "TopicArn", "Topic"),
    ):
        items = config.get(source) or []
        if items:
            out[target] = [
                {arn_key: item[field], "Events": [item["Event"]], **_filter(item)} for item in items
            ]
    if config.get("EventBridgeConfiguration") is not None:
        out["EventBridgeConfiguration"] = {}
    return out


def _website(config: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if config.get("RedirectAllRequestsTo"):
        out["RedirectAllRequestsTo"] = config["RedirectAllRequestsTo"]
        return out
    if config.get("IndexDocument"):
        out["IndexDocument"] = {"Suffix": config["IndexDocument"]}
    if config.get("ErrorDocument"):
        out["ErrorDocument"] = {"Key": config["ErrorDocument"]}
    return out


class Bucket(ResourceProvider):
    type_name = "AWS::S3::Bucket"
    create_only = frozenset(("BucketName", "ObjectLockEnabled"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        s3 = ctx.client("s3")
        name = props.get("BucketName") or ctx.physical_name(63, lower=True)
        args: dict[str, Any] = {"Bucket": name}
        if ctx.region != "us-east-1":
            args["CreateBucketConfiguration"] = {"LocationConstraint": ctx.region}
        if props.get("ObjectLockEnabled"):
            args["ObjectLockEnabledForBucket"] = True
        s3.create_bucket(**args)
        self._configure(ctx, name, props, {})
        return Created(name, self._attributes(ctx, name))

    def _attributes(self, ctx: ProviderContext, name: str) -> dict[str, Any]:
        return {
            "Arn": f"arn:aws:s3:::{name}",
            "DomainName": f"{name}.s3.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{ctx.region}.amazonaws.com",
            "DualStackDomainName": f"{name}.s3.dualstack.{ctx.region}.amazonaws.com",
            "WebsiteURL": f"http://{name}.s3-website-{ctx.region}.amazonaws.com",
        }

    def _configure(self, ctx: ProviderContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> None:
        s3 = ctx.client("s3")
        if props.get("VersioningConfiguration"):
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=props["VersioningConfiguration"])
        elif old.get("VersioningConfiguration"):
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Suspended"})
        tags = tags_list(ctx, props)
        if tags:
            s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tags})
        elif old.get("Tags"):
            s3.delete_bucket_tagging(Bucket=name)
        sections = (
            (
                "CorsConfiguration",
                lambda c: s3.put_bucket_cors(Bucket=name, CORSConfiguration=_cors(c)),
                lambda: s3.delete_bucket_cors(Bucket=name),
            ),
            (
                "LifecycleConfiguration",
                lambda c: s3.put_bucket_lifecycle_configuration(
                    Bucket=name, LifecycleConfiguration=_lifecycle(c)
                ),
                lambda: s3.delete_bucket_lifecycle(Bucket=name),
            ),
            (
                "BucketEncryption",
                lambda c: s3.put_bucket_encryption(
                    Bucket=name,
                    ServerSideEncryptionConfiguration=_encryption(c),
                ),
                lambda: s3.delete_bucket_encryption(Bucket=name),
            ),
            (
                "PublicAccessBlockConfiguration",
                lambda c: s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=c),
                lambda: s3.delete_public_access_block(Bucket=name),
            ),
            (
                "WebsiteConfiguration",
                lambda c: s3.put_bucket_website(Bucket=name, WebsiteConfiguration=_website(c)),
                lambda: s3.delete_bucket_website(Bucket=name),
            ),
            (
                "NotificationConfiguration",
                lambda c: s3.put_bucket_notification_configuration(
                    Bucket=name, NotificationConfiguration=_notifications(c)
                ),
                lambda: s3.put_bucket_notification_configuration(Bucket=name, NotificationConfiguration={}),
            ),
            (
                "OwnershipControls",
                lambda c: s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls=c),
                lambda: s3.delete_bucket_ownership_controls(Bucket=name),
            ),
        )
        for key, put, remove in sections:
            if props.get(key):
                if props.get(key) != old.get(key):
                    put(props[key])
            elif old.get(key):
                ignore_missing(remove)

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self._configure(ctx, physical_id, props, old)
        return Created(physical_id, self._attributes(ctx, physical_id))

    delete = delete_call("s3", "delete_bucket", "Bucket", "NoSuchBucket")


class BucketPolicy(ResourceProvider):
    type_name = "AWS::S3::BucketPolicy"
    create_only = frozenset(("Bucket",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ctx.client("s3").put_bucket_policy(Bucket=props["Bucket"], Policy=json_text(props["PolicyDocument"]))
        return Created(f"{ctx.stack_name}-{ctx.logical_id}-{props['Bucket']}"[:255], ref=props["Bucket"])

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ctx.client("s3").put_bucket_policy(Bucket=props["Bucket"], Policy=json_text(props["PolicyDocument"]))
        return Created(physical_id, ref=props["Bucket"])

    delete = delete_call("s3", "delete_bucket_policy", None, "NoSuchBucket", with_props={"Bucket": "Bucket"})


PROVIDERS = [Bucket, BucketPolicy]
