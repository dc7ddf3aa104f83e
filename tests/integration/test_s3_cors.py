"""CORS from a bucket's own rules: preflights answered by the first matching rule (403 when none matches),
real cross-origin requests carrying that rule's headers; buckets without rules keep the permissive default."""

from __future__ import annotations

import pytest
import requests

from tests.integration.s3_support import remove_bucket

RULES = {
    "CORSRules": [
        {
            "AllowedOrigins": ["http://app.example.com"],
            "AllowedMethods": ["GET", "PUT"],
            "AllowedHeaders": ["x-amz-*", "content-type"],
            "ExposeHeaders": ["ETag"],
            "MaxAgeSeconds": 300,
        },
        {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]},
    ]
}


@pytest.fixture(params=[False, True], ids=["edge", "legacy"])
def s3(request, aws_client):
    return aws_client("s3", legacy=request.param)


@pytest.fixture
def bucket(s3, unique_name, cleanup):
    name = unique_name("cors")
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="k", Body=b"x")
    cleanup.append(lambda: remove_bucket(s3, name))
    return name


def _preflight(s3, bucket, origin, method, headers=""):
    request_headers = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        request_headers["Access-Control-Request-Headers"] = headers
    return requests.options(f"{s3.meta.endpoint_url}/{bucket}/k", headers=request_headers)


def test_preflight_matches_first_rule(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=RULES)
    response = _preflight(s3, bucket, "http://app.example.com", "PUT", "x-amz-meta-a, Content-Type")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "http://app.example.com"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, PUT"
    assert response.headers["Access-Control-Allow-Headers"] == "x-amz-meta-a, content-type"
    assert response.headers["Access-Control-Max-Age"] == "300"
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_preflight_wildcard_rule(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=RULES)
    response = _preflight(s3, bucket, "http://other.example.org", "GET")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_without_matching_rule_is_403(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=RULES)
    response = _preflight(s3, bucket, "http://other.example.org", "DELETE")
    assert response.status_code == 403
    assert "<Code>AccessForbidden</Code>" in response.text
    assert "Access-Control-Allow-Origin" not in response.headers


def test_real_request_gets_rule_headers(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=RULES)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
    response = requests.get(url, headers={"Origin": "http://app.example.com"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "http://app.example.com"
    assert response.headers["Access-Control-Expose-Headers"] == "ETag"


def test_real_request_from_unlisted_origin_gets_no_cors_headers(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [RULES["CORSRules"][0]]})
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
    response = requests.get(url, headers={"Origin": "http://evil.example.org"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_bucket_without_rules_refuses_preflights(s3, bucket):
    # S3 (recorded in LocalStack's AWS-validated snapshots): no rules, no cross-origin access.
    response = _preflight(s3, bucket, "http://any.example.org", "PUT")
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers
    assert b"CORSResponse: CORS is not enabled for this bucket." in response.content
