"""Hooks around the sqs backend: AWS's request rules before moto, AWS's errors where moto words them
differently, and queue URLs that name HOSTNAME_EXTERNAL and the port the client used."""

from __future__ import annotations

import re
from typing import Any

from localstack import constants
from localstack.config import get_config
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.sqs import direct_ops, move_tasks, queue_endpoint, validation
from localstack.utils.aws.errors import AWSError, serialize_error
from localstack.utils.http import Request

_ACTION = re.compile(r"(?:^|[?&])Action=([A-Za-z]+)")
_RECEIPT_HANDLE_INVALID = b"ReceiptHandleIsInvalid"
_FORM = "application/x-www-form-urlencoded"
# The API reference's description of MissingAction (Common Errors); AWS's own message is unconfirmed.
MISSING_ACTION_MESSAGE = "The request is missing an action or a required parameter."


def operation_name(path: str, data: bytes, headers: Any) -> str:
    target = headers.get(constants.HEADER_TARGET) or ""
    if target:
        return target.rpartition(".")[2]
    match = _ACTION.search(path) if "?" in path else None
    if match is None and data:
        # Botocore writes Action first; other clients may put it anywhere in the form.
        match = _ACTION.search(data[:200].decode("latin-1")) or _ACTION.search(data.decode("latin-1"))
    return match.group(1) if match else ""


class SqsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = operation_name(path, data, headers)
        to_a_queue = not headers.get(constants.HEADER_TARGET) and queue_endpoint.is_queue_path(path)
        if to_a_queue and method == "GET" and "?" not in path and not data:
            return queue_endpoint.unknown_operation()
        if not operation:
            # A query-protocol request without an Action (moto failed on it with a 500).
            raise AWSError("MissingAction", MISSING_ACTION_MESSAGE)
        if to_a_queue:
            queue_endpoint.check_action(operation)
        if operation in validation.CHECKED:
            json_protocol = bool(headers.get(constants.HEADER_TARGET))
            params = validation.request_params(operation, path, data, json_protocol)
            validation.check(operation, params)
            if json_protocol and direct_ops.ENABLED and operation in direct_ops.OPERATIONS:
                answered = direct_ops.answer(operation, params, headers)
                if answered is not None:
                    return answered
        elif operation in move_tasks.OPERATIONS:
            json_protocol = bool(headers.get(constants.HEADER_TARGET))
            params = validation.request_params(operation, path, data, json_protocol)
            return move_tasks.handle(operation, params, json_protocol)
        # moto writes queue URLs from the Host header; AWS users expect HOSTNAME_EXTERNAL there.
        host = headers.get("Host") or ""
        port = host.rpartition(":")[2] if ":" in host else ""
        external = get_config().hostname_external
        wanted = f"{external}:{port}" if port.isdigit() else external
        # moto takes a request without a form content type (a query call made with GET) for the
        # JSON protocol and answers it in JSON; without X-Amz-Target it is the query protocol.
        query_without_form = not headers.get(constants.HEADER_TARGET) and not (
            headers.get("Content-Type") or ""
        ).startswith(_FORM)
        if host == wanted and not query_without_form:
            return True
        headers = headers.copy()
        headers["Host"] = wanted
        if query_without_form:
            headers["Content-Type"] = _FORM
        return Request(method, path, data, headers)

    def return_response(self, method: str, path: str, data: bytes, headers: Any, response: Any) -> Any:
        if response.status_code >= 400 and not headers.get(constants.HEADER_TARGET):
            _query_error_as_aws(response)
        if response.status_code != 400 or _RECEIPT_HANDLE_INVALID not in response.get_data():
            return None
        operation = operation_name(path, data, headers)
        if operation != "ChangeMessageVisibility":
            return None
        # The handle passed the format check, so it was issued: its message is gone (AWS's wording).
        json_protocol = bool(headers.get(constants.HEADER_TARGET))
        handle = validation.request_params(operation, path, data, json_protocol).get("ReceiptHandle", "")
        return serialize_error(validation.message_not_available(handle), "sqs", headers)


def _query_error_as_aws(response: Any) -> None:
    """AWS's SQS query errors end the <Error> with an empty <Detail/> (moto's lowercase <message> is
    removed for every query service by the edge's errors.normalize_xml_error)."""
    body = response.get_data()
    if not body.lstrip().startswith((b"<ErrorResponse", b"<?xml")) or b"<Detail" in body:
        return
    response.set_data(body.replace(b"</Error>", b"<Detail/></Error>", 1))
