"""Corrections to moto's sagemaker backend, applied by the starter before the backend is built.

moto keeps each model card as the list of its versions, and its listing of tagged resources reads
every store's values as resources: once any model card existed, Resource Groups Tagging's
GetResources, GetTagKeys and GetTagValues crashed for the whole account and region. A card's list
of versions now answers for its latest version there.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def apply() -> None:
    _patch_model_card_versions()


class ModelCardVersions(list):
    """A model card's versions, oldest first, standing for the latest where one resource is read."""

    @property
    def arn(self) -> str:
        return self[-1].arn

    @property
    def tags(self) -> Any:
        return getattr(self[-1], "tags", None)


def _patch_model_card_versions() -> None:
    from moto.sagemaker.models import SageMakerModelBackend

    original = SageMakerModelBackend.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.model_cards = defaultdict(ModelCardVersions)

    SageMakerModelBackend.__init__ = __init__
