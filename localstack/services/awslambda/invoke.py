"""Running invocations: synchronous ones on a warm worker (or the Docker executor), asynchronous ones
queued on the dispatcher, retried, then reported to destinations or the dead-letter queue."""

from __future__ import annotations

import json
import logging
import time

from localstack.config import get_config
from localstack.services.awslambda import destinations, logs
from localstack.services.awslambda.functions import FunctionSpec
from localstack.services.awslambda.workers import Invocation, error_payload
from localstack.utils import fast_ids

LOG = logging.getLogger(__name__)


def async_retry_delay() -> float:
    """LAMBDA_ASYNC_RETRY_DELAY: seconds before the first retry of a failed async invoke (AWS: 60; the
    second retry waits twice as long)."""
    return get_config().lambda_async_retry_delay


def _executor() -> str:
    return get_config().lambda_executor


def run(
    spec: FunctionSpec,
    payload: bytes,
    invoked_arn: str,
    request_id: str | None = None,
    client_context: str | None = None,
    wait_for_slot: bool = False,
) -> Invocation:
    """Run one invocation to its end; its log is shipped to CloudWatch Logs off this thread."""
    invocation = Invocation(
        request_id=request_id or fast_ids.request_id(),
        payload=payload or b"{}",
        invoked_arn=invoked_arn,
        timeout=spec.timeout,
        client_context=client_context,
    )
    if _executor() == "docker":
        from localstack.services.awslambda import docker_executor

        docker_executor.run(spec, invocation)
        stream, memory = docker_executor.log_stream(spec), 0
    else:
        from localstack.services.awslambda.pool import pools

        worker = pools().run(spec, invocation, wait=wait_for_slot)
        stream, memory = worker.log_stream, worker.max_memory_mb()
    invocation.log_lines = logs.invocation_log(spec, invocation, memory)
    if _logs_enabled():
        logs.shipper.ship(spec, stream, invocation.log_lines)
    return invocation


def _logs_enabled() -> bool:
    from localstack.services import infra

    return infra.current().config.is_enabled("logs")


def run_async(spec: FunctionSpec, payload: bytes, invoked_arn: str, request_id: str) -> None:
    """Queue an Event invocation: it runs on the dispatcher, waiting for a free slot instead of failing."""
    from localstack.services import infra

    infra.current().dispatcher.submit(_deliver_async, spec, payload, invoked_arn, request_id, time.time())


def _deliver_async(
    spec: FunctionSpec, payload: bytes, invoked_arn: str, request_id: str, queued: float
) -> None:
    attempts = 0
    result, error_type, condition = b"", None, "RetriesExhausted"
    for attempt in range(1 + max(0, spec.max_retries)):
        if spec.max_event_age is not None and time.time() - queued > spec.max_event_age:
            condition = "EventAgeExceeded"
            break
        if attempt:
            time.sleep(async_retry_delay() * attempt)
        attempts += 1
        try:
            invocation = run(spec, payload, invoked_arn, request_id, wait_for_slot=True)
            result, error_type = invocation.result, invocation.error_type
        except Exception as error:  # the function could not run at all (runtime missing, bad code)
            LOG.warning("Async invoke of %s failed: %s", spec.qualified_arn, error)
            result = error_payload(type(error).__name__, getattr(error, "message", str(error)))
            error_type = "Unhandled"
        if error_type is None:
            if spec.on_success:
                record = destinations.invocation_record(
                    spec, request_id, payload, result, None, "Success", attempts
                )
                _safely(destinations.send_to_destination, spec.on_success, record, True)
            return
    LOG.info("Async invoke %s of %s failed after %d attempts", request_id, spec.qualified_arn, attempts)
    if spec.on_failure:
        record = destinations.invocation_record(
            spec, request_id, payload, result, error_type, condition, attempts
        )
        _safely(destinations.send_to_destination, spec.on_failure, record, False)
    if spec.dead_letter_arn:
        try:
            message = json.loads(result).get("errorMessage", "") if result else ""
        except (ValueError, AttributeError):
            message = ""
        _safely(
            destinations.send_to_dead_letter_queue, spec.dead_letter_arn, payload, request_id, str(message)
        )


def _safely(deliver, *args) -> None:  # noqa: ANN001 - a delivery function of destinations
    try:
        deliver(*args)
    except Exception:
        LOG.exception("Lambda delivery to %s failed", args[0])
