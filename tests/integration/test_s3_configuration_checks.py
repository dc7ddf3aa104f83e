"""Configuration documents and directive headers S3 refuses before storing anything, each with AWS's code,
message and fields: bucket policies, versioning, encryption, website, ownership, DeleteObjects over 1,000
keys, copy directives, UploadPartCopy ranges; and multipart completions out of part order."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

MALFORMED_XML = "The XML you provided was not well-formed or did not validate against our published schema"


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("conf")
    s3.create_bucket(Bucket=name)

    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _refused(call, **kwargs) -> tuple[int, dict]:
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"], excinfo.value.response["Error"]


def test_bucket_policy_that_is_not_json(s3, bucket):
    status, error = _refused(s3.put_bucket_policy, Bucket=bucket, Policy="not json")
    assert (status, error["Code"]) == (400, "MalformedPolicy")
    assert error["Message"] == "Policies must be valid JSON and the first byte must be '{'"
    status, error = _refused(s3.put_bucket_policy, Bucket=bucket, Policy='{"Version": "2012-10-17"}')
    assert (error["Code"], error["Message"]) == ("MalformedPolicy", "Missing required field Statement")


def test_versioning_status_outside_its_enumeration(s3, bucket):
    status, error = _refused(
        s3.put_bucket_versioning, Bucket=bucket, VersioningConfiguration={"Status": "Paused"}
    )
    assert (status, error["Code"], error["Message"]) == (400, "MalformedXML", MALFORMED_XML)
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)


def test_encryption_algorithm_outside_its_enumeration(s3, bucket):
    rules = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES512"}}]}
    status, error = _refused(s3.put_bucket_encryption, Bucket=bucket, ServerSideEncryptionConfiguration=rules)
    assert (status, error["Code"], error["Message"]) == (400, "MalformedXML", MALFORMED_XML)
    default = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert default["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


def test_website_index_suffix_with_a_slash(s3, bucket):
    status, error = _refused(
        s3.put_bucket_website, Bucket=bucket, WebsiteConfiguration={"IndexDocument": {"Suffix": "a/b"}}
    )
    assert (status, error["Code"], error["Message"]) == (
        400,
        "InvalidArgument",
        "The IndexDocument Suffix is not well formed",
    )
    assert (error["ArgumentName"], error["ArgumentValue"]) == ("IndexDocument", "a/b")
    status, error = _refused(
        s3.put_bucket_website, Bucket=bucket, WebsiteConfiguration={"ErrorDocument": {"Key": "e.html"}}
    )
    assert error["Message"] == (
        "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty"
    )
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})


def test_object_ownership_outside_its_enumeration(s3, unique_name):
    name = unique_name("own")
    status, error = _refused(s3.create_bucket, Bucket=name, ObjectOwnership="Nobody")
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert error["Message"] == "Invalid x-amz-object-ownership header: Nobody"
    # S3 names the header, not its value (LocalStack's AWS-recorded snapshot).
    assert error["ArgumentName"] == "x-amz-object-ownership"
    assert "ArgumentValue" not in error
    assert name not in [entry["Name"] for entry in s3.list_buckets()["Buckets"]]


def test_delete_objects_over_1000_keys(s3, bucket):
    keys = {"Objects": [{"Key": f"k{index}"} for index in range(1001)]}
    status, error = _refused(s3.delete_objects, Bucket=bucket, Delete=keys)
    assert (status, error["Code"], error["Message"]) == (400, "MalformedXML", MALFORMED_XML)


@pytest.mark.parametrize(
    "argument,header,message",
    [
        ("MetadataDirective", "x-amz-metadata-directive", "Unknown metadata directive."),
        ("TaggingDirective", "x-amz-tagging-directive", "Unknown tagging directive."),
    ],
)
def test_unknown_copy_directive(s3, bucket, argument, header, message):
    s3.put_object(Bucket=bucket, Key="src", Body=b"x")
    status, error = _refused(
        s3.copy_object,
        Bucket=bucket,
        Key="dst",
        CopySource={"Bucket": bucket, "Key": "src"},
        **{argument: "MOVE"},
    )
    assert (status, error["Code"], error["Message"]) == (400, "InvalidArgument", message)
    assert (error["ArgumentName"], error["ArgumentValue"]) == (header, "MOVE")


def test_upload_part_copy_ranges(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"hello")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    source = {"Bucket": bucket, "Key": "src"}
    arguments = {"Bucket": bucket, "Key": "dst", "UploadId": upload, "PartNumber": 1, "CopySource": source}
    status, error = _refused(s3.upload_part_copy, CopySourceRange="bytes=0-100", **arguments)
    assert (status, error["Code"], error["Message"]) == (
        400,
        "InvalidArgument",
        "Range specified is not valid for source object of size: 5",
    )
    assert (error["ArgumentName"], error["ArgumentValue"]) == ("x-amz-copy-source-range", "bytes=0-100")
    status, error = _refused(s3.upload_part_copy, CopySourceRange="bytes=100-200", **arguments)
    assert (status, error["Code"], error["Message"]) == (
        400,
        "InvalidRequest",
        "The specified copy range is invalid for the source object size",
    )
    for malformed in ("1-0", "-1-", "0--1", "0-1,3-4", "-", "-0", "1-", "-2"):
        status, error = _refused(s3.upload_part_copy, CopySourceRange=f"bytes={malformed}", **arguments)
        assert (status, error["Code"], error["ArgumentValue"]) == (
            400,
            "InvalidArgument",
            f"bytes={malformed}",
        )
    status, error = _refused(s3.upload_part_copy, CopySourceRange="first-five", **arguments)
    assert (status, error["Code"]) == (400, "InvalidArgument")
    assert error["Message"] == (
        "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are "
        "the zero-based offsets of the first and last bytes to copy"
    )
    assert (error["ArgumentName"], error["ArgumentValue"]) == ("x-amz-copy-source-range", "first-five")
    assert s3.upload_part_copy(CopySourceRange="bytes=1-3", **arguments)["CopyPartResult"]["ETag"]


def test_complete_with_parts_out_of_order_and_unused_parts(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    etags = [
        s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=number, Body=body)["ETag"]
        for number, body in ((1, b"a" * 5 * 1024 * 1024), (2, b"b"), (3, b"unused"))
    ]
    reversed_parts = {"Parts": [{"PartNumber": 2, "ETag": etags[1]}, {"PartNumber": 1, "ETag": etags[0]}]}
    status, error = _refused(
        s3.complete_multipart_upload, Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload=reversed_parts
    )
    assert (status, error["Code"]) == (400, "InvalidPartOrder")
    # S3's answer as recorded (its error table words it "The parts list must be specified in order...").
    assert error["Message"] == (
        "The list of parts was not in ascending order. Parts must be ordered by part number."
    )
    parts = {"Parts": [{"PartNumber": 1, "ETag": etags[0]}, {"PartNumber": 2, "ETag": etags[1]}]}
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload=parts)
    # The part uploaded but left out of the list is not part of the object.
    head = s3.head_object(Bucket=bucket, Key="mp", PartNumber=1)
    assert head["PartsCount"] == 2
    attributes = s3.get_object_attributes(Bucket=bucket, Key="mp", ObjectAttributes=["ObjectParts"])
    assert attributes["ObjectParts"]["TotalPartsCount"] == 2
    assert s3.get_object(Bucket=bucket, Key="mp")["ContentLength"] == 5 * 1024 * 1024 + 1


@pytest.mark.parametrize(
    "statement,message",
    [
        ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{b}/*"},
         "Missing required field Principal"),
        ({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::elsewhere/*"},
         "Policy has invalid resource"),
        ({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:sqs:us-east-1:1:q"},
         "Policy has invalid resource"),
        ({"Effect": "Permit", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{b}/*"},
         "Invalid effect: Permit"),
        ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::{b}/*"},
         "Policy has invalid action"),
        ({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:s3:::{b}/*"},
         "Policy has invalid action"),
        ({"Effect": "Allow", "Principal": "*", "Action": "s3:HeadObject", "Resource": "arn:aws:s3:::{b}/*"},
         "Policy has invalid action"),
        ({"Effect": "Allow", "Principal": "*", "Action": "s3:CompleteMultipartUpload",
          "Resource": "arn:aws:s3:::{b}/*"}, "Policy has invalid action"),
        ({"Effect": "Allow", "Principal": "*", "Action": "s3:PutObjectLockConfiguration",
          "Resource": "arn:aws:s3:::{b}"}, "Policy has invalid action"),
        ({"Effect": "Allow", "Principal": "*", "Action": ["s3:Get*", "s3:Frobnicate*"],
          "Resource": "arn:aws:s3:::{b}/*"}, "Policy has invalid action"),
        ({"Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::{b}/*"}, "Invalid principal in policy"),
        ({"Effect": "Allow", "Principal": {"Person": "*"}, "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::{b}/*"}, "Invalid principal in policy"),
        ({"Effect": "Allow", "Principal": "everyone", "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::{b}/*"}, "Invalid principal in policy"),
        ({"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::{b}/*"},
         "Action does not apply to any resource(s) in statement"),
        ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{b}"},
         "Action does not apply to any resource(s) in statement"),
    ],
)  # fmt: skip
def test_bucket_policy_statements_are_checked(s3, bucket, statement, message):
    import json

    statement = json.loads(json.dumps(statement).replace("{b}", bucket))
    policy = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    status, error = _refused(s3.put_bucket_policy, Bucket=bucket, Policy=policy)
    assert (status, error["Code"], error["Message"]) == (400, "MalformedPolicy", message)


def test_bucket_policy_with_valid_actions_and_principals_is_accepted(s3, bucket):
    import json

    statements = [
        {
            "Effect": "Allow",
            "Principal": {"AWS": ["123456789012", "arn:aws:iam::123456789012:role/reader"]},
            "Action": ["s3:GetObject", "s3:getobjectversion", "s3:List*"],
            "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        },
        {
            "Effect": "Allow",
            "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{bucket}/logs/*",
        },
        {
            "Effect": "Deny",
            "Principal": "*",
            "NotAction": "s3:GetBucketLocation",
            "Resource": f"arn:aws:s3:::{bucket}",
            "Condition": {"StringEquals": {"aws:UserAgent": "no-such-agent"}},
        },
    ]
    document = json.dumps({"Version": "2012-10-17", "Statement": statements})
    s3.put_bucket_policy(Bucket=bucket, Policy=document)
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == json.loads(document)


def test_bucket_policy_with_wildcard_resources_is_accepted(s3, bucket):
    import json

    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket[:4]}*", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == policy


def test_bucket_encryption_rules_are_checked(s3, bucket):
    status, error = _refused(
        s3.put_bucket_encryption, Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": []}
    )
    assert (status, error["Code"]) == (400, "MalformedXML")
    aes_with_key = {"SSEAlgorithm": "AES256", "KMSMasterKeyID": "some-key"}
    status, error = _refused(
        s3.put_bucket_encryption,
        Bucket=bucket,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": aes_with_key}]},
    )
    assert (status, error["Code"], error["ArgumentName"]) == (
        400,
        "InvalidArgument",
        "ApplyServerSideEncryptionByDefault",
    )
    assert error["Message"] == (
        "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse"
    )
    kms = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "some-key"}
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": kms}]},
    )


def _replication(destination: str) -> dict:
    return {
        "Role": "arn:aws:iam::000000000000:role/replication",
        "Rules": [
            {"Status": "Enabled", "Prefix": "", "Destination": {"Bucket": f"arn:aws:s3:::{destination}"}}
        ],
    }


def test_replication_needs_versioning_on_both_buckets(s3, bucket, unique_name, cleanup):
    destination = unique_name("replica")
    s3.create_bucket(Bucket=destination)
    cleanup.append(lambda: remove_bucket(s3, destination))
    status, error = _refused(
        s3.put_bucket_replication, Bucket=bucket, ReplicationConfiguration=_replication(destination)
    )
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert (
        error["Message"] == "Versioning must be 'Enabled' on the bucket to apply a replication configuration"
    )
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    status, error = _refused(
        s3.put_bucket_replication, Bucket=bucket, ReplicationConfiguration=_replication(destination + "-none")
    )
    # S3 answers a destination that does not exist as one without versioning (LocalStack's recording).
    assert (status, error["Code"], error["Message"]) == (
        400,
        "InvalidRequest",
        "Destination bucket must have versioning enabled.",
    )
    status, error = _refused(
        s3.put_bucket_replication, Bucket=bucket, ReplicationConfiguration=_replication(destination)
    )
    assert (status, error["Message"]) == (400, "Destination bucket must have versioning enabled.")
    s3.put_bucket_versioning(Bucket=destination, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_replication(Bucket=bucket, ReplicationConfiguration=_replication(destination))
    stored = s3.get_bucket_replication(Bucket=bucket)["ReplicationConfiguration"]
    assert stored["Rules"][0]["Destination"]["Bucket"] == f"arn:aws:s3:::{destination}"


def test_append_with_write_offset_is_refused_without_replacing_the_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="log", Body=b"0123456789")
    status, error = _refused(s3.put_object, Bucket=bucket, Key="log", Body=b"more", WriteOffsetBytes=10)
    assert (status, error["Code"], error["Message"], error["Header"]) == (
        501,
        "NotImplemented",
        "A header you provided implies functionality that is not implemented",
        "x-amz-write-offset-bytes",
    )
    assert s3.get_object(Bucket=bucket, Key="log")["Body"].read() == b"0123456789"


def test_rename_object_in_a_general_purpose_bucket_is_not_implemented(s3, bucket):
    # S3 answers 501 NotImplemented: AWS's own Mountpoint client reads that answer as "this bucket does not
    # support rename" (mountpoint-s3-client rename_object.rs) and caches it per bucket.
    s3.put_object(Bucket=bucket, Key="old", Body=b"kept")
    status, error = _refused(s3.rename_object, Bucket=bucket, Key="new", RenameSource=f"{bucket}/old")
    assert (status, error["Code"], error["Message"]) == (
        501,
        "NotImplemented",
        "A header you provided implies functionality that is not implemented",
    )
    assert s3.get_object(Bucket=bucket, Key="old")["Body"].read() == b"kept"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["old"]


def test_malformed_xml_names_no_parser_detail(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    status, error = _refused(
        s3.complete_multipart_upload,
        Bucket=bucket,
        Key="k",
        UploadId=upload,
        MultipartUpload={"Parts": []},
    )
    assert (status, error["Code"]) == (400, "MalformedXML")
    assert error["Message"] == (
        "The XML you provided was not well-formed or did not validate against our published schema"
    )


def test_transfer_acceleration_refuses_dotted_bucket_names(s3, unique_name, cleanup):
    name = unique_name("dotted") + ".example"
    s3.create_bucket(Bucket=name)
    cleanup.append(lambda: remove_bucket(s3, name))
    status, error = _refused(
        s3.put_bucket_accelerate_configuration, Bucket=name, AccelerateConfiguration={"Status": "Enabled"}
    )
    assert (status, error["Code"]) == (400, "InvalidRequest")
    assert (
        error["Message"]
        == "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names"
    )


def test_tags_sent_with_create_bucket_are_set(s3, unique_name, cleanup):
    name = unique_name("tagged")
    tags = [{"Key": "team", "Value": "storage"}, {"Key": "cost-center", "Value": "42"}]
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"Tags": tags})
    cleanup.append(lambda: remove_bucket(s3, name))
    assert sorted(s3.get_bucket_tagging(Bucket=name)["TagSet"], key=lambda t: t["Key"]) == sorted(
        tags, key=lambda t: t["Key"]
    )


def test_create_bucket_tags_are_checked_like_put_bucket_tagging(s3, unique_name):
    name = unique_name("badtags")
    status, error = _refused(
        s3.create_bucket,
        Bucket=name,
        CreateBucketConfiguration={"Tags": [{"Key": "aws:owner", "Value": "x"}]},
    )
    # CreateBucket words the reserved prefix its own way, without the TagKey PutBucketTagging adds.
    assert (status, error["Code"], error["Message"], "TagKey" in error) == (
        400,
        "InvalidTag",
        'User-defined tag keys can\'t start with "aws:". This prefix is reserved for system tags. '
        'Remove "aws:" from your tag keys and try again.',
        False,
    )
    with pytest.raises(ClientError):
        s3.head_bucket(Bucket=name)


def _logging_policy(target: str, source: str, account: str = "000000000000") -> str:
    # The shape S3's user guide gives for server access log delivery (CDK and Terraform write the same).
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "S3ServerAccessLogsPolicy",
                    "Effect": "Allow",
                    "Principal": {"Service": ["logging.s3.amazonaws.com"]},
                    "Action": ["s3:PutObject"],
                    "Resource": [f"arn:aws:s3:::{target}/logs/*"],
                    "Condition": {
                        "ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{source}"},
                        "StringEquals": {"aws:SourceAccount": account},
                    },
                }
            ],
        }
    )


def _logging(source: str, target: str) -> dict:
    return {
        "Bucket": source,
        "BucketLoggingStatus": {"LoggingEnabled": {"TargetBucket": target, "TargetPrefix": "logs/"}},
    }


def test_logging_to_a_bucket_owner_enforced_target_is_taken(s3, bucket, unique_name, cleanup):
    # A new bucket is BucketOwnerEnforced: S3 takes it as a target, its policy deciding the delivery later.
    target = unique_name("logs")
    s3.create_bucket(Bucket=target)
    cleanup.append(lambda: remove_bucket(s3, target))
    assert s3.get_bucket_ownership_controls(Bucket=target)["OwnershipControls"]["Rules"][0] == {
        "ObjectOwnership": "BucketOwnerEnforced"
    }
    s3.put_bucket_logging(**_logging(bucket, target))
    enabled = s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"]
    assert (enabled["TargetBucket"], enabled["TargetPrefix"]) == (target, "logs/")


def test_logging_to_a_target_with_acls_needs_log_delivery_grants_or_a_policy(
    s3, bucket, unique_name, cleanup
):
    target = unique_name("logs")
    s3.create_bucket(Bucket=target, ObjectOwnership="ObjectWriter")
    cleanup.append(lambda: remove_bucket(s3, target))
    status, error = _refused(s3.put_bucket_logging, **_logging(bucket, target))
    assert (status, error["Code"], error["Message"]) == (
        400,
        "InvalidTargetBucketForLogging",
        "You must either provide the necessary permissions to the logging service using a bucket policy or "
        "give the log-delivery group WRITE and READ_ACP permissions to the target bucket",
    )
    # The user guide's policy, for another source bucket: still refused; for this one: taken.
    s3.put_bucket_policy(Bucket=target, Policy=_logging_policy(target, "another-source"))
    assert (
        _refused(s3.put_bucket_logging, **_logging(bucket, target))[1]["Code"]
        == "InvalidTargetBucketForLogging"
    )
    s3.put_bucket_policy(Bucket=target, Policy=_logging_policy(target, bucket))
    s3.put_bucket_logging(**_logging(bucket, target))
    s3.delete_bucket_policy(Bucket=target)
    s3.put_bucket_acl(Bucket=target, ACL="log-delivery-write")
    s3.put_bucket_logging(**_logging(bucket, target))
    assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"]["TargetBucket"] == target


def test_ownership_controls_take_exactly_one_rule(s3, bucket):
    for rules in ([], [{"ObjectOwnership": "BucketOwnerPreferred"}, {"ObjectOwnership": "ObjectWriter"}]):
        status, error = _refused(
            s3.put_bucket_ownership_controls, Bucket=bucket, OwnershipControls={"Rules": rules}
        )
        assert (status, error["Code"], error["Message"]) == (400, "MalformedXML", MALFORMED_XML)
    rules = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"]
    assert rules == [{"ObjectOwnership": "BucketOwnerEnforced"}]


def test_versioning_configuration_without_a_status(s3, bucket):
    status, error = _refused(s3.put_bucket_versioning, Bucket=bucket, VersioningConfiguration={})
    assert (status, error["Code"], error["Message"]) == (
        400,
        "IllegalVersioningConfigurationException",
        "The Versioning element must be specified",
    )
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
