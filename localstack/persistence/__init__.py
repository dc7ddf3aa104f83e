"""Persistence: state that survives restarts and crashes (PERSISTENCE=1), and portable snapshots.

Layout of `<DATA_DIR>/state/` (mode 0700): `snapshot.lsstate` (an archive, see `archive.py`), `requests.log`
(the state-changing requests since that snapshot, see `request_log.py`), `bodies/` (S3 object bodies by
content hash) and `snapshots/<NAME>.lsstate` (named snapshots). `manager.py` ties them together.
"""
