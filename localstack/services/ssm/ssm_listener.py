"""Hooks around the ssm backend: PutParameter's, GetParameter's and GetParametersByPath's rules
(validation.py) and AWS's wording where moto's differs."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.ssm import validation
from localstack.utils.aws.errors import AWSError, serialize_error
from localstack.utils.http import Response

_GET_PARAMETER = "AmazonSSM.GetParameter"
_PUT_PARAMETER = "AmazonSSM.PutParameter"
_BY_PATH = "AmazonSSM.GetParametersByPath"


class SsmListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        target = headers.get("X-Amz-Target")
        if target not in (_PUT_PARAMETER, _BY_PATH, _GET_PARAMETER):
            return True
        try:
            body = json.loads(data or b"{}")
        except ValueError:
            return True  # the gateway's validator answers a body that is not JSON
        if isinstance(body, dict):
            if target == _BY_PATH:
                validation.check_parameters_by_path(body)
            elif target == _GET_PARAMETER:
                validation.check_get_parameter(body)
            else:
                validation.check_put_parameter(body)
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        # GetParameter of a name SSM does not hold: AWS's ParameterNotFound carries no message (users'
        # AWS reports show `... when calling the GetParameter operation: ` with nothing after it).
        if response.status_code != 400 or headers.get("X-Amz-Target") != _GET_PARAMETER:
            return None
        if b'"ParameterNotFound"' not in response.get_data()[:200]:
            return None
        return serialize_error(AWSError("ParameterNotFound", ""), "ssm", headers)
