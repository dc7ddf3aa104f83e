"""Hooks around the firehose backend: puts to S3 delivery streams are buffered by us (moto wrote each
put to S3 at once), Kinesis sources are registered at creation, deleted streams drop their buffers."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import time
from typing import Any

from werkzeug.wrappers import Response

from localstack.services.firehose import buffers, delivery, kinesis_source
from localstack.services.firehose.models import BufferedRecord
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError

MAX_RECORD_BYTES = 1000 * 1024
MAX_BATCH_RECORDS = 500
MAX_BATCH_BYTES = 4 * 1024 * 1024


def _scope(headers: Any) -> tuple[str, str]:
    return request_context.account_and_region(headers)


def _invalid(message: str) -> AWSError:
    return AWSError("InvalidArgumentException", message, 400)


def _decode(entry: Any, position: str) -> bytes:
    data = entry.get("Data") if isinstance(entry, dict) else None
    if data is None:
        raise AWSError(
            "ValidationException",
            f"1 validation error detected: Value null at '{position}.data' failed to "
            "satisfy constraint: Member must not be null",
        )
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise AWSError("SerializationException", f"{position}.data is not valid base64") from None
    if len(raw) > MAX_RECORD_BYTES:
        raise AWSError(
            "ValidationException",
            f"1 validation error detected: Value at '{position}.data' failed to satisfy "
            f"constraint: Member must have length less than or equal to {MAX_RECORD_BYTES}",
        )
    return raw


def _check_destination(body: dict) -> None:
    """What we cannot deliver faithfully is refused up front rather than written wrong later."""
    for key in (
        "ExtendedS3DestinationConfiguration",
        "S3DestinationConfiguration",
        "ExtendedS3DestinationUpdate",
        "S3DestinationUpdate",
    ):
        config = body.get(key)
        if not isinstance(config, dict):
            continue
        compression = (config.get("CompressionFormat") or "UNCOMPRESSED").upper()
        if compression not in delivery.SUPPORTED_COMPRESSION:
            raise _invalid(
                f"CompressionFormat {compression} is not supported by this emulator "
                f"(supported: {', '.join(delivery.SUPPORTED_COMPRESSION)})."
            )
        if delivery.has_expressions(config.get("Prefix")) and not config.get("ErrorOutputPrefix"):
            raise _invalid("ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.")


class FirehoseListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = (headers.get("X-Amz-Target") or "").rpartition(".")[2]
        if operation not in ("PutRecord", "PutRecordBatch", "CreateDeliveryStream", "UpdateDestination"):
            return True
        try:
            body = json.loads(data or b"{}")
        except ValueError:
            return True  # moto answers the malformed body
        if not isinstance(body, dict):
            return True
        if operation in ("CreateDeliveryStream", "UpdateDestination"):
            _check_destination(body)
            if operation == "CreateDeliveryStream":
                self._check_source(body, headers)
            return True
        account, region = _scope(headers)
        name = body.get("DeliveryStreamName") or ""
        stream = buffers.delivery_stream(account, region, name)
        if stream is None:
            return True  # moto answers ResourceNotFoundException
        if stream.delivery_stream_type == kinesis_source.SOURCE_TYPE:
            raise _invalid("This operation is not permitted on KinesisStreamAsSource delivery stream type.")
        if delivery.s3_destination(stream) is None:
            return True  # other destinations stay moto's
        now = time.time()
        if operation == "PutRecord":
            record = BufferedRecord(_decode(body.get("Record"), "record"), now, secrets.token_hex(56))
            buffers.add_records(account, region, name, [record])
            return {"RecordId": record.record_id, "Encrypted": False}
        entries = body.get("Records")
        if not isinstance(entries, list) or not entries:
            raise AWSError("ValidationException", "Records must contain between 1 and 500 records.")
        if len(entries) > MAX_BATCH_RECORDS:
            raise AWSError(
                "ValidationException",
                "1 validation error detected: Value at 'records' failed to satisfy "
                f"constraint: Member must have length less than or equal to {MAX_BATCH_RECORDS}",
            )
        records = [
            BufferedRecord(_decode(entry, f"records.{i + 1}.member"), now, secrets.token_hex(56))
            for i, entry in enumerate(entries)
        ]
        if sum(len(r.data) for r in records) > MAX_BATCH_BYTES:
            raise _invalid(f"Records size exceeds {MAX_BATCH_BYTES // (1024 * 1024)} MiB limit")
        buffers.add_records(account, region, name, records)
        return {
            "FailedPutCount": 0,
            "Encrypted": False,
            "RequestResponses": [{"RecordId": record.record_id} for record in records],
        }

    @staticmethod
    def _check_source(body: dict, headers: Any) -> None:
        config = body.get("KinesisStreamSourceConfiguration")
        if body.get("DeliveryStreamType") != kinesis_source.SOURCE_TYPE or not isinstance(config, dict):
            return
        arn = str(config.get("KinesisStreamARN") or "")
        parts = arn.split(":")
        if len(parts) < 6 or parts[2] != "kinesis":
            raise _invalid(f"KinesisStreamARN {arn} is not a Kinesis stream ARN.")
        from localstack.utils.aws.internal_client import connect_to

        try:
            connect_to("kinesis", parts[4], parts[3]).describe_stream_summary(StreamARN=arn)
        except Exception:  # noqa: BLE001 - any failure to find it is a missing stream
            raise _invalid(f"Stream {arn.rpartition('/')[2]} under account {parts[4]} not found.") from None

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        if response.status_code >= 300:
            return None
        operation = (headers.get("X-Amz-Target") or "").rpartition(".")[2]
        if operation not in ("CreateDeliveryStream", "DeleteDeliveryStream"):
            return None
        body = json.loads(data or b"{}")
        account, region = _scope(headers)
        name = body.get("DeliveryStreamName") or ""
        if operation == "DeleteDeliveryStream":
            buffers.forget(account, region, name)
        elif body.get("DeliveryStreamType") == kinesis_source.SOURCE_TYPE:
            arn = body["KinesisStreamSourceConfiguration"]["KinesisStreamARN"]
            kinesis_source.register(account, region, name, arn)
        return None
