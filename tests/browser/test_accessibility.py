"""axe-core (from the PyPI package axe-playwright-python) in chromium on the public pages:
the home page, a news page, the initiative bank (searched, and an initiative's public page), the
honour board, the statistics page and a certificate's verification page have no serious or
critical violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.awards.test_certificates import build_issued
from tests.factories.pages import (
    make_honour_board,
    make_initiative_bank,
    make_news_index,
    make_news_page,
    make_statistics_page,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_public_pages_have_no_serious_violations(live_server, page, tree):
    index = make_news_index()
    news = make_news_page(
        index,
        title="Hội thi sáng kiến kỹ thuật năm 2026",
        tags=("sáng kiến",),
        body=[
            ("paragraph", "<p>Đoàn viên gửi nhiều giải pháp cải tiến.</p>"),
            ("quote", {"text": "Mỗi đoàn viên một sáng kiến.", "attribution": "Ban tổ chức"}),
            ("live_figure", {"figure": "initiatives.submitted", "unit_code": "", "label": ""}),
        ],
    )
    bank = make_initiative_bank()
    issued = build_issued(tree)
    paths = (
        "/",
        news.url,
        bank.url + "?q=sang+kien",
        bank.detail_url(issued.initiative.pk),
        make_honour_board().url,
        make_statistics_page().url,
        f"/xac-minh/{issued.certificate.short_code}/",
    )
    for path in paths:
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
