"""Keeps one poller running per enabled mapping: starts them, stops them when a mapping is disabled or
deleted, and settles the transitional states (Creating, Enabling, Disabling, Updating)."""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any, Iterator

from localstack.services.awslambda.event_sources.models import mapping_states
from localstack.utils.aws.arns import arn_parts

LOG = logging.getLogger(__name__)

RECONCILE_INTERVAL = 1.0  # seconds; changes made through the API wake the manager at once


def all_mappings() -> Iterator[Any]:
    """Every mapping in moto's lambda backends, without importing moto (start-up must stay fast)."""
    module = sys.modules.get("moto.awslambda.models")
    if module is None:
        return
    for _, regions in list(dict.items(module.lambda_backends)):
        for _, backend in list(dict.items(regions)):
            yield from list(backend._event_source_mappings.values())


class MappingManager:
    def __init__(self, infra: Any) -> None:
        self.infra = infra
        self.wake = threading.Event()
        self.pollers: dict[str, tuple[Any, threading.Event]] = {}  # uuid -> (mapping, cancelled)
        self.threads: dict[str, threading.Thread] = {}  # uuid -> poller thread, until it has ended

    def notify(self) -> None:
        self.wake.set()

    def loop(self, stopped: threading.Event) -> None:
        try:
            while not stopped.is_set():
                self.wake.clear()
                try:
                    self.reconcile()
                except Exception:
                    LOG.exception("Error reconciling event source mappings")
                # Sooner while a poller winds down, so that Disabling turns Disabled promptly.
                stopping = any(uuid not in self.pollers for uuid in self.threads)
                self.wake.wait(0.1 if stopping else RECONCILE_INTERVAL)
        finally:
            for _, cancelled in self.pollers.values():
                cancelled.set()
            self.pollers.clear()

    def reconcile(self) -> None:
        mappings = {mapping.uuid: mapping for mapping in all_mappings()}
        for uuid, (mapping, cancelled) in list(self.pollers.items()):
            current = mappings.get(uuid)
            # A reset builds new backends: a mapping object that was replaced is gone too.
            if current is not mapping or not mapping.enabled:
                cancelled.set()
                del self.pollers[uuid]
        for uuid, thread in list(self.threads.items()):
            if not thread.is_alive():
                del self.threads[uuid]
        for uuid, mapping in mappings.items():
            # A poller still finishing its batch is waited for: two never read one mapping at once.
            if mapping.enabled and uuid not in self.pollers and uuid not in self.threads:
                self._start(mapping)
        for store in mapping_states.all():
            with store.lock:
                for uuid in list(store.transitions):
                    mapping = mappings.get(uuid)
                    running = uuid in self.threads
                    # Disabled only once its poller has ended; Enabled once one runs.
                    if mapping is None or running == bool(mapping.enabled):
                        store.transitions.pop(uuid, None)
                known = set(store.checkpoints) | set(store.start_iterators) | set(store.last_results)
                for uuid in known - set(mappings):
                    store.forget(uuid)

    def _start(self, mapping: Any) -> None:
        from localstack.services.awslambda.event_sources.sqs_poller import SqsPoller
        from localstack.services.awslambda.event_sources.stream_poller import StreamPoller

        cancelled = threading.Event()
        service, region, account, _ = arn_parts(mapping.arn)
        try:
            if arn_parts(mapping.event_source_arn)[0] == "sqs":
                poller: Any = SqsPoller(mapping, cancelled)
            else:
                poller = StreamPoller(mapping, mapping_states[account][region], cancelled)
        except Exception:
            LOG.exception("Cannot poll the source of mapping %s", mapping.uuid)
            return
        self.pollers[mapping.uuid] = (mapping, cancelled)
        self.threads[mapping.uuid] = self.infra.start_worker(f"lambda-esm-{mapping.uuid[:8]}", poller.run)
