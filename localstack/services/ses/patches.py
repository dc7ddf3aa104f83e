"""Corrections to moto's ses backend, applied by the starter before the backend is built."""

from __future__ import annotations

import datetime
from typing import Any


def apply() -> None:
    from localstack.services.ses import notification_headers

    _stamp_sent_messages()
    notification_headers.apply()


def _stamp_sent_messages() -> None:
    """moto keeps no time for a sent email; GET /_aws/ses shows when each was sent."""
    from moto.ses import models

    for cls in (models.Message, models.TemplateMessage, models.RawMessage):
        original = cls.__init__

        def stamped(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> None:
            __original(self, *args, **kwargs)
            self.ls_timestamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

        cls.__init__ = stamped  # type: ignore[method-assign]
