"""DynamoDB resources: Table and GlobalTable (its replica in the stack's region)."""

from __future__ import annotations

import time
from typing import Any

from localstack.services.cloudformation.providers.base import Created, ProviderContext, ResourceProvider
from localstack.services.cloudformation.providers.conversions import as_bool, pick, tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call


def _throughput(value: dict[str, Any]) -> dict[str, int]:
    return {
        "ReadCapacityUnits": int(value["ReadCapacityUnits"]),
        "WriteCapacityUnits": int(value["WriteCapacityUnits"]),
    }


def _index(index: dict[str, Any]) -> dict[str, Any]:
    out = {key: index[key] for key in ("IndexName", "KeySchema", "Projection") if key in index}
    if index.get("ProvisionedThroughput"):
        out["ProvisionedThroughput"] = _throughput(index["ProvisionedThroughput"])
    return out


def _stream(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    if not spec:
        return None
    if "StreamEnabled" in spec and not as_bool(spec["StreamEnabled"]):
        return {"StreamEnabled": False}
    return {"StreamEnabled": True, "StreamViewType": spec.get("StreamViewType", "NEW_AND_OLD_IMAGES")}


def _wait_active(ctx: ProviderContext, name: str) -> dict[str, Any]:
    ddb = ctx.client("dynamodb")
    deadline = time.monotonic() + 30
    while True:
        table = ddb.describe_table(TableName=name)["Table"]
        if table.get("TableStatus") == "ACTIVE" or time.monotonic() > deadline:
            return table
        time.sleep(0.1)


class Table(ResourceProvider):
    type_name = "AWS::DynamoDB::Table"
    create_only = frozenset(("TableName", "KeySchema", "LocalSecondaryIndexes"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        ddb = ctx.client("dynamodb")
        name = props.get("TableName") or ctx.physical_name(255)
        args: dict[str, Any] = {
            "TableName": name,
            "KeySchema": props["KeySchema"],
            "AttributeDefinitions": props.get("AttributeDefinitions") or [],
            "BillingMode": props.get("BillingMode", "PROVISIONED"),
        }
        if args["BillingMode"] == "PROVISIONED":
            args["ProvisionedThroughput"] = _throughput(
                props.get("ProvisionedThroughput") or {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
            )
        if props.get("GlobalSecondaryIndexes"):
            args["GlobalSecondaryIndexes"] = [_index(i) for i in props["GlobalSecondaryIndexes"]]
        if props.get("LocalSecondaryIndexes"):
            args["LocalSecondaryIndexes"] = [_index(i) for i in props["LocalSecondaryIndexes"]]
        stream = _stream(props.get("StreamSpecification"))
        if stream:
            args["StreamSpecification"] = stream
        if props.get("SSESpecification"):
            sse = props["SSESpecification"]
            args["SSESpecification"] = {
                "Enabled": as_bool(sse.get("SSEEnabled", False)),
                **{k: sse[k] for k in ("SSEType", "KMSMasterKeyId") if sse.get(k)},
            }
        if props.get("TableClass"):
            args["TableClass"] = props["TableClass"]
        args.update(pick(props, ("DeletionProtectionEnabled",), as_bool))
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        ddb.create_table(**args)
        table = _wait_active(ctx, name)
        self._extras(ctx, name, props, {})
        return Created(name, self._attributes(table))

    def _attributes(self, table: dict[str, Any]) -> dict[str, Any]:
        out = {"Arn": table["TableArn"]}
        if table.get("LatestStreamArn"):
            out["StreamArn"] = table["LatestStreamArn"]
        if table.get("TableId"):
            out["TableId"] = table["TableId"]
        return out

    def _extras(self, ctx: ProviderContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> None:
        ddb = ctx.client("dynamodb")
        ttl = props.get("TimeToLiveSpecification")
        if ttl and ttl != old.get("TimeToLiveSpecification"):
            ddb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={
                    "Enabled": as_bool(ttl.get("Enabled", False)),
                    "AttributeName": ttl.get("AttributeName", "ttl"),
                },
            )
        pitr = props.get("PointInTimeRecoverySpecification")
        if pitr and pitr != old.get("PointInTimeRecoverySpecification"):
            ddb.update_continuous_backups(
                TableName=name,
                PointInTimeRecoverySpecification={
                    "PointInTimeRecoveryEnabled": as_bool(pitr.get("PointInTimeRecoveryEnabled", False))
                },
            )

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ddb = ctx.client("dynamodb")
        args: dict[str, Any] = {}
        billing = props.get("BillingMode", "PROVISIONED")
        if billing != old.get("BillingMode", "PROVISIONED"):
            args["BillingMode"] = billing
        if (
            billing == "PROVISIONED"
            and props.get("ProvisionedThroughput") != old.get("ProvisionedThroughput")
            and props.get("ProvisionedThroughput")
        ):
            args["ProvisionedThroughput"] = _throughput(props["ProvisionedThroughput"])
        if _stream(props.get("StreamSpecification")) != _stream(old.get("StreamSpecification")):
            args["StreamSpecification"] = _stream(props.get("StreamSpecification")) or {
                "StreamEnabled": False
            }
        old_indexes = {i["IndexName"]: i for i in old.get("GlobalSecondaryIndexes") or []}
        new_indexes = {i["IndexName"]: i for i in props.get("GlobalSecondaryIndexes") or []}
        updates = [{"Delete": {"IndexName": n}} for n in old_indexes if n not in new_indexes]
        updates += [{"Create": _index(i)} for n, i in new_indexes.items() if n not in old_indexes]
        if updates:
            args["GlobalSecondaryIndexUpdates"] = updates
            args["AttributeDefinitions"] = props.get("AttributeDefinitions") or []
        if props.get("DeletionProtectionEnabled") != old.get("DeletionProtectionEnabled"):
            args["DeletionProtectionEnabled"] = as_bool(props.get("DeletionProtectionEnabled", False))
        if args:
            ddb.update_table(TableName=physical_id, **args)
        table = _wait_active(ctx, physical_id)
        self._extras(ctx, physical_id, props, old)
        tags = tags_list(ctx, props)
        if tags:
            ddb.tag_resource(ResourceArn=table["TableArn"], Tags=tags)
        return Created(physical_id, self._attributes(table))

    delete = delete_call("dynamodb", "delete_table", "TableName", "ResourceNotFoundException")


class GlobalTable(Table):
    type_name = "AWS::DynamoDB::GlobalTable"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        replica = next((r for r in props.get("Replicas") or [] if r.get("Region") == ctx.region), {})
        table_props = dict(props)
        if replica.get("Tags"):
            table_props["Tags"] = replica["Tags"]
        if props.get("WriteProvisionedThroughputSettings") and props.get("BillingMode") == "PROVISIONED":
            table_props["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        return super().create(ctx, table_props)


PROVIDERS = [Table, GlobalTable]
