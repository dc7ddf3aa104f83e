"""Corrections to moto's batch backend, applied by the starter before the backend is built.

DeleteJobQueue of a queue that does not exist answered 200 and changed nothing; Batch answers
ClientException "<queue> does not exist." (HTTP 400), as Terraform's acceptance tests recorded it
against AWS for a queue deleted behind their back.
"""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_delete_job_queue()


def _patch_delete_job_queue() -> None:
    from moto.batch.exceptions import ClientException
    from moto.batch.models import BatchBackend

    original = BatchBackend.delete_job_queue

    def delete_job_queue(self: Any, queue_name: str) -> None:
        if self.get_job_queue(queue_name) is None:
            raise ClientException(f"{queue_name} does not exist.")
        original(self, queue_name)

    BatchBackend.delete_job_queue = delete_job_queue
