"""Hooks around the ec2 backend."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.generic_proxy import ProxyListener
from localstack.utils.aws.errors import new_request_id

# moto writes this literal into every EC2 answer; botocore reads the body's requestId as the call's
# RequestId, so every call looked like the same request.
_LITERAL_REQUEST_ID = b"<requestId>request-id</requestId>"


class Ec2Listener(ProxyListener):
    """Gives each EC2 answer its own request id, in the body as in the header."""

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        if response.direct_passthrough or response.status_code >= 400:
            return None  # errors are reshaped with the header's id in utils/aws/errors.py
        body = response.get_data()
        if _LITERAL_REQUEST_ID not in body:
            return None
        request_id = response.headers.get(constants.HEADER_REQUEST_ID) or new_request_id()
        response.headers[constants.HEADER_REQUEST_ID] = request_id
        response.set_data(
            body.replace(_LITERAL_REQUEST_ID, f"<requestId>{request_id}</requestId>".encode(), 1)
        )
        return None
