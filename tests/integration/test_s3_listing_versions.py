"""Versioning as S3 answers it: suspended buckets' null versions and delete markers, NoSuchVersion's
fields, and the version listing that shows them."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.s3_support import remove_bucket

NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
MISSING_VERSION = "KpO7nUSFDXHv9pO1vJ7sSIgN2HcFx4tA"


@pytest.fixture(scope="module")
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def suspended(s3):
    """A bucket whose key "k" has one version written while versioning was enabled, then suspended."""
    name = f"susp-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=name, Key="k", Body=b"enabled")["VersionId"]
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Suspended"})
    yield name, first
    remove_bucket(s3, name)


def _versions(s3, bucket: str) -> list[tuple[str, str, bool]]:
    listed = s3.list_object_versions(Bucket=bucket)
    entries = [("version", v["VersionId"], v["IsLatest"]) for v in listed.get("Versions", [])]
    entries += [("marker", m["VersionId"], m["IsLatest"]) for m in listed.get("DeleteMarkers", [])]
    return sorted(entries)


def test_suspended_put_replaces_only_the_null_version(s3, suspended):
    bucket, first = suspended
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    s3.put_object(Bucket=bucket, Key="k", Body=b"two")
    assert _versions(s3, bucket) == sorted([("version", first, False), ("version", "null", True)])
    assert s3.get_object(Bucket=bucket, Key="k", VersionId=first)["Body"].read() == b"enabled"
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"two"
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"two"


def test_suspended_delete_leaves_a_null_delete_marker(s3, suspended):
    bucket, first = suspended
    s3.put_object(Bucket=bucket, Key="k", Body=b"null version")
    deleted = s3.delete_object(Bucket=bucket, Key="k")
    assert deleted["DeleteMarker"] is True
    assert deleted["VersionId"] == "null"
    # The null version is gone, replaced by the marker; the version made while enabled stays.
    assert _versions(s3, bucket) == sorted([("version", first, False), ("marker", "null", True)])
    assert s3.get_object(Bucket=bucket, Key="k", VersionId=first)["Body"].read() == b"enabled"


def test_get_and_head_of_a_null_delete_marker(s3, suspended):
    bucket, _ = suspended
    s3.delete_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as got:
        s3.get_object(Bucket=bucket, Key="k")
    assert got.value.response["Error"]["Code"] == "NoSuchKey"
    headers = got.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-delete-marker"] == "true"
    assert headers["x-amz-version-id"] == "null"
    with pytest.raises(ClientError) as head:
        s3.head_object(Bucket=bucket, Key="k", VersionId="null")
    assert head.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405
    headers = head.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-delete-marker"] == "true"
    assert headers["x-amz-version-id"] == "null"


def test_suspended_delete_of_a_version_id_removes_only_that_version(s3, suspended):
    bucket, first = suspended
    s3.put_object(Bucket=bucket, Key="k", Body=b"null version")
    deleted = s3.delete_object(Bucket=bucket, Key="k", VersionId=first)
    assert deleted["VersionId"] == first
    assert "DeleteMarker" not in deleted
    assert _versions(s3, bucket) == [("version", "null", True)]
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"null version"


def test_suspended_delete_of_a_key_never_written_leaves_a_marker(s3, suspended):
    bucket, _ = suspended
    deleted = s3.delete_object(Bucket=bucket, Key="never")
    assert deleted["DeleteMarker"] is True
    assert deleted["VersionId"] == "null"
    markers = s3.list_object_versions(Bucket=bucket, Prefix="never")["DeleteMarkers"]
    assert [(m["Key"], m["VersionId"], m["IsLatest"]) for m in markers] == [("never", "null", True)]


def test_no_such_version_names_the_key_and_the_version(s3, suspended):
    bucket, _ = suspended
    with pytest.raises(ClientError) as got:
        s3.get_object(Bucket=bucket, Key="k", VersionId=MISSING_VERSION)
    error = got.value.response["Error"]
    assert got.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error == {
        "Code": "NoSuchVersion",
        "Message": "The specified version does not exist.",
        "Key": "k",
        "VersionId": MISSING_VERSION,
    }


def _raw_versions(s3, bucket: str, query: str) -> requests.Response:
    """ListObjectVersions with exactly `query` (the test keys accept any signature)."""
    url = s3.generate_presigned_url("list_object_versions", Params={"Bucket": bucket})
    base, _, signed = url.partition("?")
    kept = [p for p in signed.split("&") if p.split("=")[0] not in ("versions", "encoding-type")]
    return requests.get(f"{base}?versions&{query}&" + "&".join(kept))


def _error(response: requests.Response) -> dict[str, str | None]:
    root = ET.fromstring(response.content)
    return {
        "status": str(response.status_code),
        **{name: root.findtext(name) for name in ("Code", "Message", "ArgumentName", "ArgumentValue")},
    }


# As S3 answered each (recorded against s3.amazonaws.com): max-keys first, then the version-id-marker,
# then encoding-type; a key-marker parameter present but empty counts as given.
@pytest.mark.parametrize(
    "query,message,name,value",
    [
        (
            "key-marker=k&max-keys=abc&version-id-marker=bad-vid",
            "Provided max-keys not an integer or within integer range",
            "max-keys",
            "abc",
        ),
        (
            "version-id-marker=",
            "A version-id marker cannot be specified without a key marker.",
            "version-id-marker",
            "",
        ),
        (
            "encoding-type=invalid&version-id-marker=bad-vid",
            "A version-id marker cannot be specified without a key marker.",
            "version-id-marker",
            "bad-vid",
        ),
        ("key-marker=k&version-id-marker=", "A version-id marker cannot be empty.", "version-id-marker", ""),
        (
            "encoding-type=invalid&key-marker=&version-id-marker=",
            "A version-id marker cannot be empty.",
            "version-id-marker",
            "",
        ),
        (
            "key-marker=&version-id-marker=bad-vid",
            "Invalid version id specified",
            "version-id-marker",
            "bad-vid",
        ),
        (
            "encoding-type=invalid&key-marker=k&version-id-marker=bad-vid",
            "Invalid version id specified",
            "version-id-marker",
            "bad-vid",
        ),
        ("encoding-type=invalid", "Invalid Encoding Method specified in Request", "encoding-type", "invalid"),
    ],
)
def test_list_object_versions_argument_errors_in_s3_order(s3, suspended, query, message, name, value):
    bucket, _ = suspended
    error = _error(_raw_versions(s3, bucket, query))
    assert error == {
        "status": "400",
        "Code": "InvalidArgument",
        "Message": message,
        "ArgumentName": name,
        "ArgumentValue": value,
    }


def test_empty_key_marker_with_a_version_id_marker_lists_from_the_start(s3, suspended):
    bucket, first = suspended
    response = _raw_versions(s3, bucket, f"key-marker=&version-id-marker={first}")
    assert response.status_code == 200, response.text
    root = ET.fromstring(response.content)
    assert root.findtext(f"{NS}KeyMarker") == ""
    assert root.findtext(f"{NS}VersionIdMarker") == first
    assert [v.findtext(f"{NS}VersionId") for v in root.iter(f"{NS}Version")] == [first]


def _raw_list(s3, bucket: str, operation: str, query: str) -> requests.Response:
    url = s3.generate_presigned_url(operation, Params={"Bucket": bucket})
    base, _, signed = url.partition("?")
    kept = [p for p in signed.split("&") if p.split("=")[0] not in ("versions", "encoding-type", "list-type")]
    return requests.get(f"{base}?{query}&" + "&".join(kept))


@pytest.mark.parametrize("prefix", ["", "list-type=2&", "versions&"])
@pytest.mark.parametrize("value", ["abc", "1.5", "1e3", "2147483648", "-2147483649", " 1", "1_0"])
def test_max_keys_that_is_no_32_bit_integer(s3, suspended, prefix, value):
    bucket, _ = suspended
    operation = "list_object_versions" if prefix == "versions&" else "list_objects"
    error = _error(_raw_list(s3, bucket, operation, f"{prefix}max-keys={requests.utils.quote(value)}"))
    assert error == {
        "status": "400",
        "Code": "InvalidArgument",
        "Message": "Provided max-keys not an integer or within integer range",
        "ArgumentName": "max-keys",
        "ArgumentValue": value,
    }


@pytest.mark.parametrize("prefix", ["", "list-type=2&"])
@pytest.mark.parametrize("value", ["-1", "-2147483648"])
def test_negative_max_keys_of_list_objects(s3, suspended, prefix, value):
    bucket, _ = suspended
    error = _error(_raw_list(s3, bucket, "list_objects", f"{prefix}max-keys={value}"))
    assert error == {
        "status": "400",
        "Code": "InvalidArgument",
        "Message": "Argument maxKeys must be an integer between 0 and 2147483647",
        "ArgumentName": "maxKeys",
        "ArgumentValue": value,
    }


def test_negative_max_keys_of_list_object_versions(s3, suspended):
    bucket, _ = suspended
    error = _error(_raw_list(s3, bucket, "list_object_versions", "versions&max-keys=-1"))
    # S3 names the argument without its value here.
    assert error == {
        "status": "400",
        "Code": "InvalidArgument",
        "Message": "max-keys cannot be negative",
        "ArgumentName": "max-keys",
        "ArgumentValue": None,
    }


def test_version_fields_in_s3_order(s3, suspended):
    bucket, _ = suspended
    response = _raw_list(s3, bucket, "list_object_versions", "versions")
    version = next(ET.fromstring(response.content).iter(f"{NS}Version"))
    names = [child.tag.removeprefix(NS) for child in version]
    assert names[:4] == ["Key", "VersionId", "IsLatest", "LastModified"]
    assert names[-3:] == ["Size", "Owner", "StorageClass"]


@pytest.mark.parametrize("name", ["prefix", "key-marker"])
def test_null_character_in_a_version_listing_argument(s3, suspended, name):
    bucket, _ = suspended
    response = _raw_list(s3, bucket, "list_object_versions", f"versions&max-keys=1&{name}=%00")
    assert response.status_code == 400
    # S3 writes the NUL as a character reference, as recorded.
    assert b"<Code>InvalidArgument</Code>" in response.content
    assert (
        b"<Message>Value must be a sequence of Unicode characters and cannot include Null.</Message>"
        b"<ArgumentName>" + name.encode() + b"</ArgumentName><ArgumentValue>&#0;</ArgumentValue>"
    ) in response.content


@pytest.fixture
def enabled(s3):
    name = f"vers-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    yield name
    remove_bucket(s3, name)


def test_versioned_delete_of_a_key_never_written_leaves_a_marker(s3, enabled):
    deleted = s3.delete_object(Bucket=enabled, Key="never")
    assert deleted["DeleteMarker"] is True
    markers = s3.list_object_versions(Bucket=enabled)["DeleteMarkers"]
    assert [(m["Key"], m["VersionId"], m["IsLatest"]) for m in markers] == [
        ("never", deleted["VersionId"], True)
    ]
    with pytest.raises(ClientError) as got:
        s3.head_object(Bucket=enabled, Key="never", VersionId=deleted["VersionId"])
    assert got.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405


def test_versioned_batch_delete_of_a_key_never_written_leaves_a_marker(s3, enabled):
    answer = s3.delete_objects(Bucket=enabled, Delete={"Objects": [{"Key": "never"}]})
    (deleted,) = answer["Deleted"]
    assert deleted["Key"] == "never"
    assert deleted["DeleteMarker"] is True
    markers = s3.list_object_versions(Bucket=enabled)["DeleteMarkers"]
    assert [(m["Key"], m["VersionId"]) for m in markers] == [("never", deleted["DeleteMarkerVersionId"])]


@pytest.mark.parametrize(
    "value,message",
    [
        ("-1", "X-Amz-Expires must be non-negative"),
        ("abc", "X-Amz-Expires should be a number"),
        (
            "604801",
            "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
            "less than 604800 seconds",
        ),
    ],
)
def test_presigned_url_with_an_expiry_s3_refuses(aws_client, suspended, value, message):
    bucket, _ = suspended
    s3v4 = aws_client("s3", config={"signature_version": "s3v4"})
    url = s3v4.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=100)
    response = requests.get(url.replace("X-Amz-Expires=100", f"X-Amz-Expires={value}"))
    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert (root.findtext("Code"), root.findtext("Message")) == ("AuthorizationQueryParametersError", message)


@pytest.fixture
def cors_bucket(s3, suspended):
    bucket, _ = suspended
    rules = [{"AllowedOrigins": ["http://app.example.com"], "AllowedMethods": ["GET"]}]
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    return bucket


@pytest.mark.parametrize("with_rules", [True, False])
def test_options_without_origin_is_bad_request(s3, suspended, request, with_rules):
    bucket = request.getfixturevalue("cors_bucket") if with_rules else suspended[0]
    response = requests.options(
        f"{s3.meta.endpoint_url}/{bucket}/k", headers={"Access-Control-Request-Method": "GET"}
    )
    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert (root.findtext("Code"), root.findtext("Message")) == (
        "BadRequest",
        "Insufficient information. Origin request header needed.",
    )


@pytest.mark.parametrize("method", ["FOO", "put", "TRACE"])
def test_preflight_with_a_method_s3_does_not_know(s3, cors_bucket, method):
    headers = {"Origin": "http://app.example.com", "Access-Control-Request-Method": method}
    response = requests.options(f"{s3.meta.endpoint_url}/{cors_bucket}/k", headers=headers)
    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert (root.findtext("Code"), root.findtext("Message")) == (
        "BadRequest",
        f"Invalid Access-Control-Request-Method: {method}",
    )


def test_preflight_without_a_method_asks_about_options(s3, cors_bucket):
    response = requests.options(
        f"{s3.meta.endpoint_url}/{cors_bucket}/k", headers={"Origin": "http://app.example.com"}
    )
    assert response.status_code == 403
    root = ET.fromstring(response.content)
    assert root.findtext("Code") == "AccessForbidden"
    assert root.findtext("Method") == "OPTIONS"
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.fixture
def locked(s3):
    name = f"lock-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    yield name
    remove_bucket(s3, name)


@pytest.mark.parametrize(
    "operation,params",
    [
        ("put_object_retention", {"Retention": {"Mode": "GOVERNANCE", "RetainUntilDate": "2100-01-01"}}),
        ("put_object_legal_hold", {"LegalHold": {"Status": "ON"}}),
        ("get_object_retention", {}),
        ("get_object_legal_hold", {}),
    ],
)
def test_lock_calls_on_a_key_that_does_not_exist(s3, locked, operation, params):
    with pytest.raises(ClientError) as got:
        getattr(s3, operation)(Bucket=locked, Key="missing", **params)
    assert got.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    error = got.value.response["Error"]
    assert (error["Code"], error["Message"], error["Key"]) == (
        "NoSuchKey",
        "The specified key does not exist.",
        "missing",
    )
    s3.put_object(Bucket=locked, Key="present", Body=b"x")
    with pytest.raises(ClientError) as got:
        getattr(s3, operation)(Bucket=locked, Key="present", VersionId=MISSING_VERSION, **params)
    assert got.value.response["Error"]["Code"] == "NoSuchVersion"
    assert got.value.response["Error"]["VersionId"] == MISSING_VERSION


@pytest.mark.parametrize("method", ["get_object", "head_object"])
def test_current_delete_marker_answers_404_with_its_headers(s3, enabled, method):
    s3.put_object(Bucket=enabled, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=enabled, Key="k")["VersionId"]
    with pytest.raises(ClientError) as got:
        getattr(s3, method)(Bucket=enabled, Key="k")
    assert got.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    headers = got.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-delete-marker"] == "true"
    assert headers["x-amz-version-id"] == marker
    # S3 names the marker's Last-Modified since September 2023.
    assert headers["last-modified"].endswith(" GMT")


@pytest.fixture
def acl_versioned(s3):
    name = f"vacl-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    yield name
    remove_bucket(s3, name)


def _marker_of(s3, bucket: str) -> str:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    return s3.delete_object(Bucket=bucket, Key="k")["VersionId"]


def _failure(call) -> tuple[int, dict, dict]:
    with pytest.raises(ClientError) as got:
        call()
    response = got.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"],
        response["ResponseMetadata"]["HTTPHeaders"],
    )


# As S3 answered each (recorded against s3.us-east-1.amazonaws.com).
def test_acl_calls_on_a_delete_marker(s3, acl_versioned):
    marker = _marker_of(s3, acl_versioned)
    status, error, headers = _failure(lambda: s3.get_object_acl(Bucket=acl_versioned, Key="k"))
    assert (status, error["Code"], headers["x-amz-delete-marker"], headers["x-amz-version-id"]) == (
        404,
        "NoSuchKey",
        "true",
        marker,
    )
    status, error, headers = _failure(
        lambda: s3.get_object_acl(Bucket=acl_versioned, Key="k", VersionId=marker)
    )
    assert (status, error["Code"], error["Method"], error["ResourceType"]) == (
        405,
        "MethodNotAllowed",
        "GET",
        "DeleteMarker",
    )
    assert (headers["allow"], headers["x-amz-version-id"]) == ("DELETE", marker)
    status, error, headers = _failure(lambda: s3.put_object_acl(Bucket=acl_versioned, Key="k", ACL="private"))
    assert (status, error["Method"], error["ResourceType"], headers["allow"]) == (
        405,
        "PUT",
        "DeleteMarker",
        "DELETE",
    )
    assert "x-amz-delete-marker" not in headers
    status, error, headers = _failure(
        lambda: s3.put_object_acl(Bucket=acl_versioned, Key="k", VersionId=marker, ACL="private")
    )
    assert (status, error["Method"], headers["x-amz-delete-marker"]) == (405, "PUT", "true")


def test_copy_from_a_delete_marker(s3, enabled):
    marker = _marker_of(s3, enabled)
    status, error, headers = _failure(
        lambda: s3.copy_object(Bucket=enabled, Key="dest", CopySource={"Bucket": enabled, "Key": "k"})
    )
    assert (status, error["Code"], error["Key"], headers["x-amz-version-id"]) == (
        404,
        "NoSuchKey",
        "k",
        marker,
    )
    assert headers["x-amz-delete-marker"] == "true"
    source = {"Bucket": enabled, "Key": "k", "VersionId": marker}
    status, error, _ = _failure(lambda: s3.copy_object(Bucket=enabled, Key="dest", CopySource=source))
    assert (status, error["Code"], error["Message"]) == (
        400,
        "InvalidRequest",
        "The source of a copy request may not specifically refer to a delete marker by version id.",
    )


def test_get_of_a_delete_marker_version_allows_delete(s3, enabled):
    marker = _marker_of(s3, enabled)
    status, error, headers = _failure(lambda: s3.get_object(Bucket=enabled, Key="k", VersionId=marker))
    assert (status, error["Code"], headers["allow"], headers["x-amz-delete-marker"]) == (
        405,
        "MethodNotAllowed",
        "DELETE",
        "true",
    )
    assert headers["last-modified"].endswith(" GMT")


def _copy_with_source(s3, bucket: str, source: str, part: bool) -> requests.Response:
    """CopyObject (or UploadPartCopy) with exactly this x-amz-copy-source (test keys accept any signature)."""
    if part:
        upload = s3.create_multipart_upload(Bucket=bucket, Key="dest")["UploadId"]
        url = s3.generate_presigned_url(
            "upload_part", Params={"Bucket": bucket, "Key": "dest", "UploadId": upload, "PartNumber": 1}
        )
    else:
        url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "dest"})
    return requests.put(url, headers={"x-amz-copy-source": source})


@pytest.mark.parametrize(
    "part,version,expected",
    [
        (False, "", ("InvalidArgument", "Version id cannot be the empty string", "x-amz-copy-source", "")),
        (True, "", ("InvalidArgument", "Version id cannot be the empty string", "x-amz-copy-source", "")),
        (False, "abc", ("InvalidRequest", "Invalid Request", None, None)),
        (True, "abc", ("InvalidArgument", "Invalid version id specified", "x-amz-copy-source", "abc")),
    ],
)
def test_copy_source_version_ids_s3_refuses(s3, enabled, part, version, expected):
    s3.put_object(Bucket=enabled, Key="k", Body=b"x")
    response = _copy_with_source(s3, enabled, f"{enabled}/k?versionId={version}", part)
    error = _error(response)
    assert error == {
        "status": "400",
        **dict(zip(("Code", "Message", "ArgumentName", "ArgumentValue"), expected, strict=True)),
    }


@pytest.mark.parametrize("version", ["", "abc", MISSING_VERSION])
def test_upload_part_takes_no_version_id(s3, enabled, version):
    upload = s3.create_multipart_upload(Bucket=enabled, Key="dest")["UploadId"]
    url = s3.generate_presigned_url(
        "upload_part", Params={"Bucket": enabled, "Key": "dest", "UploadId": upload, "PartNumber": 1}
    )
    response = requests.put(f"{url}&versionId={version}", data=b"part")
    assert _error(response) == {
        "status": "400",
        "Code": "InvalidArgument",
        "Message": "This operation does not accept a version-id.",
        "ArgumentName": "versionId",
        "ArgumentValue": version,
    }
    s3.abort_multipart_upload(Bucket=enabled, Key="dest", UploadId=upload)


def test_reads_of_a_null_version_name_it(s3, suspended):
    bucket, first = suspended
    put = s3.put_object(Bucket=bucket, Key="n", Body=b"null version")
    # S3 answers a PUT in a suspended bucket without a version id, and its reads with "null".
    assert "VersionId" not in put
    assert s3.get_object(Bucket=bucket, Key="n")["VersionId"] == "null"
    assert s3.head_object(Bucket=bucket, Key="n", VersionId="null")["VersionId"] == "null"
    assert s3.get_object(Bucket=bucket, Key="k", VersionId=first)["VersionId"] == first
    # moto refused a HEAD naming a version outside an Enabled bucket with a bare 400.
    assert s3.head_object(Bucket=bucket, Key="k", VersionId=first)["VersionId"] == first


def test_reads_in_a_bucket_never_versioned_name_no_version(s3, unique_name, cleanup):
    bucket = unique_name("plain")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    cleanup.append(lambda: remove_bucket(s3, bucket))
    assert "VersionId" not in s3.get_object(Bucket=bucket, Key="k")
    assert "VersionId" not in s3.head_object(Bucket=bucket, Key="k")


def test_batch_delete_naming_a_key_twice_acts_once(s3, enabled):
    s3.put_object(Bucket=enabled, Key="k", Body=b"x")
    answer = s3.delete_objects(Bucket=enabled, Delete={"Objects": [{"Key": "k"}, {"Key": "k"}]})
    (deleted,) = answer["Deleted"]
    markers = s3.list_object_versions(Bucket=enabled)["DeleteMarkers"]
    assert [m["VersionId"] for m in markers] == [deleted["DeleteMarkerVersionId"]]
    version = s3.put_object(Bucket=enabled, Key="j", Body=b"x")["VersionId"]
    twice = [{"Key": "j", "VersionId": version}, {"Key": "j", "VersionId": version}]
    assert s3.delete_objects(Bucket=enabled, Delete={"Objects": twice})["Deleted"] == [
        {"Key": "j", "VersionId": version}
    ]


def test_version_ids_have_s3s_shape(s3, enabled):
    import string

    allowed = set(string.ascii_letters + string.digits + "._")
    put = s3.put_object(Bucket=enabled, Key="shape", Body=b"1")["VersionId"]
    marker = s3.delete_object(Bucket=enabled, Key="shape")["VersionId"]
    never = s3.delete_object(Bucket=enabled, Key="never-written")["VersionId"]
    upload = s3.create_multipart_upload(Bucket=enabled, Key="mp")["UploadId"]
    etag = s3.upload_part(Bucket=enabled, Key="mp", UploadId=upload, PartNumber=1, Body=b"p")["ETag"]
    completed = s3.complete_multipart_upload(
        Bucket=enabled,
        Key="mp",
        UploadId=upload,
        MultipartUpload={"Parts": [{"ETag": etag, "PartNumber": 1}]},
    )["VersionId"]
    copied = s3.copy_object(Bucket=enabled, Key="copy", CopySource={"Bucket": enabled, "Key": "mp"})[
        "VersionId"
    ]
    ids = [put, marker, never, completed, copied]
    for version_id in ids:
        assert len(version_id) == 32 and set(version_id) <= allowed, version_id
    assert len(set(ids)) == len(ids)
    listed = s3.list_object_versions(Bucket=enabled)
    assert {v["VersionId"] for v in listed["Versions"] + listed["DeleteMarkers"]} == set(ids)


def test_tagging_calls_on_a_delete_marker(s3, enabled):
    marker = _marker_of(s3, enabled)
    for call, method in (
        (lambda: s3.get_object_tagging(Bucket=enabled, Key="k", VersionId=marker), "GET"),
        (lambda: s3.delete_object_tagging(Bucket=enabled, Key="k", VersionId=marker), "DELETE"),
    ):
        status, error, headers = _failure(call)
        assert (status, error["Code"], error["Method"], error["ResourceType"]) == (
            405,
            "MethodNotAllowed",
            method,
            "DeleteMarker",
        )
        assert (headers["allow"], headers["x-amz-version-id"]) == ("DELETE", marker)
    for call in (
        lambda: s3.get_object_tagging(Bucket=enabled, Key="k"),
        lambda: s3.delete_object_tagging(Bucket=enabled, Key="k"),
    ):
        status, error, headers = _failure(call)
        assert (status, error["Code"], headers["x-amz-delete-marker"]) == (404, "NoSuchKey", "true")
    status, error, _ = _failure(lambda: s3.delete_object_tagging(Bucket=enabled, Key="k", VersionId="a" * 32))
    assert (status, error["Code"], error["VersionId"]) == (404, "NoSuchVersion", "a" * 32)
