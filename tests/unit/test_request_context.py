"""Access key, account and region read off a request's signature."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import Headers

from localstack.config import get_config
from localstack.utils.aws.request_context import (
    access_key_of,
    account_and_region,
    account_for_access_key,
    credential_scope,
    region_of,
)

PRESIGNED_V4 = (
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240101%2Feu-west-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=abc"
)


def sigv4_headers(key: str = "AKIDEXAMPLE", region: str = "ap-south-1", service: str = "sqs") -> Headers:
    return Headers(
        {
            "Authorization": f"AWS4-HMAC-SHA256 Credential={key}/20240101/{region}/{service}/aws4_request, "
            "SignedHeaders=host;x-amz-date, Signature=abc"
        }
    )


# credential scope


def test_credential_scope_from_header():
    assert credential_scope(sigv4_headers()) == ("AKIDEXAMPLE", "ap-south-1", "sqs")


def test_credential_scope_header_name_is_case_insensitive():
    headers = Headers({"authorization": sigv4_headers()["Authorization"]})
    assert credential_scope(headers) == ("AKIDEXAMPLE", "ap-south-1", "sqs")


def test_credential_scope_from_a_plain_dict():
    assert credential_scope(dict(sigv4_headers())) == ("AKIDEXAMPLE", "ap-south-1", "sqs")


def test_credential_scope_from_presigned_query():
    assert credential_scope(Headers(), PRESIGNED_V4) == ("AKIDEXAMPLE", "eu-west-1", "s3")


def test_credential_scope_from_presigned_query_with_raw_slashes():
    query = "X-Amz-Credential=AKID/20240101/us-west-2/s3/aws4_request&X-Amz-Signature=abc"
    assert credential_scope(Headers(), query) == ("AKID", "us-west-2", "s3")


def test_header_wins_over_query():
    assert credential_scope(sigv4_headers(), PRESIGNED_V4) == ("AKIDEXAMPLE", "ap-south-1", "sqs")


@pytest.mark.parametrize(
    ("authorization", "query"),
    [
        ("", ""),
        ("AWS test:c2lnbmF0dXJl", ""),
        ("Bearer token", ""),
        ("AWS4-HMAC-SHA256 Credential=broken, Signature=abc", ""),
        ("", "X-Amz-Credential=AKID%2F20240101%2Fs3"),
        ("", "AWSAccessKeyId=test&Signature=abc&Expires=1"),
    ],
)
def test_no_credential_scope(authorization, query):
    headers = Headers({"Authorization": authorization}) if authorization else Headers()
    assert credential_scope(headers, query) is None


# access key


def test_access_key_from_sigv4_header_and_presigned_v4():
    assert access_key_of(sigv4_headers(key="AKIA1")) == "AKIA1"
    assert access_key_of(Headers(), PRESIGNED_V4) == "AKIDEXAMPLE"


def test_access_key_from_sigv2_header():
    assert access_key_of(Headers({"Authorization": "AWS mykey:c2lnbmF0dXJl"})) == "mykey"


def test_access_key_from_presigned_v2_query():
    assert access_key_of(Headers(), "AWSAccessKeyId=111122223333&Signature=abc&Expires=1") == "111122223333"


def test_no_access_key():
    assert access_key_of(Headers()) is None
    assert access_key_of(Headers({"Authorization": "Bearer t"}), "a=b") is None


# account


def test_twelve_digit_access_key_selects_that_account():
    assert account_for_access_key("111122223333") == "111122223333"
    assert account_for_access_key(access_key_of(sigv4_headers(key="444455556666"))) == "444455556666"


@pytest.mark.parametrize("key", ["test", "AKIAIOSFODNN7EXAMPLE", "11112222333", "1111222233334", "", None])
def test_other_keys_use_the_default_account(key):
    assert account_for_access_key(key) == "000000000000"


# region


def test_region_comes_from_the_signature_and_is_not_rewritten():
    assert region_of(sigv4_headers(region="eu-central-1"), "", "us-east-1") == "eu-central-1"
    assert region_of(Headers(), PRESIGNED_V4, "us-east-1") == "eu-west-1"


def test_unsigned_requests_use_the_default_region():
    assert region_of(Headers(), "", "us-west-2") == "us-west-2"
    assert region_of(Headers({"Authorization": "AWS k:s"}), "", "us-east-1") == "us-east-1"


# account and region together


def test_account_and_region_of_a_signed_request():
    assert account_and_region(sigv4_headers(key="444455556666", region="eu-central-1")) == (
        "444455556666",
        "eu-central-1",
    )
    assert account_and_region(Headers(), PRESIGNED_V4) == ("000000000000", "eu-west-1")


def test_account_and_region_of_sigv2_and_unsigned_requests():
    default = get_config().default_region
    assert account_and_region(Headers({"Authorization": "AWS 111122223333:s"})) == ("111122223333", default)
    presigned_v2 = "AWSAccessKeyId=111122223333&Signature=x"
    assert account_and_region(Headers(), presigned_v2) == ("111122223333", default)
    assert account_and_region(Headers()) == ("000000000000", default)


@pytest.mark.parametrize(
    ("headers", "query"),
    [
        (sigv4_headers(key="444455556666", region="eu-central-1"), ""),
        (Headers(), PRESIGNED_V4),
        (Headers({"Authorization": "AWS 111122223333:s"}), ""),
        (Headers(), "AWSAccessKeyId=111122223333&Signature=x"),
        (Headers(), ""),
    ],
)
def test_account_and_region_agrees_with_the_separate_readers(headers, query):
    expected = (
        account_for_access_key(access_key_of(headers, query)),
        region_of(headers, query, get_config().default_region),
    )
    assert account_and_region(headers, query) == expected
