"""Object redirect locations and lifecycle rules S3 refuses, with AWS's code and message."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("rules")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _refused(call, **kwargs) -> tuple[int, dict]:
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"], excinfo.value.response["Error"]


REDIRECT_MESSAGE = "The website redirect location must have a prefix of 'http://' or 'https://' or '/'."


@pytest.mark.parametrize("location", ["example.com/page", "ftp://example.com", "page.html"])
def test_redirect_location_without_an_allowed_prefix(s3, bucket, location):
    status, error = _refused(
        s3.put_object, Bucket=bucket, Key="k", Body=b"x", WebsiteRedirectLocation=location
    )
    assert (status, error["Code"], error["Message"]) == (400, "InvalidRedirectLocation", REDIRECT_MESSAGE)
    status, error = _refused(
        s3.create_multipart_upload, Bucket=bucket, Key="k", WebsiteRedirectLocation=location
    )
    assert (status, error["Code"]) == (400, "InvalidRedirectLocation")
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    status, error = _refused(
        s3.copy_object,
        Bucket=bucket,
        Key="k",
        CopySource={"Bucket": bucket, "Key": "src"},
        WebsiteRedirectLocation=location,
    )
    assert (status, error["Code"]) == (400, "InvalidRedirectLocation")
    assert [item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])] == ["src"]


@pytest.mark.parametrize("location", ["/other.html", "http://example.com/a", "https://example.com/b"])
def test_redirect_location_with_an_allowed_prefix(s3, bucket, location):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", WebsiteRedirectLocation=location)
    assert s3.head_object(Bucket=bucket, Key="k")["WebsiteRedirectLocation"] == location


def test_lifecycle_rule_without_an_action(s3, bucket):
    rules = {"Rules": [{"ID": "no-action", "Filter": {"Prefix": "logs/"}, "Status": "Enabled"}]}
    status, error = _refused(
        s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration=rules
    )
    assert (status, error["Code"], error["Message"]) == (
        400,
        "InvalidRequest",
        "At least one action needs to be specified in a rule",
    )
    with pytest.raises(ClientError) as excinfo:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert excinfo.value.response["Error"]["Code"] == "NoSuchLifecycleConfiguration"


def test_lifecycle_rule_with_one_action_among_others(s3, bucket):
    rules = {
        "Rules": [
            {"ID": "expire", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled", "Expiration": {"Days": 1}},
            {
                "ID": "abort",
                "Filter": {"Prefix": ""},
                "Status": "Enabled",
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 2},
            },
        ]
    }
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=rules)
    ids = [rule["ID"] for rule in s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]]
    assert ids == ["expire", "abort"]
    rules["Rules"].append({"ID": "empty", "Filter": {"Prefix": "x/"}, "Status": "Disabled"})
    status, error = _refused(
        s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration=rules
    )
    assert (status, error["Code"]) == (400, "InvalidRequest")
