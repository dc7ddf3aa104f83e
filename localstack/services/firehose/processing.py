"""Data transformation: a delivery stream's ProcessingConfiguration Lambda sees each buffered batch
and answers Ok / Dropped / ProcessingFailed per record; failures go to the error output."""

from __future__ import annotations

import base64
import json
import logging
import time
import uuid
from typing import Any

from localstack.services.firehose.models import BufferedRecord
from localstack.utils.aws.internal_client import connect_to

LOG = logging.getLogger(__name__)
DEFAULT_RETRIES = 3


def lambda_processor(destination: dict) -> tuple[str, int] | None:
    """(function ARN, retries) of an enabled Lambda processor, or None."""
    config = destination.get("ProcessingConfiguration") or {}
    if not config.get("Enabled"):
        return None
    for processor in config.get("Processors") or []:
        if processor.get("Type") != "Lambda":
            continue
        parameters = {
            p.get("ParameterName"): p.get("ParameterValue") for p in processor.get("Parameters") or []
        }
        if parameters.get("LambdaArn"):
            return parameters["LambdaArn"], int(parameters.get("NumberOfRetries") or DEFAULT_RETRIES)
    return None


def _event(region: str, stream: Any, records: list[BufferedRecord]) -> dict:
    event: dict[str, Any] = {
        "invocationId": str(uuid.uuid4()),
        "deliveryStreamArn": stream.delivery_stream_arn,
        "region": region,
        "records": [],
    }
    source = stream.source or {}
    if source.get("KinesisStreamARN"):
        event["sourceKinesisStreamArn"] = source["KinesisStreamARN"]
    for record in records:
        entry = {
            "recordId": record.record_id,
            "approximateArrivalTimestamp": int(record.arrival * 1000),
            "data": base64.b64encode(record.data).decode("ascii"),
        }
        if record.kinesis:
            entry["kinesisRecordMetadata"] = record.kinesis
        event["records"].append(entry)
    return event


def _failure(record: BufferedRecord, attempts: int, code: str, message: str, arn: str) -> dict:
    return {
        "attemptsMade": attempts,
        "arrivalTimestamp": int(record.arrival * 1000),
        "errorCode": code,
        "errorMessage": message,
        "attemptEndingTimestamp": int(time.time() * 1000),
        "rawData": base64.b64encode(record.data).decode("ascii"),
        "lambdaArn": arn,
    }


def _invoke(account_id: str, region: str, arn: str, event: dict) -> tuple[dict | None, str, str]:
    """The function's answer, or None with an error code and message."""
    try:
        response = connect_to("lambda", account_id, region).invoke(
            FunctionName=arn, InvocationType="RequestResponse", Payload=json.dumps(event).encode("utf-8")
        )
    except Exception as error:  # noqa: BLE001 - any failure to invoke is an invocation error
        code = getattr(error, "response", {}).get("Error", {}).get("Code") or "ServiceException"
        return None, f"Lambda.{code}", str(error)
    payload = response["Payload"].read()
    if response.get("FunctionError"):
        return (
            None,
            "Lambda.FunctionError",
            ("The Lambda function was successfully invoked but it returned an error result."),
        )
    try:
        answer = json.loads(payload)
    except ValueError:
        return None, "Lambda.JsonProcessingException", "The Lambda function returned invalid JSON."
    if not isinstance(answer, dict) or not isinstance(answer.get("records"), list):
        return None, "Lambda.MissingRecordId", "The response from the Lambda function has no records."
    return answer, "", ""


def process(
    account_id: str, region: str, stream: Any, destination: dict, records: list[BufferedRecord]
) -> tuple[list[BufferedRecord], list[dict]]:
    """(records to deliver, error documents) after the processing Lambda, if there is one."""
    processor = lambda_processor(destination)
    if processor is None or not records:
        return records, []
    arn, retries = processor
    event = _event(region, stream, records)
    answer, code, message = None, "", ""
    attempts = 0
    while attempts <= retries:
        attempts += 1
        answer, code, message = _invoke(account_id, region, arn, event)
        if answer is not None:
            break
    if answer is None:
        LOG.warning(
            "firehose %s: processing Lambda failed (%s): %s", stream.delivery_stream_name, code, message
        )
        return [], [_failure(record, attempts, code, message, arn) for record in records]
    results = {entry.get("recordId"): entry for entry in answer["records"] if isinstance(entry, dict)}
    delivered, failures = [], []
    for record in records:
        entry = results.get(record.record_id)
        if entry is None:
            failures.append(
                _failure(
                    record, attempts, "Lambda.MissingRecordId", "Record ID missing in the response.", arn
                )
            )
        elif entry.get("result") == "Ok":
            try:
                data = base64.b64decode(entry.get("data") or "")
            except ValueError:
                failures.append(_failure(record, attempts, "Lambda.InvalidData", "Data is not base64.", arn))
                continue
            delivered.append(BufferedRecord(data, record.arrival, record.record_id, record.kinesis))
        elif entry.get("result") == "Dropped":
            continue
        else:
            failures.append(
                _failure(
                    record,
                    attempts,
                    "Lambda.ProcessingFailedStatus",
                    "ProcessingFailed status set for record",
                    arn,
                )
            )
    return delivered, failures
