"""The state archive (`.lsstate`): one zip file for snapshots, named snapshots and exports.

Members (format version 1):
- `manifest.json`: {"format": "localstack-state", "format_version": 1, "created", "localstack_version",
  "moto_version", "python_version", "services": [...], "bodies": "included" | "external", "log_seq"};
- `services/<service>.pickle`: that service's state: moto's backends by account and region, our
  stores, and our module-level state (`modules`: DynamoDB's Contributor Insights and client tokens)
  (pickle protocol 5; S3 bodies are not inside, only their SHA-256);
- `bodies/<sha256>`: each S3 object body, raw (when "bodies" is "included");
- `s3-objects.json`: every S3 object version: account, region, bucket, key, version id, size, ETag and
  the SHA-256 naming its body, so that other tools can read the objects without Python.
"""

from __future__ import annotations

import datetime
import json
import platform
import shutil
import zipfile
from pathlib import Path
from typing import IO, Any, Callable

import localstack
from localstack.persistence import pickling
from localstack.persistence.bodies import SHA256_HEX
from localstack.persistence.files import StateFileError

FORMAT = "localstack-state"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


def moto_version() -> str:
    from importlib.metadata import version

    try:
        return version("moto")
    except Exception:  # noqa: BLE001 - unknown is a fine answer for a manifest
        return "unknown"


def write_archive(
    handle: IO[bytes],
    state: dict[str, dict],
    include_bodies: bool,
    sink: pickling.BodySink | None = None,
    extra: dict | None = None,
) -> pickling.BodySink:
    """Pickle each service into `handle` as an archive; returns the sink naming every body used."""
    sink = sink or pickling.BodySink()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for service, parts in sorted(state.items()):
            archive.writestr(f"services/{service}.pickle", pickling.dumps(parts, sink))
        archive.writestr("s3-objects.json", json.dumps(_s3_index(state.get("s3"), sink)))
        if include_bodies:
            for digest, opener in sorted(sink.openers.items()):
                with opener() as source, archive.open(f"bodies/{digest}", "w", force_zip64=True) as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "localstack_version": localstack.__version__,
            "moto_version": moto_version(),
            "python_version": platform.python_version(),
            "services": sorted(state),
            "bodies": "included" if include_bodies else "external",
            **(extra or {}),
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    return sink


def _s3_index(parts: dict | None, sink: pickling.BodySink) -> list[dict]:
    if not parts:
        return []
    index = []
    for account, regions in parts.get("moto", {}).items():
        for region, backend in regions.items():
            for bucket_name, bucket in list(getattr(backend, "buckets", {}).items()):
                for key in _all_versions(bucket):
                    index.append(
                        {
                            "account": account,
                            "region": getattr(bucket, "region_name", region),
                            "bucket": bucket_name,
                            "key": key.name,
                            "version_id": key.version_id,
                            "size": key.size,
                            "etag": key.etag,
                            "sha256": sink.digest_of(key),
                        }
                    )
    return index


def _all_versions(bucket: Any) -> list[Any]:
    keys = []
    for name in list(bucket.keys.keys()):
        for key in bucket.keys.getlist(name):
            if hasattr(key, "_value_buffer"):
                keys.append(key)
    return keys


class ArchiveReader:
    """An open archive: its manifest, each service's state, and its bodies."""

    def __init__(self, source: Path | IO[bytes], label: str) -> None:
        self.label = label
        try:
            self.zip = zipfile.ZipFile(source)
            self.manifest = json.loads(self.zip.read(MANIFEST))
        except FileNotFoundError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as error:
            raise StateFileError(label, f"not a readable state archive ({error})") from None
        if self.manifest.get("format") != FORMAT:
            raise StateFileError(label, f"not a state archive (format {self.manifest.get('format')!r})")
        version = self.manifest.get("format_version")
        if version != FORMAT_VERSION:
            raise StateFileError(
                label,
                f"state archive format version {version}; this localstack reads version {FORMAT_VERSION}",
            )

    @property
    def services(self) -> list[str]:
        return list(self.manifest.get("services", []))

    def load(
        self,
        services: set[str] | None,
        body_opener: Callable[[str], Callable[[], IO[bytes]]],
        created: list | None = None,
    ) -> dict:
        state = {}
        source = pickling.BodySource(body_opener, created)
        for service in self.services:
            if services is not None and service not in services:
                continue
            member = f"services/{service}.pickle"
            try:
                data = self.zip.read(member)
                state[service] = pickling.loads(data, source)
            except Exception as error:  # noqa: BLE001 - any failure names the file and member
                hint = ""
                written_with = self.manifest.get("moto_version")
                if written_with != moto_version():
                    hint = f"; written with moto {written_with}, this is moto {moto_version()}"
                raise StateFileError(self.label, f"cannot load {member}: {error!r}{hint}") from None
        return state

    def body_digests(self) -> list[str]:
        names = []
        for name in self.zip.namelist():
            if name.startswith("bodies/"):
                digest = name[len("bodies/") :]
                if not SHA256_HEX.match(digest):
                    raise StateFileError(self.label, f"bad body member name {name!r}")
                names.append(digest)
        return names

    def open_body(self, digest: str) -> IO[bytes]:
        return self.zip.open(f"bodies/{digest}")

    def verify(self) -> None:
        """Check every member's CRC (a truncated or altered file fails here, before anything changes)."""
        try:
            bad = self.zip.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise StateFileError(self.label, f"corrupt state archive ({error})") from None
        if bad is not None:
            raise StateFileError(self.label, f"corrupt member {bad}")

    def close(self) -> None:
        self.zip.close()
