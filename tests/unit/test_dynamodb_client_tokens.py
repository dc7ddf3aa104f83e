"""TransactWriteItems' client tokens: replayed within ten minutes, refused with other parameters."""

from __future__ import annotations

import pytest

from localstack.services.dynamodb import client_tokens
from localstack.utils.aws.errors import AWSError

SCOPE = ("000000000000", "us-east-1", "token-1")


@pytest.fixture(autouse=True)
def clean():
    client_tokens.reset()
    yield
    client_tokens.reset()


def test_a_token_is_replayed_for_ten_minutes():
    parameters = client_tokens.fingerprint({"TransactItems": [], "ClientRequestToken": "token-1"})
    assert client_tokens.replay(SCOPE, parameters, now=100.0) is None
    client_tokens.remember(SCOPE, parameters, b"{}", now=100.0)
    assert client_tokens.replay(SCOPE, parameters, now=100.0 + client_tokens.WINDOW - 1) == b"{}"
    assert client_tokens.replay(SCOPE, parameters, now=100.0 + client_tokens.WINDOW) is None


def test_the_token_is_not_part_of_the_parameters():
    with_token = client_tokens.fingerprint({"a": 1, "ClientRequestToken": "x"})
    assert with_token == client_tokens.fingerprint({"a": 1})


def test_other_parameters_are_a_mismatch():
    client_tokens.remember(SCOPE, client_tokens.fingerprint({"a": 1}), b"{}", now=100.0)
    with pytest.raises(AWSError) as info:
        client_tokens.replay(SCOPE, client_tokens.fingerprint({"a": 2}), now=101.0)
    assert info.value.code == "IdempotentParameterMismatchException"
    other_account = ("111111111111", "us-east-1", "token-1")
    assert client_tokens.replay(other_account, client_tokens.fingerprint({"a": 2}), now=101.0) is None
