"""Registers the firehose service and its worker: buffer intervals and Kinesis sources."""

from __future__ import annotations

import logging
import sys
import threading
import time

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec

LOG = logging.getLogger(__name__)
TICK_SECONDS = 0.25


def _run(stop: threading.Event) -> None:
    while not stop.wait(TICK_SECONDS):
        # Until firehose's backend is built nothing exists to flush: neither moto nor our buffers
        # (with delivery and Lambda's modules, ~5 ms of CPU) are imported for nothing at start-up.
        if "moto.firehose.models" not in sys.modules:
            continue
        from localstack.services.firehose import buffers, kinesis_source

        try:
            kinesis_source.poll_all()
            buffers.flush_due(time.time())
        except Exception:
            LOG.exception("firehose worker pass failed")


def _flush_on_stop() -> None:
    if "moto.firehose.models" not in sys.modules:
        return
    from localstack.services.firehose import buffers, kinesis_source

    try:
        kinesis_source.poll_all()
    except Exception:
        LOG.exception("firehose: final read of Kinesis sources failed")
    buffers.flush_due(time.time(), force=True)


def _start() -> None:
    from localstack.services import infra

    running = infra.current()
    running.start_worker("firehose", _run)
    running.on_stop(_flush_on_stop)


def service() -> ServiceSpec:
    return ServiceSpec(
        "firehose",
        listeners=deferred(f"{__package__}.firehose_listener:FirehoseListener"),
        patches=f"{__package__}.patches",
        on_start=_start,
    )
