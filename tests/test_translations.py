"""The Vietnamese catalogues are complete, compiled, and cover what editors see in Wagtail."""

import shutil
import subprocess
import sys
from pathlib import Path

import django
import polib
import pytest
import wagtail
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OURS = ROOT / "locale" / "vi" / "LC_MESSAGES"
UPSTREAM = ROOT / "locale" / "upstream" / "vi" / "LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).parent
DJANGO = Path(django.__file__).parent

# Wagtail and Django catalogues whose strings editors and users meet in the admin and forms.
EDITOR_FACING = [
    WAGTAIL / "admin" / "locale",
    WAGTAIL / "locale",
    WAGTAIL / "images" / "locale",
    WAGTAIL / "documents" / "locale",
    WAGTAIL / "snippets" / "locale",
    WAGTAIL / "users" / "locale",
    WAGTAIL / "sites" / "locale",
    WAGTAIL / "contrib" / "forms" / "locale",
    WAGTAIL / "contrib" / "redirects" / "locale",
    WAGTAIL / "contrib" / "settings" / "locale",
    WAGTAIL / "locales" / "locale",
]
CATALOGUES = [OURS / "django.po", UPSTREAM / "django.po", UPSTREAM / "djangojs.po"]


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _translated_keys(path: Path) -> set[tuple[str | None, str]]:
    if not path.exists():
        return set()
    return {_key(entry) for entry in polib.pofile(str(path)).translated_entries()}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_complete_and_compiled(path):
    catalogue = polib.pofile(str(path))
    assert not catalogue.untranslated_entries(), [e.msgid for e in catalogue.untranslated_entries()]
    assert not catalogue.fuzzy_entries(), [e.msgid for e in catalogue.fuzzy_entries()]
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    compiled_map = {_key(e): (e.msgstr, e.msgstr_plural) for e in compiled}
    for entry in catalogue.translated_entries():
        expected = (entry.msgstr, {int(k): v for k, v in entry.msgstr_plural.items()})
        got = compiled_map.get(_key(entry))
        assert got is not None, f"{path.name}: not compiled: {entry.msgid!r} (run make messages)"
        assert (got[0], {int(k): v for k, v in got[1].items()}) == expected, entry.msgid


def test_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the code finds no msgid that our catalogue lacks."""
    for name in [
        "manage.py",
        "config",
        "accounts",
        "emulation",
        "initiatives",
        "awards",
        "site_cms",
        "demo",  # the test settings install it
        "templates",
        "locale",
    ]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--ignore=locale",
            "--add-location=file",
            "-e",
            "html,txt,py",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    regenerated = polib.pofile(str(tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in regenerated if not e.obsolete and not e.translated()]
    assert not missing, f"strings without a Vietnamese translation: {missing}"


def test_wagtail_and_django_strings_editors_see_are_translated():
    ours = _translated_keys(UPSTREAM / "django.po") | _translated_keys(OURS / "django.po")
    missing = []
    for locale_dir in EDITOR_FACING:
        upstream_vi = _translated_keys(locale_dir / "vi" / "LC_MESSAGES" / "django.po")
        for entry in polib.pofile(str(locale_dir / "en" / "LC_MESSAGES" / "django.po")):
            if entry.obsolete or _key(entry) in upstream_vi or _key(entry) in ours:
                continue
            missing.append(entry.msgid)
    assert not missing, f"{len(missing)} Wagtail strings lack Vietnamese, e.g. {missing[:5]}"


def test_django_core_strings_are_translated():
    core = polib.pofile(str(DJANGO / "conf" / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    ours = _translated_keys(UPSTREAM / "django.po")
    missing = [e.msgid for e in core.untranslated_entries() if _key(e) not in ours]
    assert not missing, missing[:5]
