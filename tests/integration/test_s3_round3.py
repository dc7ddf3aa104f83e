"""S3 answers checked in a third fidelity round: InvalidPart's fields, Intelligent-Tiering days, inventory
configuration checks and notification destinations, each with AWS's code, message and fields."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("round3")
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _error(call, **kwargs) -> tuple[int, dict]:
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"], excinfo.value.response["Error"]


def test_invalid_part_names_the_part_and_upload(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    try:
        etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"x")["ETag"]
        parts = [
            {"PartNumber": 1, "ETag": etag},
            {"PartNumber": 2, "ETag": '"d41d8cd98f00b204e9800998ecf8427e"'},
        ]
        status, error = _error(
            s3.complete_multipart_upload,
            Bucket=bucket,
            Key="mp",
            UploadId=upload,
            MultipartUpload={"Parts": parts},
        )
        assert status == 400
        assert error["Code"] == "InvalidPart"
        assert error["Message"] == (
            "One or more of the specified parts could not be found.  The part may not have been uploaded, "
            "or the specified entity tag may not match the part's entity tag."
        )
        assert (error["UploadId"], error["PartNumber"], error["ETag"]) == (
            upload,
            "2",
            "d41d8cd98f00b204e9800998ecf8427e",
        )
    finally:
        s3.abort_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload)


@pytest.mark.parametrize(
    ("tier", "days", "message"),
    [
        ("ARCHIVE_ACCESS", 89, "Days specified in ARCHIVE_ACCESS tier should not be less than 90."),
        (
            "DEEP_ARCHIVE_ACCESS",
            179,
            "Days specified in DEEP_ARCHIVE_ACCESS tier should not be less than 180.",
        ),
        ("ARCHIVE_ACCESS", 731, "Days specified in ARCHIVE_ACCESS tier should not be more than 730."),
    ],
)
def test_intelligent_tiering_days_outside_the_tier_range(s3, bucket, tier, days, message):
    status, error = _error(
        s3.put_bucket_intelligent_tiering_configuration,
        Bucket=bucket,
        Id="tiers",
        IntelligentTieringConfiguration={
            "Id": "tiers",
            "Status": "Enabled",
            "Tierings": [{"Days": days, "AccessTier": tier}],
        },
    )
    assert (status, error["Code"], error["Message"]) == (400, "InvalidArgument", message)
    assert "IntelligentTieringConfigurationList" not in s3.list_bucket_intelligent_tiering_configurations(
        Bucket=bucket
    )


def _inventory(bucket: str, **changes) -> dict:
    configuration = {
        "Id": "inv",
        "IsEnabled": True,
        "Destination": {"S3BucketDestination": {"Bucket": f"arn:aws:s3:::{bucket}", "Format": "CSV"}},
        "IncludedObjectVersions": "All",
        "Schedule": {"Frequency": "Daily"},
    }
    configuration.update(changes)
    return configuration


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"Id": "other"}, "IdMismatch", "Document ID does not match the specified configuration ID."),
        (
            {"Destination": {"S3BucketDestination": {"Bucket": "not-an-arn", "Format": "CSV"}}},
            "InvalidS3DestinationBucket",
            "Invalid bucket ARN.",
        ),
        (
            {
                "Destination": {
                    "S3BucketDestination": {"Bucket": "arn:aws:s3::123456789012:b", "Format": "CSV"}
                }
            },
            "InvalidS3DestinationBucket",
            "Bucket ARN should not specify a namespace.",
        ),
        ({"Schedule": {"Frequency": "Hourly"}}, "MalformedXML", None),
        ({"IncludedObjectVersions": "Some"}, "MalformedXML", None),
        ({"OptionalFields": ["Size", "Colour"]}, "MalformedXML", None),
    ],
)
def test_inventory_configuration_checks(s3, bucket, changes, code, message):
    status, error = _error(
        s3.put_bucket_inventory_configuration,
        Bucket=bucket,
        Id="inv",
        InventoryConfiguration=_inventory(bucket, **changes),
    )
    assert (status, error["Code"]) == (400, code)
    if message:
        assert error["Message"] == message
    s3.put_bucket_inventory_configuration(Bucket=bucket, Id="inv", InventoryConfiguration=_inventory(bucket))
    s3.delete_bucket_inventory_configuration(Bucket=bucket, Id="inv")


def test_inventory_to_a_bucket_that_does_not_exist_is_stored(s3, bucket, unique_name):
    # S3 cannot tell another account's bucket from a missing one when the configuration is put: it finds
    # out when it delivers a report.
    destination = {
        "S3BucketDestination": {
            "Bucket": f"arn:aws:s3:::{unique_name('nowhere')}",
            "AccountId": "111122223333",
            "Format": "CSV",
        }
    }
    configuration = _inventory(bucket, Destination=destination)
    s3.put_bucket_inventory_configuration(Bucket=bucket, Id="inv", InventoryConfiguration=configuration)
    got = s3.get_bucket_inventory_configuration(Bucket=bucket, Id="inv")["InventoryConfiguration"]
    assert got["Destination"] == destination
    s3.delete_bucket_inventory_configuration(Bucket=bucket, Id="inv")


def _queue_configuration(arn: str) -> dict:
    return {"QueueConfigurations": [{"Id": "q", "QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]}


UNABLE = "Unable to validate the following destination configurations"


def test_notification_to_a_missing_queue_names_it(s3, bucket):
    arn = "arn:aws:sqs:us-east-1:000000000000:no-such-queue-round3"
    status, error = _error(
        s3.put_bucket_notification_configuration,
        Bucket=bucket,
        NotificationConfiguration=_queue_configuration(arn),
    )
    assert (status, error["Code"], error["Message"]) == (400, "InvalidArgument", UNABLE)
    assert (error["ArgumentName1"], error["ArgumentValue1"]) == (arn, "The destination queue does not exist")


def test_notification_to_a_queue_whose_policy_does_not_allow_s3(s3, aws_client, bucket, unique_name):
    from tests.integration.s3_notification_support import allow_s3

    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("nopolicy"))["QueueUrl"]
    try:
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        status, error = _error(
            s3.put_bucket_notification_configuration,
            Bucket=bucket,
            NotificationConfiguration=_queue_configuration(arn),
        )
        assert (status, error["Code"], error["Message"]) == (400, "InvalidArgument", UNABLE)
        assert error["ArgumentName1"] == arn
        assert error["ArgumentValue1"] == (
            "Permissions on the destination queue do not allow S3 to publish notifications from this bucket"
        )
        assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)
        # Skipping validation stores it as sent.
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration=_queue_configuration(arn), SkipDestinationValidation=True
        )
        # A policy for S3 pinned to another bucket does not allow this one; one for this bucket does.
        allow_s3(sqs, url)
        policy = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"]
        other = policy.replace(
            '"Resource"', '"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::other"}}, "Resource"'
        )
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": other})
        status, error = _error(
            s3.put_bucket_notification_configuration,
            Bucket=bucket,
            NotificationConfiguration=_queue_configuration(arn),
        )
        assert error["ArgumentName1"] == arn
        mine = other.replace("arn:aws:s3:::other", f"arn:aws:s3:::{bucket}")
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": mine})
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration=_queue_configuration(arn)
        )
    finally:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
        sqs.delete_queue(QueueUrl=url)


def test_notification_to_a_topic_with_its_default_policy_is_refused(s3, aws_client, bucket, unique_name):
    sns = aws_client("sns")
    topic = sns.create_topic(Name=unique_name("topic"))["TopicArn"]
    try:
        configuration = {"TopicConfigurations": [{"TopicArn": topic, "Events": ["s3:ObjectRemoved:*"]}]}
        status, error = _error(
            s3.put_bucket_notification_configuration, Bucket=bucket, NotificationConfiguration=configuration
        )
        assert (status, error["Code"], error["Message"]) == (400, "InvalidArgument", UNABLE)
        assert error["ArgumentName1"] == topic
        assert error["ArgumentValue1"] == (
            "Permissions on the destination topic do not allow S3 to publish notifications from this bucket"
        )
    finally:
        sns.delete_topic(TopicArn=topic)


def test_object_lock_configuration_on_an_unversioned_bucket_is_a_conflict(s3, bucket):
    status, error = _error(
        s3.put_object_lock_configuration,
        Bucket=bucket,
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}},
        },
    )
    assert (status, error["Code"]) == (409, "InvalidBucketState")
    assert (
        error["Message"] == "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration"
    )


def _form_post(server, bucket: str, document: dict) -> tuple[int, str]:
    import base64
    import json

    import requests

    policy = base64.b64encode(json.dumps(document).encode()).decode()
    files = [
        ("key", (None, "foo.txt")),
        ("AWSAccessKeyId", (None, "test")),
        ("policy", (None, policy)),
        ("signature", (None, "ignored-for-the-test-key")),
        ("file", ("foo.txt", b"bar")),
    ]
    response = requests.post(f"{server.edge_url}/{bucket}", files=files)
    return response.status_code, response.text


def _in_a_day() -> str:
    import datetime

    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize(
    "expiration", ["2030-01-01 00:00:00.123456+00:00", "2030-01-01T00:00:00", "2030-01-01"]
)
def test_form_post_expiration_outside_iso8601_gmt_is_invalid(server, bucket, expiration):
    status, body = _form_post(server, bucket, {"expiration": expiration, "conditions": [{"bucket": bucket}]})
    assert status == 400
    assert "<Code>InvalidPolicyDocument</Code>" in body
    assert f"Invalid Policy: Invalid 'expiration' value: '{expiration}'" in body


@pytest.mark.parametrize("source", ["justbucket", "justbucket/"])
def test_copy_source_without_a_key_is_invalid(s3, bucket, source):
    status, error = _error(s3.copy_object, Bucket=bucket, Key="to", CopySource=source)
    assert (status, error["Code"], error["Message"]) == (
        400,
        "InvalidArgument",
        "Invalid copy source object key",
    )
    assert (error["ArgumentName"], error["ArgumentValue"]) == ("x-amz-copy-source", "x-amz-copy-source")


@pytest.mark.parametrize(
    ("subresource", "document"),
    [
        ("tagging", b"<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging>"),
        ("cors", b"<CORSConfiguration/>"),
    ],
)
def test_configuration_missing_a_required_member_is_malformed_xml(server, bucket, subresource, document):
    import hashlib

    import requests
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method="PUT", url=f"{server.edge_url}/{bucket}?{subresource}", data=document)
    request.headers["x-amz-content-sha256"] = hashlib.sha256(document).hexdigest()
    S3SigV4Auth(Credentials("test", "test"), "s3", "us-east-1").add_auth(request)
    prepared = request.prepare()
    response = requests.put(prepared.url, headers=dict(prepared.headers), data=document)
    assert response.status_code == 400
    assert "<Code>MalformedXML</Code>" in response.text


def _signed_put(server, path: str, document: bytes, headers: dict | None = None, method: str = "PUT"):
    import hashlib

    import requests
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method=method, url=f"{server.edge_url}{path}", data=document, headers=headers or {})
    request.headers["x-amz-content-sha256"] = hashlib.sha256(document).hexdigest()
    S3SigV4Auth(Credentials("test", "test"), "s3", "us-east-1").add_auth(request)
    prepared = request.prepare()
    return requests.request(method, prepared.url, headers=dict(prepared.headers), data=document)


def test_public_access_block_setting_that_is_not_a_boolean_is_malformed(server, s3, bucket):
    document = (
        b"<PublicAccessBlockConfiguration><BlockPublicAcls>maybe</BlockPublicAcls>"
        b"</PublicAccessBlockConfiguration>"
    )
    response = _signed_put(server, f"/{bucket}?publicAccessBlock", document)
    assert (response.status_code, "<Code>MalformedXML</Code>" in response.text) == (400, True)
    # The bucket keeps its default block.
    assert (
        s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["BlockPublicAcls"] is True
    )


def test_multipart_upload_with_an_unknown_checksum_algorithm_is_refused(s3, bucket):
    status, error = _error(s3.create_multipart_upload, Bucket=bucket, Key="k", ChecksumAlgorithm="MD5")
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert error["Message"] == (
        "Checksum algorithm provided is unsupported. Please try again with any of the valid types: "
        "[CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"
    )
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def test_object_attributes_must_be_known_names(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    try:
        status, error = _error(
            s3.get_object_attributes, Bucket=bucket, Key="k", ObjectAttributes=["ETag", "Colour"]
        )
        assert (status, error["Code"], error["Message"]) == (
            400,
            "InvalidArgument",
            "Invalid attribute name specified.",
        )
        assert (error["ArgumentName"], error["ArgumentValue"]) == ("x-amz-object-attributes", "Colour")
        response = _signed_put(server, f"/{bucket}/k?attributes", b"", method="GET")
        assert response.status_code == 400
        assert "<Message>Invalid attribute name specified.</Message>" in response.text
        attributes = s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["ObjectSize"])
        assert attributes["ObjectSize"] == 1
    finally:
        s3.delete_object(Bucket=bucket, Key="k")
