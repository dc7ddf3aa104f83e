"""SSM's GetParameter of a name it does not hold: ParameterNotFound with no message, as AWS answers
(users' AWS reports: `An error occurred (ParameterNotFound) when calling the GetParameter operation: `)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


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
