"""Kinesis resources: Stream; and Kinesis Data Firehose's DeliveryStream."""

from __future__ import annotations

import time
from typing import Any

from localstack.services.cloudformation.providers.base import Created, ProviderContext, ResourceProvider
from localstack.services.cloudformation.providers.conversions import tags_dict, tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call


class Stream(ResourceProvider):
    type_name = "AWS::Kinesis::Stream"
    create_only = frozenset(("Name",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        kinesis = ctx.client("kinesis")
        name = props.get("Name") or ctx.physical_name(128)
        args: dict[str, Any] = {"StreamName": name}
        mode = (props.get("StreamModeDetails") or {}).get("StreamMode")
        if mode == "ON_DEMAND":
            args["StreamModeDetails"] = {"StreamMode": "ON_DEMAND"}
        else:
            args["ShardCount"] = int(props.get("ShardCount", 1))
        kinesis.create_stream(**args)
        deadline = time.monotonic() + 30
        while True:
            description = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
            if description["StreamStatus"] == "ACTIVE" or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if props.get("RetentionPeriodHours") and int(props["RetentionPeriodHours"]) > 24:
            kinesis.increase_stream_retention_period(
                StreamName=name, RetentionPeriodHours=int(props["RetentionPeriodHours"])
            )
        tags = tags_dict(ctx, props)
        if tags:
            kinesis.add_tags_to_stream(StreamName=name, Tags=tags)
        return Created(name, {"Arn": description["StreamARN"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        kinesis = ctx.client("kinesis")
        if props.get("ShardCount") and props.get("ShardCount") != old.get("ShardCount"):
            kinesis.update_shard_count(
                StreamName=physical_id,
                TargetShardCount=int(props["ShardCount"]),
                ScalingType="UNIFORM_SCALING",
            )
        return Created(physical_id, attributes)

    delete = delete_call("kinesis", "delete_stream", "StreamName", fixed={"EnforceConsumerDeletion": True})


_DESTINATIONS = (
    "S3DestinationConfiguration",
    "ExtendedS3DestinationConfiguration",
    "RedshiftDestinationConfiguration",
    "ElasticsearchDestinationConfiguration",
    "AmazonopensearchserviceDestinationConfiguration",
    "SplunkDestinationConfiguration",
    "HttpEndpointDestinationConfiguration",
)


class DeliveryStream(ResourceProvider):
    type_name = "AWS::KinesisFirehose::DeliveryStream"
    create_only = frozenset(("DeliveryStreamName", "DeliveryStreamType", "KinesisStreamSourceConfiguration"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("DeliveryStreamName") or ctx.physical_name(64)
        args: dict[str, Any] = {
            "DeliveryStreamName": name,
            "DeliveryStreamType": props.get("DeliveryStreamType", "DirectPut"),
        }
        for key in (*_DESTINATIONS, "KinesisStreamSourceConfiguration"):
            if props.get(key):
                target = (
                    "AmazonopensearchserviceDestinationConfiguration"
                    if key == "AmazonopensearchserviceDestinationConfiguration"
                    else key
                )
                args[target] = props[key]
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        arn = ctx.client("firehose").create_delivery_stream(**args)["DeliveryStreamARN"]
        return Created(name, {"Arn": arn})

    delete = delete_call("firehose", "delete_delivery_stream", "DeliveryStreamName")


PROVIDERS = [Stream, DeliveryStream]
