"""Hooks around the ssm backend: AWS's wording where moto's differs."""

from __future__ import annotations

from typing import Any

from localstack.services.generic_proxy import ProxyListener
from localstack.utils.aws.errors import AWSError, serialize_error
from localstack.utils.http import Response

_GET_PARAMETER = "AmazonSSM.GetParameter"


class SsmListener(ProxyListener):
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
