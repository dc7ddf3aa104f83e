"""Validator answers recorded against AWS: a rest-json call missing a required query list is the
operation's `Value null at '<member>'` sentence (not an unknown operation); an unknown query Action sent
to an SQS queue URL is `not valid for this endpoint`; a map value out of range lists all the value's
constraints, bounds first (upper, then lower) and `Member must not be null` last."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from tests.integration.error_support import client_error
from tests.integration.lambda_functions import echo_zip

ROLE = "arn:aws:iam::000000000000:role/validation-round2"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def loose(aws_client: Any) -> Any:
    """A Lambda client that sends what botocore's own checks would stop (no tag keys)."""
    return aws_client("lambda", config={"parameter_validation": False})


@pytest.fixture
def function(loose: Any, unique_name: Any) -> Any:
    name = unique_name("val2")
    created = loose.create_function(
        FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="h.h", Code={"ZipFile": echo_zip()}
    )
    yield name, created["FunctionArn"]
    loose.delete_function(FunctionName=name)


def test_untag_without_tag_keys_names_the_missing_member(loose: Any, function: Any) -> None:
    _, arn = function
    loose.tag_resource(Resource=arn, Tags={"team": "a"})
    assert client_error(loose.untag_resource, Resource=arn, TagKeys=[]) == (
        400,
        "ValidationException",
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
        "Member must not be null",
    )
    # Nothing was removed by the refused call.
    assert loose.list_tags(Resource=arn)["Tags"] == {"team": "a"}


def test_untag_without_tag_keys_on_unknown_function_is_still_validation(loose: Any) -> None:
    arn = "arn:aws:lambda:us-east-1:000000000000:function:no-such-function-val2"
    status, code, _ = client_error(loose.untag_resource, Resource=arn, TagKeys=[])
    assert (status, code) == (400, "ValidationException")


def _sqs_post(url: str, body: str) -> requests.Response:
    request = AWSRequest(method="POST", url=url, data=body.encode(), headers=FORM)
    SigV4Auth(Credentials("test", "test"), "sqs", "us-east-1").add_auth(request)
    return requests.post(url, data=body.encode(), headers=dict(request.headers), timeout=30)


def _query_error(response: requests.Response) -> tuple[int, str, str]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(response.content)
    error = root.find("{*}Error")
    assert error is not None, response.text
    return response.status_code, error.findtext("{*}Code") or "", error.findtext("{*}Message") or ""


def test_sqs_unknown_action_on_queue_url_is_not_valid_for_this_endpoint(
    aws_client: Any, unique_name: Any
) -> None:
    sqs = aws_client("sqs", legacy=True)
    url = sqs.create_queue(QueueName=unique_name("val2"))["QueueUrl"]
    try:
        answer = _query_error(_sqs_post(url, "Action=FooBar&Version=2012-11-05"))
        assert answer == (400, "InvalidAction", "The action FooBar is not valid for this endpoint.")
        # The service endpoint itself keeps its own sentence.
        root = url.rsplit("/", 2)[0] + "/"
        answer = _query_error(_sqs_post(root, "Action=FooBar&Version=2012-11-05"))
        assert answer == (400, "InvalidAction", "The action FooBar is not valid for this web service.")
    finally:
        sqs.delete_queue(QueueUrl=url)


@pytest.mark.parametrize("weight", [2.0, -1.0])
def test_alias_weight_out_of_range_lists_all_value_constraints(
    loose: Any, function: Any, weight: float
) -> None:
    name, _ = function
    version = loose.publish_version(FunctionName=name)["Version"]
    assert client_error(
        loose.create_alias,
        FunctionName=name,
        Name="live",
        FunctionVersion=version,
        RoutingConfig={"AdditionalVersionWeights": {"2": weight}},
    ) == (
        400,
        "ValidationException",
        f"1 validation error detected: Value '{{2={weight}}}' at 'routingConfig.additionalVersionWeights' "
        "failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less "
        "than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    )
    assert loose.list_aliases(FunctionName=name)["Aliases"] == []


def test_alias_routing_key_lists_all_key_constraints(loose: Any, function: Any) -> None:
    name, _ = function
    version = loose.publish_version(FunctionName=name)["Version"]
    assert client_error(
        loose.create_alias,
        FunctionName=name,
        Name="live",
        FunctionVersion=version,
        RoutingConfig={"AdditionalVersionWeights": {"$LATEST": 0.5}},
    ) == (
        400,
        "ValidationException",
        "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' "
        "failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less "
        "than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy "
        "regular expression pattern: [0-9]+, Member must not be null]",
    )
