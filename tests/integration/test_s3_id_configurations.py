"""A bucket's configurations by id (analytics, metrics, inventory, Intelligent-Tiering): stored, read,
listed and deleted as S3 does, NoSuchConfiguration for an unknown id, and a DELETE of one never removes
the bucket."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("idcfg")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _configurations(bucket: str) -> dict:
    return {
        "analytics": {"Id": "a1", "StorageClassAnalysis": {}},
        "metrics": {"Id": "m1", "Filter": {"Prefix": "logs/"}},
        "inventory": {
            "Id": "v1",
            "IsEnabled": True,
            "Destination": {"S3BucketDestination": {"Bucket": f"arn:aws:s3:::{bucket}", "Format": "CSV"}},
            "IncludedObjectVersions": "All",
            "Schedule": {"Frequency": "Daily"},
        },
        "intelligent_tiering": {
            "Id": "i1",
            "Status": "Enabled",
            "Tierings": [{"Days": 90, "AccessTier": "ARCHIVE_ACCESS"}],
        },
    }


_SHAPES = {
    "analytics": "AnalyticsConfiguration",
    "metrics": "MetricsConfiguration",
    "inventory": "InventoryConfiguration",
    "intelligent_tiering": "IntelligentTieringConfiguration",
}


@pytest.mark.parametrize("kind", sorted(_SHAPES))
def test_configuration_round_trip(s3, bucket, kind):
    shape = _SHAPES[kind]
    configuration = _configurations(bucket)[kind]
    config_id = configuration["Id"]
    getattr(s3, f"put_bucket_{kind}_configuration")(Bucket=bucket, Id=config_id, **{shape: configuration})
    got = getattr(s3, f"get_bucket_{kind}_configuration")(Bucket=bucket, Id=config_id)[shape]
    assert got == configuration
    listed = getattr(s3, f"list_bucket_{kind}_configurations")(Bucket=bucket)
    assert listed["IsTruncated"] is False
    assert listed[f"{shape}List"] == [configuration]
    getattr(s3, f"delete_bucket_{kind}_configuration")(Bucket=bucket, Id=config_id)
    assert f"{shape}List" not in getattr(s3, f"list_bucket_{kind}_configurations")(Bucket=bucket)
    # The bucket itself is still there (moto took this DELETE for DeleteBucket).
    s3.head_bucket(Bucket=bucket)


@pytest.mark.parametrize("kind", sorted(_SHAPES))
def test_unknown_id_is_no_such_configuration(s3, bucket, kind):
    for verb in ("get", "delete"):
        with pytest.raises(ClientError) as excinfo:
            getattr(s3, f"{verb}_bucket_{kind}_configuration")(Bucket=bucket, Id="missing")
        error = excinfo.value.response
        assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
        assert error["Error"]["Code"] == "NoSuchConfiguration"
        assert error["Error"]["Message"] == "The specified configuration does not exist."
    s3.head_bucket(Bucket=bucket)


def test_unserved_sub_resource_delete_keeps_the_bucket(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.delete_bucket_metadata_table_configuration(Bucket=bucket)
    assert excinfo.value.response["Error"]["Code"] == "NotImplemented"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    s3.head_bucket(Bucket=bucket)


def test_s3_metadata_tables_are_refused_as_not_implemented(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.get_bucket_metadata_table_configuration(Bucket=bucket)
    assert excinfo.value.response["Error"]["Code"] == "NotImplemented"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


def test_request_payment_defaults_to_bucket_owner_and_is_stored(s3, bucket):
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"
    s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Requester"})
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "Requester"


def test_request_payment_outside_its_values_is_malformed(s3, bucket):
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_request_payment(Bucket=bucket, RequestPaymentConfiguration={"Payer": "Someone"})
    assert excinfo.value.response["Error"]["Code"] == "MalformedXML"
    assert s3.get_bucket_request_payment(Bucket=bucket)["Payer"] == "BucketOwner"


def test_rename_object_is_refused_without_writing_the_new_key(s3, bucket, cleanup):
    s3.put_object(Bucket=bucket, Key="old", Body=b"data")
    with pytest.raises(ClientError) as excinfo:
        s3.rename_object(Bucket=bucket, Key="new", RenameSource=f"{bucket}/old")
    assert excinfo.value.response["Error"]["Code"] == "NotImplemented"
    assert [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["old"]


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("put_bucket_request_payment", {"RequestPaymentConfiguration": {"Payer": "Requester"}}),
        ("put_bucket_metrics_configuration", {"Id": "m", "MetricsConfiguration": {"Id": "m"}}),
        ("get_bucket_analytics_configuration", {"Id": "a"}),
    ],
)
def test_sub_resource_of_a_missing_bucket_is_no_such_bucket(s3, unique_name, call, kwargs):
    name = unique_name("missing")
    with pytest.raises(ClientError) as excinfo:
        getattr(s3, call)(Bucket=name, **kwargs)
    assert excinfo.value.response["Error"]["Code"] == "NoSuchBucket"
    assert excinfo.value.response["Error"]["BucketName"] == name
    # moto took the PUT for a CreateBucket: the bucket must not exist after it.
    with pytest.raises(ClientError) as excinfo:
        s3.head_bucket(Bucket=name)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_metrics_configurations_page_by_100_and_stop_at_1000(s3, bucket, server):
    import datetime

    import requests

    # 1,000 PUTs through botocore take long; the test key accepts any signature, so they go as plain HTTP.
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers = {
        "Authorization": f"AWS4-HMAC-SHA256 Credential=test/{now[:8]}/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0",
        "x-amz-date": now,
        "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
    }
    with requests.Session() as session:
        for number in range(1000):
            config_id = f"m{number:04d}"
            body = f"<MetricsConfiguration xmlns='{XMLNS}'><Id>{config_id}</Id></MetricsConfiguration>"
            url = f"{server.endpoint_url}/{bucket}?metrics&id={config_id}"
            answer = session.put(url, data=body, headers=headers)
            assert answer.status_code == 200, answer.text
    first = s3.list_bucket_metrics_configurations(Bucket=bucket)
    assert first["IsTruncated"] is True and len(first["MetricsConfigurationList"]) == 100
    second = s3.list_bucket_metrics_configurations(
        Bucket=bucket, ContinuationToken=first["NextContinuationToken"]
    )
    assert second["ContinuationToken"] == first["NextContinuationToken"]
    assert second["MetricsConfigurationList"][0]["Id"] == "m0100"
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_metrics_configuration(
            Bucket=bucket, Id="one-more", MetricsConfiguration={"Id": "one-more"}
        )
    assert excinfo.value.response["Error"]["Code"] == "TooManyConfigurations"
    # Replacing one that exists is no new configuration.
    s3.put_bucket_metrics_configuration(
        Bucket=bucket, Id="m0000", MetricsConfiguration={"Id": "m0000", "Filter": {"Prefix": "p/"}}
    )
