"""Production settings pass Django's deployment checklist (issue 2, item 1)."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def test_production_settings_pass_check_deploy_without_warnings():
    # given production settings with the secret and hosts the deployment gives
    # (nothing of the test run's own: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their
    # live server, which a deployment never has)
    test_only = {"DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_HSTS_SECONDS", "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in test_only}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "abonent.example.ru",
    })
    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    # then
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout, output
    assert "WARNINGS" not in output
