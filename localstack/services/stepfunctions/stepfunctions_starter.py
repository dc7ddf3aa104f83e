"""Registers the stepfunctions service."""

import sys

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import order_enums, require_members


def _stop_running_executions() -> None:
    """End every execution's threads and waiting GetActivityTask on shutdown (if the backend was built)."""
    if "localstack.services.stepfunctions.executions" not in sys.modules:
        return
    from moto.stepfunctions.models import stepfunctions_backends

    for _account, _region, backend in stepfunctions_backends.iter_backends():
        backend.stop_all()
        backend.close_activities()


def _on_start() -> None:
    from localstack.services import infra

    infra.current().on_stop(_stop_running_executions)


def service() -> ServiceSpec:
    # A tag with no key is refused as a missing member, not handed to moto (KeyError: 'key').
    require_members("stepfunctions", {"Tag": frozenset(("key",))})
    # ListExecutions' statusFilter sentence lists the statuses in this order (recorded), not the model's.
    order_enums(
        "stepfunctions",
        {"ExecutionStatus": ("SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED", "FAILED", "RUNNING")},
    )
    return ServiceSpec(
        "stepfunctions",
        listeners=deferred(f"{__package__}.stepfunctions_listener:StepfunctionsListener"),
        patches=f"{__package__}.patches",
        on_start=_on_start,
    )
