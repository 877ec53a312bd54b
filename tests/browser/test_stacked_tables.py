"""The review round's page and the council member's work page on a phone (390 px): their tables
turn into cards, one per row, each cell headed by its column's name, and nothing scrolls
sideways. Elements are found by ids and data attributes, not by translated text."""

import pytest

from awards.enums import RoundStatus
from tests.browser.test_initiative_journey import sign_in
from tests.factories.awards import make_round_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}

CARDS = """table => {
  const rows = [...table.querySelectorAll("tbody tr")];
  return rows.map(row => ({
    display: getComputedStyle(row).display,
    width: row.getBoundingClientRect().width,
    cells: [...row.querySelectorAll("td[data-label]")].map(cell => ({
      label: cell.dataset.label,
      shown: getComputedStyle(cell, "::before").content,
    })),
  }));
}"""


def check_cards(page, table_id: str, labels: int) -> None:
    table = page.locator(f"#{table_id}")
    assert table.is_visible()
    # The column headers are kept for screen readers only.
    assert table.locator("thead").bounding_box()["height"] <= 1
    rows = table.evaluate(CARDS)
    assert rows
    for row in rows:
        assert row["display"] == "block" and row["width"] <= PHONE["width"]
        assert len(row["cells"]) >= labels
        for cell in row["cells"]:
            assert cell["label"] and cell["shown"] == f'"{cell["label"]}"'


def scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth > window.innerWidth")


def test_round_and_council_work_tables_are_cards_on_a_phone(live_server, browser, tree):
    setup = make_round_in(RoundStatus.SCORING, tree.grassroots_a1x, members=2, submitted=False)
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server, setup.officer.email)
        page.goto(f"{live_server.url}/xet-duyet/{setup.round.pk}/")
        check_cards(page, "council-table", labels=3)
        check_cards(page, "entries-table", labels=5)
        assert not scrolls_sideways(page)
        page.locator("#entries").screenshot(path="/tmp/ui-shots/round-entries-phone.png")
        page.locator("#council").screenshot(path="/tmp/ui-shots/round-council-phone.png")

        sign_in(page, live_server, setup.chair.user.email)
        page.goto(f"{live_server.url}/xet-duyet/cua-toi/")
        check_cards(page, "seats-table", labels=5)
        check_cards(page, "sheets-table", labels=4)
        assert not scrolls_sideways(page)
        page.screenshot(path="/tmp/ui-shots/council-work-phone.png", full_page=True)
    finally:
        context.close()
