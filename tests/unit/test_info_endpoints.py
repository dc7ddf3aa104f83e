"""Credentials never leave the machine in a diagnosis."""

from __future__ import annotations

import pytest

from localstack.services.info_endpoints import redact


@pytest.mark.parametrize(
    "line,secret",
    [
        ("Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/s3", "AKIAIOSF"),
        ("GET /b/k?X-Amz-Signature=0123456789abcdef0123", "0123456789abcdef"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG", "wJalrXUtn"),
        ("X-Amz-Security-Token: FwoGZXIvYXdzEJr", "FwoGZXIv"),
        ("key ASIAXXXXXXXXXXXXXXXX used", "ASIAXXXXXXXXXXXX"),
    ],
)
def test_redact_removes_the_secret(line, secret):
    assert secret not in redact(line)
    assert "<redacted>" in redact(line)


def test_redact_keeps_ordinary_lines():
    assert redact("s3 PutObject 200 1.2ms") == "s3 PutObject 200 1.2ms"
