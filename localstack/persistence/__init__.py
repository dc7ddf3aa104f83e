"""Persistence: state that survives restarts and crashes (PERSISTENCE=1), and portable snapshots.

Layout of `<DATA_DIR>/state/` (mode 0700): `snapshot.lsstate` (an archive, see `archive.py`), `requests.log`
(the state-changing requests since that snapshot, see `request_log.py`), `bodies/` (S3 object bodies by
content hash) and `snapshots/<NAME>.lsstate` (named snapshots). `manager.py` ties them together.

Why a snapshot plus a request log rather than per-service state files: one hook (`recorder.py`, wrapped
around every proxy's `handle` only when PERSISTENCE=1) sees every write of every service, including the
calls between services, so no service needs code of its own; a write costs one append whatever the
store holds; and a crash loses nothing acknowledged. Replays are deterministic because each logged
request runs, live and replayed, on its own seeded random source and clock (`determinism.py`).
"""
