"""SSM as AWS answers it where moto differs: GetParameter of a name it does not hold (ParameterNotFound
with no message, as users' AWS reports show), and PutParameter's refusals."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.integration.error_support import bad_request


def test_get_parameter_of_an_unknown_name(aws_client, unique_name):
    ssm = aws_client("ssm")
    with pytest.raises(ClientError) as info:
        ssm.get_parameter(Name=unique_name("absent"))
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert (error["Error"]["Code"], error["Error"]["Message"]) == ("ParameterNotFound", "")
    name = unique_name("present")
    ssm.put_parameter(Name=name, Value="v", Type="String")
    assert ssm.get_parameter(Name=name)["Parameter"]["Value"] == "v"
    ssm.delete_parameter(Name=name)


def _put_error(ssm: Any, **kwargs: Any) -> tuple[str, str]:
    return bad_request(ssm.put_parameter, **kwargs)


def test_put_parameter_rules(aws_client, unique_name):
    """PutParameter's refusals, with the sentences SSM's documentation and users' AWS logs show."""
    ssm = aws_client("ssm")
    base = "/" + unique_name("rules")
    code, message = _put_error(ssm, Name=f"{base}/a b", Value="v", Type="String")
    assert code == "ValidationException" and message.startswith("Parameter name: can't be prefixed with")
    deep = base + "".join(f"/l{i}" for i in range(15))  # 16 levels
    assert _put_error(ssm, Name=deep, Value="v", Type="String")[0] == "HierarchyLevelLimitExceededException"
    ssm.put_parameter(Name=base + "".join(f"/l{i}" for i in range(14)), Value="v", Type="String")  # 15
    assert _put_error(ssm, Name=f"{base}/big", Value="x" * 4097, Type="String") == (
        "ValidationException",
        "Standard tier parameters support a maximum parameter value of 4096 characters. To create a "
        "larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more "
        "information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/"
        "parameter-store-advanced-parameters.html",
    )
    ssm.put_parameter(Name=f"{base}/big", Value="x" * 4096, Type="String")
    ssm.put_parameter(Name=f"{base}/adv", Value="x" * 4097, Type="String", Tier="Advanced")
    # The SSM user guide's walkthrough: \d{1,4} refuses 10000 (the whole value must match).
    assert _put_error(ssm, Name=f"{base}/pat", Value="10000", Type="String", AllowedPattern=r"\d{1,4}") == (
        "ParameterPatternMismatchException",
        r"Parameter value, cannot be validated against allowedPattern: \d{1,4}",
    )
    ssm.put_parameter(Name=f"{base}/pat", Value="1000", Type="String", AllowedPattern=r"\d{1,4}")
    assert ssm.get_parameter(Name=f"{base}/pat")["Parameter"]["Value"] == "1000"
    names = [p["Name"] for p in ssm.get_parameters_by_path(Path=base, Recursive=True)["Parameters"]]
    assert f"{base}/a b" not in names and deep not in names and len(names) == 4


@pytest.mark.parametrize("path", ["noslash", "//double", "/a//b", "/with space", "/bad#char"])
def test_get_parameters_by_path_refuses_a_path_it_cannot_read(aws_client, path):
    ssm = aws_client("ssm")
    with pytest.raises(ClientError) as info:
        ssm.get_parameters_by_path(Path=path)
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "ValidationException"
    assert error["Error"]["Message"] == (
        "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a "
        'forward slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only '
        "letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special "
        'characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". '
        "Valid example: /get/parameters2-/by1./path0_."
    )


def test_get_parameters_by_path_reads_a_hierarchy(aws_client, unique_name):
    ssm = aws_client("ssm")
    base = "/" + unique_name("tree")
    ssm.put_parameter(Name=f"{base}/a", Value="1", Type="String")
    ssm.put_parameter(Name=f"{base}/sub/b", Value="2", Type="String")
    for path in (base, base + "/"):
        assert [p["Name"] for p in ssm.get_parameters_by_path(Path=path)["Parameters"]] == [f"{base}/a"]
    names = sorted(p["Name"] for p in ssm.get_parameters_by_path(Path=base, Recursive=True)["Parameters"])
    assert names == [f"{base}/a", f"{base}/sub/b"]
    assert ssm.get_parameters_by_path(Path="/aws/service/none")["Parameters"] == []
