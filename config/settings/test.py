"""Test settings: base settings with fast hashing and a throw-away archive."""

import tempfile

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_tmp = tempfile.mkdtemp(prefix="teplo-test-")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=f"{_tmp}/media")
ARCHIVE_ROOT = env.path("ARCHIVE_ROOT", default=f"{_tmp}/archive")
STORAGES["default"]["OPTIONS"]["location"] = str(MEDIA_ROOT)
STORAGES["archive"]["OPTIONS"]["location"] = str(ARCHIVE_ROOT)
