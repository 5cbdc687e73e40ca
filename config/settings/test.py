"""Test settings: base settings with fast hashing and a throw-away archive."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import CELERY_TASK_DEFAULT_QUEUE, STORAGES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_tmp = tempfile.mkdtemp(prefix="teplo-test-")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=f"{_tmp}/media")
ARCHIVE_ROOT = env.path("ARCHIVE_ROOT", default=f"{_tmp}/archive")
STORAGES["default"]["OPTIONS"]["location"] = str(MEDIA_ROOT)
STORAGES["archive"]["OPTIONS"]["location"] = str(ARCHIVE_ROOT)

# `pytest -n N` (pytest-xdist): each test process gets its own database (pytest-django adds the
# suffix) and its own Celery queue, so the real workers one process starts never take the tasks
# of another and its purge leaves theirs alone. The workers inherit the variable.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER:
    CELERY_TASK_DEFAULT_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-{_XDIST_WORKER}"
