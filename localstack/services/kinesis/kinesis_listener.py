"""Hooks around the kinesis backend: request rules (validation.py), the account's shard quota, and
KINESIS_ERROR_PROBABILITY fault injection on PutRecord(s)."""

from __future__ import annotations

import json
import random
from typing import Any

from werkzeug.wrappers import Response

from localstack.config import get_config
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.kinesis import shard_quota, validation
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request

THROTTLED = "ProvisionedThroughputExceededException"
# Carries the positions of the records we refused from forward_request to return_response.
_FAILED_HEADER = "x-localstack-kinesis-throttled"


def _operation(headers: Any) -> str:
    return (headers.get("X-Amz-Target") or "").rpartition(".")[2]


def _stream_label(body: dict, headers: Any) -> str:
    name = body.get("StreamName") or str(body.get("StreamARN") or "").rpartition("/")[2]
    account = request_context.account_for_access_key(request_context.access_key_of(headers))
    return f"stream {name} under account {account}"


class KinesisListener(ProxyListener):
    """Answers the configured fraction of puts as AWS does when a shard is over its throughput:
    PutRecord fails whole, PutRecords fails record by record (the others are written)."""

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = _operation(headers)
        validation.check(operation, data)
        rewritten = shard_quota.check(operation, data, headers)
        if rewritten is not None:
            return Request(method, path, json.dumps(rewritten).encode("utf-8"), headers)
        probability = get_config().kinesis_error_probability
        if probability <= 0:
            return True
        if operation not in ("PutRecord", "PutRecords"):
            return True
        try:
            body = json.loads(data or b"{}")
        except ValueError:
            return True  # moto answers the malformed body
        message = f"Rate exceeded for {_stream_label(body, headers)}."
        if operation == "PutRecord":
            if random.random() < probability:
                raise AWSError(THROTTLED, message, 400)
            return True
        records = body.get("Records")
        if not isinstance(records, list) or not records:
            return True
        failed = {index for index in range(len(records)) if random.random() < probability}
        if not failed:
            return True
        body["Records"] = [record for index, record in enumerate(records) if index not in failed]
        headers = headers.copy()
        headers[_FAILED_HEADER] = ",".join(map(str, sorted(failed)))
        return Request(method, path, json.dumps(body).encode("utf-8"), headers)

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        marker = headers.get(_FAILED_HEADER)
        if not marker or response.status_code >= 300:
            return None
        failed = {int(index) for index in marker.split(",")}
        result = json.loads(response.get_data() or b"{}")
        written = iter(result.get("Records", []))
        total = len(result.get("Records", [])) + len(failed)
        message = f"Rate exceeded for {_stream_label(json.loads(data or b'{}'), headers)}."
        merged = [
            {"ErrorCode": THROTTLED, "ErrorMessage": message} if index in failed else next(written)
            for index in range(total)
        ]
        result["Records"] = merged
        result["FailedRecordCount"] = result.get("FailedRecordCount", 0) + len(failed)
        return Response(json.dumps(result), status=response.status_code, content_type=response.content_type)
