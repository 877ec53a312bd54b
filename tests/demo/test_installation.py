"""The demo is installed by the dev and test settings only: under the production settings the
app is not installed and ``seed_demo`` does not exist (it would create a superuser with a
published password)."""

import importlib
import os
import subprocess
import sys

from django.conf import settings

from config import env
from config.settings import base


def _production(*args: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "production-check-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        "ALLOWED_HOSTS": "thidua.example.vn",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=env.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_settings_have_no_seed_demo_command():
    result = _production("manage.py", "help", "seed_demo")
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_production_settings_do_not_install_the_demo():
    result = _production(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(sorted(settings.INSTALLED_APPS))",
    )
    assert result.returncode == 0, result.stderr
    assert "'accounts'" in result.stdout and "'demo'" not in result.stdout


def test_only_the_dev_and_test_settings_install_the_demo():
    assert "demo" not in base.INSTALLED_APPS
    assert "demo" in settings.INSTALLED_APPS  # the test settings
    assert "demo" in importlib.import_module("config.settings.dev").INSTALLED_APPS
