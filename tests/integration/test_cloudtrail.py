"""CloudTrail's refusals of trails that do not exist, where moto answered 200."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def test_deleting_an_unknown_trail_is_trail_not_found(aws_client, unique_name):
    cloudtrail = aws_client("cloudtrail")
    sts = aws_client("sts")
    account = sts.get_caller_identity()["Account"]
    region = cloudtrail.meta.region_name
    name = unique_name("trail")
    with pytest.raises(ClientError) as error:
        cloudtrail.delete_trail(Name=name)
    arn = f"arn:aws:cloudtrail:{region}:{account}:trail/{name}"
    assert error.value.response["Error"]["Code"] == "TrailNotFoundException"
    assert error.value.response["Error"]["Message"] == f"Unknown trail: {arn} for the user: {account}"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_trail_is_deleted_by_name_or_arn_once(aws_client, unique_name):
    cloudtrail = aws_client("cloudtrail")
    bucket = unique_name("trail-bucket")
    aws_client("s3").create_bucket(Bucket=bucket)
    first = cloudtrail.create_trail(Name=unique_name("trail"), S3BucketName=bucket)
    second = cloudtrail.create_trail(Name=unique_name("trail"), S3BucketName=bucket)
    cloudtrail.delete_trail(Name=first["Name"])
    cloudtrail.delete_trail(Name=second["TrailARN"])
    names = {trail["Name"] for trail in cloudtrail.describe_trails()["trailList"]}
    assert not names & {first["Name"], second["Name"]}
    with pytest.raises(ClientError) as error:
        cloudtrail.delete_trail(Name=second["TrailARN"])
    assert error.value.response["Error"]["Message"].startswith(f"Unknown trail: {second['TrailARN']} for")
