"""What an invoke needs to know about a function: its spec, resolved once from moto's records and cached,
and its code and layers unpacked on disk (one directory per code digest)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localstack.services.awslambda.models import lambda_stores
from localstack.utils.aws.errors import AWSError

ZIP_ERROR = "Could not unzip uploaded file. Please check your file, then try to upload again."
DEFAULT_MAX_RETRIES = 2


@dataclass(frozen=True)
class FunctionSpec:
    """One version of a function as it runs: everything a worker needs, no moto lookups."""

    account: str
    region: str
    name: str
    arn: str  # unqualified
    version: str  # "$LATEST" or a published version number
    runtime: str
    handler: str
    timeout: float
    memory: int
    environment: dict[str, str]
    code_sha: str
    package_type: str
    image_uri: str | None
    layers: tuple[str, ...]  # layer version ARNs, in order
    reserved_concurrency: int | None
    dead_letter_arn: str | None
    max_retries: int
    max_event_age: int | None
    on_success: str | None
    on_failure: str | None
    record: Any = field(compare=False, repr=False)  # moto's LambdaFunction (code bytes, layers)

    @property
    def qualified_arn(self) -> str:
        return f"{self.arn}:{self.version}"

    @property
    def pool_key(self) -> str:
        """Workers are reused only for an identical function: any change of code or config is a new pool."""
        parts = [self.arn, self.version, self.runtime, self.handler, self.timeout, self.memory]
        parts += [sorted(self.environment.items()), self.code_sha, list(self.layers), self.image_uri]
        return hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()


def _not_found(error: Exception) -> AWSError:
    code = getattr(error, "error_type", "ResourceNotFoundException")
    return AWSError(code, getattr(error, "message", str(error)), getattr(error, "code", 404))


def split_target(name_or_arn: str, account: str, region: str) -> tuple[str, str, str]:
    """(account, region, name[:qualifier]) of a function name, partial ARN or full ARN."""
    if name_or_arn.startswith("arn:"):
        parts = name_or_arn.split(":")
        if len(parts) >= 7 and parts[2] == "lambda":
            return parts[4] or account, parts[3] or region, ":".join(parts[6:])
    elif name_or_arn.count(":") >= 2:  # partial ARN: 123456789012:function:name[:qualifier]
        parts = name_or_arn.split(":")
        if parts[1] == "function":
            return parts[0], region, ":".join(parts[2:])
    return account, region, name_or_arn


def resolve(name_or_arn: str, qualifier: str | None, account: str, region: str) -> FunctionSpec:
    """The spec of the function (and version or alias) an invoke names; a dict get when warm."""
    account, region, name = split_target(name_or_arn, account, region)
    store = lambda_stores[account][region]
    key = (name, qualifier)
    spec = store.specs.get(key)
    if spec is not None and spec.record.code_sha_256 == spec.code_sha:
        return spec
    spec = _load(account, region, name, qualifier)
    store.specs[key] = spec
    return spec


def forget(account: str, region: str) -> None:
    """Drop cached specs after a change through the Lambda API (code, config, aliases, versions)."""
    lambda_stores[account][region].specs.clear()


def _load(account: str, region: str, name: str, qualifier: str | None) -> FunctionSpec:
    from moto.awslambda.models import lambda_backends

    backend = lambda_backends[account][region]
    if ":" in name:
        name, _, in_name = name.partition(":")
        qualifier = in_name or qualifier
    try:
        record = backend.get_function(name, qualifier)
        latest = backend.get_function(name, None)
    except Exception as error:  # moto's UnknownFunctionException, UnknownAliasException
        raise _not_found(error) from None
    if record is None:
        raise AWSError("ResourceNotFoundException", f"Function not found: {name}", 404)
    version = str(record.version)
    invoke_config = record.event_invoke_config[-1].config if record.event_invoke_config else {}
    destinations = invoke_config.get("DestinationConfig") or {}
    reserved = latest.reserved_concurrency
    dead_letter = getattr(record, "dead_letter_config", None) or {}
    arn = record.function_arn.rsplit(":", 1)[0] if version != "$LATEST" else record.function_arn
    if arn.endswith(":$LATEST"):
        arn = arn[: -len(":$LATEST")]
    return FunctionSpec(
        account=account,
        region=region,
        name=record.function_name,
        arn=arn,
        version=version,
        runtime=record.run_time or "",
        handler=record.handler or "",
        timeout=float(record.timeout or 3),
        memory=int(record.memory_size or 128),
        environment={str(k): str(v) for k, v in (record.environment_vars or {}).items()},
        code_sha=record.code_sha_256,
        package_type=record.package_type or "Zip",
        image_uri=(record.code or {}).get("ImageUri"),
        layers=tuple(layer["Arn"] for layer in record.layers or []),
        reserved_concurrency=None if reserved in (None, "") else int(reserved),
        dead_letter_arn=dead_letter.get("TargetArn") or None,
        max_retries=int(invoke_config.get("MaximumRetryAttempts", DEFAULT_MAX_RETRIES)),
        max_event_age=invoke_config.get("MaximumEventAgeInSeconds"),
        on_success=(destinations.get("OnSuccess") or {}).get("Destination"),
        on_failure=(destinations.get("OnFailure") or {}).get("Destination"),
        record=record,
    )


# --- code on disk ---------------------------------------------------------------------------------

_prepared: set[str] = set()
_prepare_lock = threading.Lock()


def lambda_dir() -> Path:
    from localstack.config import get_config

    return Path(get_config().run_dir) / "lambda"


def check_zip(data: bytes) -> None:
    """CreateFunction and UpdateFunctionCode refuse what is not a readable zip, as AWS does."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise AWSError("InvalidParameterValueException", ZIP_ERROR) from None


def _unpack(data: bytes, target: Path) -> Path:
    if str(target) in _prepared:
        return target
    with _prepare_lock:
        if str(target) in _prepared or target.is_dir():
            _prepared.add(str(target))
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    path = Path(archive.extract(info, staging))
                    mode = (info.external_attr >> 16) & 0o777
                    if mode and not info.is_dir():
                        # Keep executables executable (bootstrap); always readable by the owner.
                        os.chmod(path, mode | 0o600)
            os.rename(staging, target)
        except (zipfile.BadZipFile, ValueError, OSError) as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise AWSError(
                "InvalidZipFileException", f"Lambda was unable to unzip the deployment package: {error}", 502
            ) from None
        _prepared.add(str(target))
        return target


def code_dir(spec: FunctionSpec) -> Path:
    """The function's code, unpacked once per code digest (LAMBDA_TASK_ROOT)."""
    return _unpack(spec.record.code_bytes, lambda_dir() / "code" / spec.code_sha.replace("/", "_"))


def layer_dirs(spec: FunctionSpec) -> list[Path]:
    """Each layer unpacked once per digest (what AWS mounts under /opt), in the function's order."""
    from moto.awslambda.models import lambda_backends

    dirs = []
    for arn in spec.layers:
        parts = arn.split(":")
        layer = lambda_backends[parts[4]][parts[3]].layers_versions_by_arn(arn)
        if layer is None:
            raise AWSError("ResourceNotFoundException", f"Layer version {arn} does not exist.", 404)
        dirs.append(_unpack(layer.code_bytes, lambda_dir() / "layers" / layer.code_sha_256.replace("/", "_")))
    return dirs
