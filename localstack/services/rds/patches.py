"""Corrections to moto's rds backend, applied by the starter before the backend is built.

DescribeDBLogFiles and DescribeBlueGreenDeployments hand every request member to backend methods
that take only some (a Marker, MaxRecords, FilenameContains...): a valid request crashed. Paging and
the log-file filters are read as AWS reads them where the backend has no notion of them: every
result on one page, filtered by name, time and size. DescribeOptionGroups without a name whose
filters match nothing lists nothing (moto raised OptionGroupNotFound for a name it was not given).
"""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_log_files()
    _patch_blue_green_deployments()
    _patch_option_groups_without_a_name()


def _patch_log_files() -> None:
    from moto.rds.models import RDSBackend

    original = RDSBackend.describe_db_log_files

    def describe_db_log_files(
        self: Any,
        db_instance_identifier: str,
        filename_contains: str | None = None,
        file_last_written: int | None = None,
        file_size: int | None = None,
        **_paging: Any,
    ) -> Any:
        files = original(self, db_instance_identifier)
        return [
            log
            for log in files
            if (not filename_contains or filename_contains in str(getattr(log, "log_file_name", "")))
            and (not file_last_written or getattr(log, "last_written", 0) * 1000 >= int(file_last_written))
            and (not file_size or int(getattr(log, "size", 0) or 0) >= int(file_size))
        ]

    RDSBackend.describe_db_log_files = describe_db_log_files


def _patch_blue_green_deployments() -> None:
    from moto.rds.models import RDSBackend

    original = RDSBackend.describe_blue_green_deployments

    def describe_blue_green_deployments(
        self: Any, blue_green_deployment_identifier: str | None = None, filters: Any = None, **_paging: Any
    ) -> Any:
        return original(self, blue_green_deployment_identifier, filters)

    RDSBackend.describe_blue_green_deployments = describe_blue_green_deployments


def _patch_option_groups_without_a_name() -> None:
    from moto.rds.exceptions import OptionGroupNotFoundFaultError
    from moto.rds.models import RDSBackend

    original = RDSBackend.describe_option_groups

    def describe_option_groups(self: Any, option_group_kwargs: dict[str, Any]) -> Any:
        try:
            return original(self, option_group_kwargs)
        except (KeyError, OptionGroupNotFoundFaultError):
            if option_group_kwargs.get("option_group_name"):
                raise
            return []

    RDSBackend.describe_option_groups = describe_option_groups
