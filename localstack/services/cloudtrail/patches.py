"""Corrections to moto's cloudtrail backend, applied by the starter before the backend is built.

DeleteTrail of a trail that does not exist answered 200 and changed nothing; CloudTrail answers
TrailNotFoundException (the botocore model lists it for DeleteTrail), naming the trail by its ARN as
its GetTrail does ("Unknown trail: arn:aws:cloudtrail:<region>:<account>:trail/<name> for the user:
<account>", as recorded against AWS in users' reports). A trail may be named by its ARN too.
"""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_delete_trail()


def _patch_delete_trail() -> None:
    from moto.cloudtrail.exceptions import TrailNotFoundException
    from moto.cloudtrail.models import CloudTrailBackend

    def delete_trail(self: Any, name: str) -> None:
        if name in self.trails:
            del self.trails[name]
            return
        for key, trail in list(self.trails.items()):
            if trail.arn == name:
                del self.trails[key]
                return
        arn = name
        if not name.startswith("arn:"):
            arn = f"arn:{self.partition}:cloudtrail:{self.region_name}:{self.account_id}:trail/{name}"
        raise TrailNotFoundException(account_id=self.account_id, name=arn)

    CloudTrailBackend.delete_trail = delete_trail
