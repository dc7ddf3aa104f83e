"""The extension itself: what it adds to the emulator, through the hooks of `Extension`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from localstack.extensions import Extension, Request, Route, Service
from localstack_extension_example.counter import CallCounter, Tally
from localstack_extension_example.notes import TARGET_PREFIX, NotesApp, NotesStore

if TYPE_CHECKING:
    from localstack.config import Config
    from localstack.extensions.api import Listeners


class ExampleExtension(Extension):
    name = "example"

    def __init__(self) -> None:
        self.tally = Tally()
        self.notes = NotesStore()
        self.notes_port: int | None = None

    def on_load(self, config: Config) -> None:
        port = os.environ.get("NOTES_PORT", "")
        self.notes_port = int(port) if port else None

    def listeners(self) -> Listeners:
        # Every service, ours and the notes service: a factory, so that each listener knows whose
        # calls it counts (listener hooks are not told the service).
        return {"*": lambda service: CallCounter(service, self.tally)}

    def routes(self) -> list[Route]:
        return [
            Route("/calls", self.get_calls),
            Route("/calls/<service>", self.get_service_calls),
            Route("/calls", self.clear_calls, methods=("DELETE",)),
        ]

    def services(self) -> list[Service]:
        return [
            Service(
                "notes",
                NotesApp(self.notes),
                port=self.notes_port,
                target_prefixes=(TARGET_PREFIX,),
                path_prefixes=("/notes",),
            )
        ]

    def on_reset(self) -> None:
        self.notes.reset()

    def get_calls(self, request: Request) -> dict:
        counts = self.tally.snapshot()
        return {"calls": counts, "total": sum(counts.values())}

    def get_service_calls(self, request: Request, service: str) -> dict:
        return {"service": service, "calls": self.tally.get(service)}

    def clear_calls(self, request: Request) -> int:
        self.tally.clear()
        return 204
