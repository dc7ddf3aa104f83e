"""The notes service: a tiny JSON API served by a WSGI app, its notes kept per account and region."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Callable, Iterable

from werkzeug.wrappers import Request, Response

from localstack.extensions import identity

TARGET_PREFIX = "Notes_20240101"
JSON_TYPE = "application/x-amz-json-1.1"


class NotesStore:
    """(account, region) -> note id -> text."""

    def __init__(self) -> None:
        self._notes: dict[tuple[str, str], dict[str, str]] = {}
        # Held for a whole operation: requests arrive on many threads.
        self.lock = threading.Lock()

    def scope(self, account: str, region: str) -> dict[str, str]:
        return self._notes.setdefault((account, region), {})

    def reset(self) -> None:
        with self.lock:
            self._notes.clear()


class NotesApp:
    """A WSGI app: `X-Amz-Target: Notes_20240101.<Operation>` with a JSON body, or unsigned
    `GET /notes/` and `GET /notes/<id>`."""

    def __init__(self, store: NotesStore) -> None:
        self.store = store

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        account, region = identity(request.headers, request.query_string.decode("latin-1"))
        target = request.headers.get("X-Amz-Target", "")
        with self.store.lock:
            notes = self.store.scope(account, region)
            if target:
                operation = target.rpartition(".")[2]
                try:
                    body = json.loads(request.get_data() or b"{}")
                except ValueError:
                    return _error("SerializationException", "The body is not JSON", 400)
                return self.operate(notes, operation, body)
            if request.method == "GET" and request.path.rstrip("/") == "/notes":
                return _json({"Notes": [{"Id": key, "Text": text} for key, text in sorted(notes.items())]})
            if request.method == "GET" and request.path.startswith("/notes/"):
                note_id = request.path[len("/notes/") :]
                if note_id in notes:
                    return _json({"Id": note_id, "Text": notes[note_id]})
                return _error("NoteNotFound", f"No note {note_id}", 404)
        return _error("UnknownOperation", f"{request.method} {request.path} is not a notes operation", 404)

    def operate(self, notes: dict[str, str], operation: str, body: dict) -> Response:
        if operation == "PutNote":
            text = body.get("Text")
            if not isinstance(text, str) or not text:
                return _error("ValidationException", "Text is required", 400)
            note_id = uuid.uuid4().hex[:12]
            notes[note_id] = text
            return _json({"Id": note_id})
        if operation in ("GetNote", "DeleteNote"):
            note_id = body.get("Id")
            if note_id not in notes:
                return _error("NoteNotFound", f"No note {note_id}", 404)
            if operation == "DeleteNote":
                del notes[note_id]
                return _json({})
            return _json({"Id": note_id, "Text": notes[note_id]})
        if operation == "ListNotes":
            return _json({"Ids": sorted(notes)})
        return _error("UnknownOperationException", f"Unknown operation {operation}", 400)


def _json(document: dict, status: int = 200) -> Response:
    return Response(json.dumps(document), status=status, mimetype=JSON_TYPE)


def _error(code: str, message: str, status: int) -> Response:
    return _json({"__type": code, "message": message}, status)
