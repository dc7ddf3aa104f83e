"""S3 answers checked in a second fidelity round, each against AWS's documented or recorded answer:
lifecycle rule validation, object tagging of versions, copy and read edge cases."""

from __future__ import annotations

import datetime

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import allow_public_reads, remove_bucket

MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("round")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _refused(call, **kwargs) -> tuple[int, dict]:
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"], excinfo.value.response["Error"]


def _lifecycle(s3, bucket, *rules):
    return _refused(
        s3.put_bucket_lifecycle_configuration, Bucket=bucket, LifecycleConfiguration={"Rules": rules}
    )


def _rule(rule_id="r", **fields):
    return {"ID": rule_id, "Status": "Enabled", "Filter": {"Prefix": ""}, **fields}


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"Expiration": {"Days": 0}}, "'Days' for Expiration action must be a positive integer"),
        (
            {"NoncurrentVersionExpiration": {"NoncurrentDays": 0}},
            "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer",
        ),
        (
            {"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 0}},
            "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
        ),
        (
            {"Expiration": {"Date": datetime.datetime(2030, 1, 1, 5, tzinfo=datetime.timezone.utc)}},
            "'Date' must be at midnight GMT",
        ),
    ],
)
def test_lifecycle_days_and_dates_refused(s3, bucket, action, message):
    status, error = _lifecycle(s3, bucket, _rule(**action))
    assert (status, error["Code"], error["Message"]) == (400, "InvalidArgument", message)


def test_lifecycle_rule_ids_refused(s3, bucket):
    expire = {"Expiration": {"Days": 1}}
    status, error = _lifecycle(s3, bucket, _rule("x" * 256, **expire))
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert error["Message"] == "ID length should not exceed allowed limit of 255"
    status, error = _lifecycle(s3, bucket, _rule("same", **expire), _rule("same", **expire))
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert error["Message"] == "Rule ID must be unique. Found same ID for more than one rule"


def test_lifecycle_schema_violations_are_malformed_xml(s3, bucket):
    status, error = _lifecycle(s3, bucket, {**_rule(Expiration={"Days": 1}), "Status": "On"})
    assert (status, error["Code"], error["Message"]) == (400, "MalformedXML", MALFORMED_XML)
    both = {"Days": 1, "Date": datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)}
    status, error = _lifecycle(s3, bucket, _rule(Expiration=both))
    assert (status, error["Code"]) == (400, "MalformedXML")


def test_lifecycle_tag_filter_with_upload_or_marker_actions_refused(s3, bucket):
    tagged = {"ID": "t", "Status": "Enabled", "Filter": {"Tag": {"Key": "k", "Value": "v"}}}
    status, error = _lifecycle(
        s3, bucket, {**tagged, "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}
    )
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert error["Message"] == "AbortIncompleteMultipartUpload cannot be specified with Tags."
    status, error = _lifecycle(s3, bucket, {**tagged, "Expiration": {"ExpiredObjectDeleteMarker": True}})
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert error["Message"] == "ExpiredObjectDeleteMarker cannot be specified with Tags."
    # a tag filter with an object expiration is valid, and is stored
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket, LifecycleConfiguration={"Rules": [{**tagged, "Expiration": {"Days": 3}}]}
    )
    rules = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert rules[0]["Expiration"] == {"Days": 3}


def test_object_tagging_answers_the_version_it_changed(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=bucket, Key="v", Body=b"1", Tagging="x=1")["VersionId"]
    latest = s3.put_object(Bucket=bucket, Key="v", Body=b"2", Tagging="x=2")["VersionId"]
    tags = {"TagSet": [{"Key": "y", "Value": "1"}]}
    assert s3.put_object_tagging(Bucket=bucket, Key="v", VersionId=first, Tagging=tags)["VersionId"] == first
    assert s3.put_object_tagging(Bucket=bucket, Key="v", Tagging=tags)["VersionId"] == latest
    assert s3.get_object_tagging(Bucket=bucket, Key="v", VersionId=first)["TagSet"] == tags["TagSet"]
    assert s3.delete_object_tagging(Bucket=bucket, Key="v", VersionId=first)["VersionId"] == first
    answer = s3.get_object_tagging(Bucket=bucket, Key="v", VersionId=first)
    assert (answer["VersionId"], answer["TagSet"]) == (first, [])


def _website(s3, bucket, config):
    return _refused(s3.put_bucket_website, Bucket=bucket, WebsiteConfiguration=config)


def test_website_redirect_all_requests_stands_alone(s3, bucket):
    redirect_all = {"RedirectAllRequestsTo": {"HostName": "example.com"}}
    status, error = _website(s3, bucket, {**redirect_all, "IndexDocument": {"Suffix": "index.html"}})
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert (
        error["Message"]
        == "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules."
    )
    assert (error["ArgumentName"], error["ArgumentValue"]) == ("RedirectAllRequestsTo", "not null")
    status, error = _website(
        s3, bucket, {"RedirectAllRequestsTo": {"HostName": "example.com", "Protocol": "ftp"}}
    )
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert error["Message"].startswith("Invalid protocol, protocol can be http or https.")
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration=redirect_all)
    assert s3.get_bucket_website(Bucket=bucket)["RedirectAllRequestsTo"] == {"HostName": "example.com"}


def test_website_routing_rules_refused(s3, bucket):
    index = {"IndexDocument": {"Suffix": "index.html"}}
    both = {"Redirect": {"ReplaceKeyWith": "a", "ReplaceKeyPrefixWith": "b"}}
    status, error = _website(s3, bucket, {**index, "RoutingRules": [both]})
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert error["Message"] == "You can only define ReplaceKeyPrefix or ReplaceKey but not both."
    empty_condition = {"Condition": {}, "Redirect": {"HostName": "example.com"}}
    status, error = _website(s3, bucket, {**index, "RoutingRules": [empty_condition]})
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert error["Message"].startswith("Condition cannot be empty.")
    status, error = _website(s3, bucket, {**index, "RoutingRules": [{"Redirect": {"Protocol": "ftp"}}]})
    assert (status, error["Code"]) == (400, "InvalidRequest")


def test_logging_target_must_exist_in_the_same_region(s3, aws_client, bucket, unique_name, cleanup):
    missing = unique_name("nolog")
    status, error = _refused(
        s3.put_bucket_logging,
        Bucket=bucket,
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": missing, "TargetPrefix": "logs/"}},
    )
    assert (status, error["Code"]) == (400, "InvalidTargetBucketForLogging")
    assert (error["Message"], error["TargetBucket"]) == (
        "The target bucket for logging does not exist",
        missing,
    )
    elsewhere = unique_name("eulog")
    aws_client("s3", region="eu-west-1").create_bucket(
        Bucket=elsewhere, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    cleanup.append(lambda: remove_bucket(s3, elsewhere))
    status, error = _refused(
        s3.put_bucket_logging,
        Bucket=bucket,
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": elsewhere, "TargetPrefix": "logs/"}},
    )
    assert (status, error["Code"]) == (403, "CrossLocationLoggingProhibitted")
    assert error["Message"].startswith("Cross S3 location logging not allowed.")
    assert error["TargetBucketLocation"] == "eu-west-1"


def test_notification_with_an_unknown_event_refused(s3, bucket):
    status, error = _refused(
        s3.put_bucket_notification_configuration,
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": "arn:aws:sqs:us-east-1:000000000000:absent",
                    "Events": ["s3:ObjectCreated:Bogus"],
                }
            ]
        },
    )
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert error["Message"] == "The event is not supported for notifications"


def test_an_empty_tag_set_clears_object_tags(s3, bucket):
    s3.put_object(Bucket=bucket, Key="tagged", Body=b"x", Tagging="a=1&b=2")
    s3.put_object_tagging(Bucket=bucket, Key="tagged", Tagging={"TagSet": []})
    assert s3.get_object_tagging(Bucket=bucket, Key="tagged")["TagSet"] == []
    assert "TagCount" not in s3.head_object(Bucket=bucket, Key="tagged")


def _site(server, bucket, path, method="GET"):
    import requests

    host = f"{bucket}.s3-website.us-east-1.amazonaws.com"
    return requests.request(
        method, f"{server.endpoint_url}{path}", headers={"Host": host}, allow_redirects=False
    )


def test_website_endpoint_serves_public_objects_under_the_configuration(s3, server, bucket):

    s3.put_object(Bucket=bucket, Key="index.html", Body=b"<h1>home</h1>", ContentType="text/html")
    s3.put_object(Bucket=bucket, Key="guide/index.html", Body=b"<h1>guide</h1>", ContentType="text/html")
    s3.put_object(Bucket=bucket, Key="error.html", Body=b"<h1>oops</h1>", ContentType="text/html")
    missing = _site(server, bucket, "/")
    assert missing.status_code == 404 and "<li>Code: NoSuchWebsiteConfiguration</li>" in missing.text
    rules = [{"Condition": {"KeyPrefixEquals": "docs/"}, "Redirect": {"ReplaceKeyPrefixWith": "guide/"}}]
    s3.put_bucket_website(
        Bucket=bucket,
        WebsiteConfiguration={
            "IndexDocument": {"Suffix": "index.html"},
            "ErrorDocument": {"Key": "error.html"},
            "RoutingRules": rules,
        },
    )
    private = _site(server, bucket, "/")
    assert private.status_code == 403 and "<li>Code: AccessDenied</li>" in private.text
    assert private.headers["x-amz-error-code"] == "AccessDenied"
    head = _site(server, bucket, "/absent.html", "HEAD")
    assert (head.status_code, head.headers["x-amz-error-code"]) == (403, "AccessDenied")
    allow_public_reads(s3, bucket)
    home = _site(server, bucket, "/")
    assert (home.status_code, home.content, home.headers["Content-Type"]) == (
        200,
        b"<h1>home</h1>",
        "text/html",
    )
    folder = _site(server, bucket, "/guide")
    assert (folder.status_code, folder.headers["Location"]) == (302, "/guide/")
    assert _site(server, bucket, "/guide/").content == b"<h1>guide</h1>"
    moved = _site(server, bucket, "/docs/a.html")
    assert moved.status_code == 301
    assert moved.headers["Location"] == f"http://{bucket}.s3-website.us-east-1.amazonaws.com/guide/a.html"
    absent = _site(server, bucket, "/nothing.html")
    assert (absent.status_code, absent.content) == (404, b"<h1>oops</h1>")
    assert _site(server, bucket, "/", "PUT").status_code == 405
    s3.put_bucket_website(
        Bucket=bucket, WebsiteConfiguration={"RedirectAllRequestsTo": {"HostName": "example.com"}}
    )
    everything = _site(server, bucket, "/a/b")
    assert (everything.status_code, everything.headers["Location"]) == (301, "http://example.com/a/b")


def test_range_and_part_number_together_refused(s3, bucket):
    s3.put_object(Bucket=bucket, Key="whole", Body=b"0123456789")
    status, error = _refused(s3.get_object, Bucket=bucket, Key="whole", PartNumber=1, Range="bytes=0-1")
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert error["Message"] == "Cannot specify both Range header and partNumber query parameter"
    assert s3.get_object(Bucket=bucket, Key="whole", PartNumber=1)["Body"].read() == b"0123456789"


def test_lifecycle_noncurrent_infrequent_access_transition_needs_30_days(s3, bucket):
    early = {"NoncurrentVersionTransitions": [{"NoncurrentDays": 29, "StorageClass": "ONEZONE_IA"}]}
    status, error = _lifecycle(s3, bucket, _rule(**early))
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert error["Message"] == (
        "'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 30 "
        "for storageClass 'ONEZONE_IA'"
    )
    twice = [
        {"NoncurrentDays": 40, "StorageClass": "GLACIER"},
        {"NoncurrentDays": 90, "StorageClass": "GLACIER"},
    ]
    status, error = _lifecycle(s3, bucket, _rule(NoncurrentVersionTransitions=twice))
    assert (status, error["Code"]) == (400, "InvalidArgument")
    accepted = [
        {"NoncurrentDays": 30, "StorageClass": "STANDARD_IA"},
        {"NoncurrentDays": 1, "StorageClass": "GLACIER"},
    ]
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket, LifecycleConfiguration={"Rules": [_rule(NoncurrentVersionTransitions=accepted)]}
    )
    stored = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]["NoncurrentVersionTransitions"]
    assert sorted(t["NoncurrentDays"] for t in stored) == [1, 30]


def test_lifecycle_infrequent_access_transition_needs_30_days(s3, bucket):
    early = {"Transitions": [{"Days": 7, "StorageClass": "STANDARD_IA"}]}
    status, error = _lifecycle(s3, bucket, _rule(**early))
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert error["Message"] == (
        "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'"
    )
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket,
        LifecycleConfiguration={"Rules": [_rule(Transitions=[{"Days": 7, "StorageClass": "GLACIER"}])]},
    )


def test_lifecycle_rule_without_an_id_gets_one(s3, bucket):
    unnamed = {"Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 1}}
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [unnamed]})
    (rule,) = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert rule["ID"] and len(rule["ID"]) <= 255
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"][0]["ID"] == rule["ID"]


def test_lifecycle_transitions_of_a_rule_name_distinct_classes(s3, bucket):
    twice = [{"Days": 40, "StorageClass": "GLACIER"}, {"Days": 50, "StorageClass": "GLACIER"}]
    status, error = _lifecycle(s3, bucket, _rule(Transitions=twice))
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert error["Message"] == "'StorageClass' must be different for 'Transition' actions in same 'Rule'"


def test_lifecycle_expiration_date_may_be_a_plain_date(s3, bucket):

    document = (
        '<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ID>d</ID>'
        "<Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
        "<Expiration><Date>2030-09-27</Date></Expiration></Rule></LifecycleConfiguration>"
    )

    def with_plain_date(request, **kwargs):
        request.data = document.encode()

    s3.meta.events.register_first("before-sign.s3.PutBucketLifecycleConfiguration", with_plain_date)
    try:
        s3.put_bucket_lifecycle_configuration(
            Bucket=bucket,
            LifecycleConfiguration={"Rules": [_rule("d", Expiration={"Days": 1})]},
        )
    finally:
        s3.meta.events.unregister("before-sign.s3.PutBucketLifecycleConfiguration", with_plain_date)
    (rule,) = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert rule["Expiration"]["Date"].date().isoformat() == "2030-09-27"


def test_objects_a_lifecycle_rule_expires_answer_x_amz_expiration(s3, bucket):
    import re

    rule = {"ID": "rule1", "Status": "Enabled", "Filter": {"Prefix": "days1/"}, "Expiration": {"Days": 1}}
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})
    put = s3.put_object(Bucket=bucket, Key="days1/foo", Body=b"x")
    head = s3.head_object(Bucket=bucket, Key="days1/foo")
    for answer in (put, head, s3.get_object(Bucket=bucket, Key="days1/foo")):
        match = re.fullmatch(r'expiry-date="(.+)", rule-id="(.+)"', answer["Expiration"])
        assert match is not None and match.group(2) == "rule1"
    expiry = datetime.datetime.strptime(
        re.match(r'expiry-date="(.+?)"', head["Expiration"]).group(1), "%a, %d %b %Y %H:%M:%S GMT"
    ).replace(tzinfo=datetime.timezone.utc)
    assert (expiry.hour, expiry.minute, expiry.second) == (0, 0, 0)
    assert (expiry - head["LastModified"]).days == 1 and (
        expiry - head["LastModified"]
    ).total_seconds() > 86400 - 1
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="other", Body=b"x")
