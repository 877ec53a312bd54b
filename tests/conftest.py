import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import UserFactory, make_unit


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (Vietnamese), so messages compare as users read
    them: a request of an earlier test in the same process (``Accept-Language: en``, the API)
    leaves its language active, which made such comparisons depend on the order tests ran in."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def tree(db):
    """A small federation:

    national
    ├── province_a
    │   ├── district_a1
    │   │   ├── grassroots_a1x
    │   │   └── grassroots_a1y
    │   └── district_a2
    └── province_b
        └── district_b1
            └── grassroots_b1x
    """
    national = make_unit(name="Tổng Liên đoàn Lao động Việt Nam", code="TLD")
    province_a = make_unit(national, name="Liên đoàn Lao động tỉnh Quảng Trị", code="QTR")
    province_b = make_unit(national, name="Liên đoàn Lao động tỉnh Phú Thọ", code="PTO")
    district_a1 = make_unit(province_a, name="Liên đoàn Lao động thành phố Đông Hà", code="DHA")
    district_a2 = make_unit(province_a, name="Liên đoàn Lao động huyện Gio Linh", code="GLI")
    district_b1 = make_unit(province_b, name="Liên đoàn Lao động thành phố Việt Trì", code="VTR")
    grassroots_a1x = make_unit(
        district_a1, name="Công đoàn cơ sở Công ty May Sông Hiếu", code="CSX"
    )
    grassroots_a1y = make_unit(district_a1, name="Công đoàn cơ sở Bệnh viện Đông Hà", code="CSY")
    grassroots_b1x = make_unit(
        district_b1, name="Công đoàn cơ sở Công ty Giấy Bãi Bằng", code="CSB"
    )
    from types import SimpleNamespace

    return SimpleNamespace(
        national=national,
        province_a=province_a,
        province_b=province_b,
        district_a1=district_a1,
        district_a2=district_a2,
        district_b1=district_b1,
        grassroots_a1x=grassroots_a1x,
        grassroots_a1y=grassroots_a1y,
        grassroots_b1x=grassroots_b1x,
    )


@pytest.fixture
def user(db):
    return UserFactory()


BROWSER_NOTICE = (
    "browser tests SKIPPED: /usr/bin/chromium is missing (install Debian's `chromium` package; "
    ".ci/run installs it and never skips them)"
)
CHROMIUM = "/usr/bin/chromium"


def _chromium_present() -> bool:
    import os

    return os.path.exists(CHROMIUM)


# Under pytest-xdist the controller prints the header and the summary and never collects, and
# each worker collects and runs without a terminal of its own: the notice is printed by the
# controller, the skip markers are set by whoever collects, and REQUIRE_BROWSER is checked at
# configuration, which the controller does before any worker starts.


def pytest_configure(config):
    import os

    if os.environ.get("REQUIRE_BROWSER") and not _chromium_present():
        raise pytest.UsageError(f"REQUIRE_BROWSER is set but {CHROMIUM} is missing")


def pytest_report_header(config):
    return None if _chromium_present() else BROWSER_NOTICE


def _database_order(item) -> int:
    """0: tests in a transaction rolled back (and tests without a database); 1: transactional
    tests that restore the serialized contents (the browser tests); 2: other transactional
    tests (the migration tests)."""
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in getattr(item, "fixturenames", ()) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if not transactional:
        return 0
    return 1 if marker and marker.kwargs.get("serialized_rollback") else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Order the database tests: a transactional test ends by emptying the database, and one
    that does not restore the serialized contents lets ``post_migrate`` write content types
    back, which the next serialized restore would meet as duplicates. So the tests that restore
    run before those that do not, and both after the rest (pytest-django's order, kept stable
    within each group; every xdist worker collects and sorts the same way)."""
    items.sort(key=_database_order)
    if _chromium_present():
        return
    skip = pytest.mark.skip(reason=BROWSER_NOTICE)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not _chromium_present():
        terminalreporter.write_sep("!", BROWSER_NOTICE, yellow=True)
