"""The event source mapping API as AWS answers it: validation, configurations with their State, listing."""

from __future__ import annotations

from typing import Any

from localstack.services.awslambda.event_sources import filtering
from localstack.services.awslambda.event_sources.models import MappingStates
from localstack.utils.aws.arns import arn_parts
from localstack.utils.aws.errors import AWSError

SOURCES = ("sqs", "kinesis", "dynamodb")
STREAM_POSITIONS = {
    "kinesis": ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"),
    "dynamodb": ("TRIM_HORIZON", "LATEST"),
}
MAX_BATCH = {"sqs": 10000, "sqs-fifo": 10, "kinesis": 10000, "dynamodb": 10000}


def invalid(message: str) -> AWSError:
    return AWSError("InvalidParameterValueException", message, 400)


def not_found() -> AWSError:
    return AWSError("ResourceNotFoundException", "The resource you requested does not exist.", 404)


def source_kind(source_arn: str) -> str:
    if not source_arn:
        raise invalid("Unrecognized event source.")  # as AWS answers a mapping without a source
    try:
        service = arn_parts(source_arn)[0]
    except (IndexError, ValueError):  # arn_parts raises ValueError for what is not an ARN at all
        raise invalid(f"Invalid EventSourceArn: {source_arn}") from None
    if service not in SOURCES:
        raise invalid("Unsupported event source type")
    if service == "sqs" and source_arn.endswith(".fifo"):
        return "sqs-fifo"
    return service


def validate_create(spec: dict[str, Any], backend: Any) -> None:
    """What AWS refuses before creating a mapping that moto would accept."""
    kind = source_kind(spec.get("EventSourceArn") or "")
    position = spec.get("StartingPosition")
    if kind.startswith("sqs"):
        if position:
            raise invalid("StartingPosition is not valid for SQS event sources.")
    elif not position:
        raise invalid(
            "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: "
            "Member must not be null"
        )
    elif position not in STREAM_POSITIONS[kind]:
        raise invalid(f"Unsupported starting position for {kind} event sources: {position}")
    validate_settings(kind, spec, spec.get("BatchSize"), spec.get("MaximumBatchingWindowInSeconds"))
    function = _function(backend, spec.get("FunctionName") or "")
    if function is None:
        return  # moto answers the missing function
    for mapping in list(backend._event_source_mappings.values()):
        if (
            mapping.event_source_arn == spec["EventSourceArn"]
            and mapping.function_arn == function.function_arn
        ):
            raise AWSError(
                "ResourceConflictException",
                f"The event source arn ({spec['EventSourceArn']}) and function ({function.function_name}) "
                f"provided mapping already exists. Please update or delete the existing mapping with UUID "
                f"{mapping.uuid}",
                409,
            )
    if kind.startswith("sqs"):
        _check_visibility_timeout(spec["EventSourceArn"], int(getattr(function, "timeout", 3) or 3))


def validate_update(mapping: Any, spec: dict[str, Any]) -> None:
    kind = source_kind(mapping.event_source_arn)
    batch = spec.get("BatchSize", mapping.batch_size)
    window = spec.get("MaximumBatchingWindowInSeconds", mapping.max_batch_window)
    validate_settings(kind, spec, batch, window)


def validate_settings(kind: str, spec: dict[str, Any], batch: Any, window: Any) -> None:
    if batch is not None and not 1 <= int(batch) <= MAX_BATCH[kind]:
        raise invalid(f"BatchSize {batch} is out of range: it must be between 1 and {MAX_BATCH[kind]}.")
    if window is not None and not 0 <= int(window) <= 300:
        raise invalid("MaximumBatchingWindowInSeconds must be between 0 and 300.")
    if kind == "sqs" and batch is not None and int(batch) > 10 and not window:
        raise invalid(
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"
        )
    for response_type in spec.get("FunctionResponseTypes") or []:
        if response_type != "ReportBatchItemFailures":
            raise invalid(f"Unsupported FunctionResponseType: {response_type}")
    filtering.validate(spec.get("FilterCriteria"))
    retries = spec.get("MaximumRetryAttempts")
    if retries is not None and not -1 <= int(retries) <= 10000:
        raise invalid("MaximumRetryAttempts must be between -1 and 10000.")


def _function(backend: Any, name: str) -> Any:
    try:
        return backend.get_function(name)
    except Exception:
        return None


def _check_visibility_timeout(queue_arn: str, function_timeout: int) -> None:
    from moto.sqs.models import sqs_backends

    _, region, account, name = arn_parts(queue_arn)
    queue = sqs_backends[account][region].queues.get(name)
    if queue is None:
        return  # moto answers the missing queue
    visibility = int(queue.visibility_timeout or 30)
    if visibility < function_timeout:
        raise invalid(
            f"Queue visibility timeout: {visibility} seconds is less than Function timeout: "
            f"{function_timeout} seconds"
        )


def configuration(mapping: Any, states: MappingStates, state: str | None = None) -> dict[str, Any]:
    """The mapping as GetEventSourceMapping answers it, with AWS's State and defaults."""
    config = mapping.get_configuration()
    config.pop("Tags", None)  # AWS answers tags through ListTags only
    config["State"] = (
        state or states.transitions.get(mapping.uuid) or ("Enabled" if mapping.enabled else "Disabled")
    )
    config["StateTransitionReason"] = "USER_INITIATED"
    config.setdefault("MaximumBatchingWindowInSeconds", 0)
    config.setdefault("FunctionResponseTypes", [])
    if source_kind(mapping.event_source_arn) in ("kinesis", "dynamodb"):
        config.setdefault("ParallelizationFactor", 1)
        config.setdefault("MaximumRetryAttempts", -1)
        config.setdefault("MaximumRecordAgeInSeconds", -1)
        config.setdefault("BisectBatchOnFunctionError", False)
        config.setdefault("TumblingWindowInSeconds", 0)
        config.setdefault("DestinationConfig", {"OnFailure": {}})
        config["LastProcessingResult"] = states.last_results.get(mapping.uuid, "No records processed")
    return config


def matches_function(mapping: Any, name: str) -> bool:
    """ListEventSourceMappings' FunctionName: a name, an ARN, or a partial ARN, with or without qualifier."""
    arn = mapping.function_arn
    prefix, qualified = arn.split(":function:", 1)
    base = qualified.split(":", 1)[0]
    account = prefix.rsplit(":", 1)[1]
    candidates = {arn, qualified, base, f"{prefix}:function:{base}"}
    candidates |= {f"{account}:function:{qualified}", f"{account}:function:{base}"}
    return name in candidates


def list_page(mappings: list[Any], marker: str | None, max_items: int | None) -> tuple[list[Any], str | None]:
    """One page of mappings; the marker is the index of the next one."""
    start = int(marker) if marker and marker.isdigit() else 0
    size = max(1, min(int(max_items or 100), 10000))
    page = mappings[start : start + size]
    following = start + size
    return page, (str(following) if following < len(mappings) else None)
