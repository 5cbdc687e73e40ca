"""Backup and restore of the database together with the files it points to.

``manage.py backup DIR`` writes ``DIR/<UTC timestamp>/``: a consistent copy of the database
(SQLite's online backup API, or ``pg_dump -Fc`` from one exported snapshot), the archive
files and uploaded files that copy references, and ``manifest.json`` with the SHA-256 of
every file, the row counts and the audit chain head. ``manage.py restore DIR/<timestamp>``
checks every hash first, loads into an empty database and archive, then verifies the audit
chain and the archive. See docs/backup.md.
"""
