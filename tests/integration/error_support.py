"""What a refused boto3 call answered, for tests that assert AWS's refusals (no tests here)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def client_error(call: Any, **kwargs: Any) -> tuple[int, str, str]:
    """(HTTP status, error code, message) of a call that must fail."""
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    response = info.value.response
    return (
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Code"],
        response["Error"]["Message"],
    )


def code_and_message(call: Any, **kwargs: Any) -> tuple[str, str]:
    """(error code, message) of a call that must fail, for tests that do not assert the status."""
    return client_error(call, **kwargs)[1:]


def bad_request(call: Any, **kwargs: Any) -> tuple[str, str]:
    """(error code, message) of a call that must fail with a 400."""
    status, code, message = client_error(call, **kwargs)
    assert status == 400, (status, code, message)
    return code, message


def error_code(call: Any, **kwargs: Any) -> str:
    """The error code of a call that must fail."""
    return client_error(call, **kwargs)[1]
