"""The honour board: the page tree rules, only public award decisions (issued, neither drafts nor
proposals, nor revoked awards, nor initiative certificates), grouped by year and level, with
their number, date, issuer, award and recipients' names and never anyone's personal data; the
year and level filters, bad input ignored, pagination, and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from awards.enums import RoundStatus
from awards.models import AwardDecision
from awards.services.honours import (
    certificate_revoke,
)
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from site_cms.models import HomePage, HonourBoardPage
from site_cms.models.registry import DECISIONS_PER_PAGE
from tests.factories import UserFactory, make_initiative
from tests.factories.awards import issue_award as issue
from tests.factories.awards import make_round_in, member_of
from tests.factories.pages import home_page, make_honour_board, make_news_index

TODAY = timezone.localdate()
Y = TODAY.year
LAST_YEAR = datetime.date(Y - 1, 9, 2)


def revoke(decision, certificate=None):
    certificate_revoke(
        decision=decision,
        actor=decision.officer,
        revoked_on=TODAY,
        reason="Thành tích không đúng.",
        certificate=certificate,
    )


def private_person(unit):
    """A member with every kind of personal data filled in."""
    person = member_of(
        unit,
        first_name="Bình",
        last_name="Trần Thị",
        phone="0912345678",
        date_of_birth=datetime.date(1987, 4, 23),
    )
    return person


@pytest.fixture
def board(tree):
    """- grassroots_a1x: a Giấy khen this year to two members, one of whose certificates is
      revoked; and the initiative certificate of a closed round (left out);
    - province_a: a Bằng khen last year to a member for a recognised initiative; one this year
      revoked as a whole; a draft (a proposal never issued);
    - province_b: an emulation flag this year to grassroots_b1x;
    - national: a Bằng khen this year to a person without membership."""
    kept, revoked_person = private_person(tree.grassroots_a1x), member_of(tree.grassroots_a1x)
    giay_khen = issue("giay-khen-co-so", tree.grassroots_a1x, persons=[kept, revoked_person])
    revoke(giay_khen, giay_khen.recipients.get(user=revoked_person).certificate)
    closed = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=1)
    initiative = make_initiative(
        tree.grassroots_a1y,
        member_of(tree.grassroots_a1y),
        InitiativeStatus.RECOGNISED,
        title="Cải tiến dây chuyền đóng gói tự động",
        confidential_info="Bí quyết pha chế dung dịch tẩy rửa.",
    )
    laureate = member_of(tree.grassroots_a1y, first_name="Cường", last_name="Lê Văn")
    bang_khen = issue(
        "bang-khen-tinh",
        tree.province_a,
        persons=[laureate],
        decided_on=LAST_YEAR,
        initiative=initiative,
    )
    whole = issue("bang-khen-tinh", tree.province_a, persons=[member_of(tree.grassroots_a1x)])
    revoke(whole)
    draft = issue(
        "bang-khen-tinh", tree.province_a, persons=[member_of(tree.grassroots_a1y)], draft=True
    )
    flag = issue("co-thi-dua-tinh", tree.province_b, units=[tree.grassroots_b1x])
    outsider = UserFactory(first_name="Dũng", last_name="Phạm Quốc")
    national = issue("bang-khen-tong-ld", tree.national, persons=[outsider])
    return {
        "giay_khen": giay_khen,
        "kept": kept,
        "revoked_person": revoked_person,
        "round_certificates": AwardDecision.objects.get(round_decision=closed.decision),
        "bang_khen": bang_khen,
        "initiative": initiative,
        "whole": whole,
        "draft": draft,
        "flag": flag,
        "national": national,
        "page": make_honour_board(introduction="Những tập thể, cá nhân được khen thưởng."),
    }


def shown(response) -> list[int]:
    return [
        decision.pk
        for year in response.context["groups"]
        for level in year.levels
        for decision in level.decisions
    ]


# --- page tree -------------------------------------------------------------------------------


def test_honour_board_sits_only_under_the_home_page_once(db):
    assert HonourBoardPage.allowed_parent_page_models() == [HomePage]
    assert HonourBoardPage.allowed_subpage_models() == []
    assert HonourBoardPage.can_create_at(home_page())
    assert not HonourBoardPage.can_create_at(make_news_index())
    assert not HonourBoardPage.can_create_at(Page.get_first_root_node())

    board = make_honour_board()

    assert not HonourBoardPage.can_create_at(home_page())
    assert not HonourBoardPage.can_create_at(board)


# --- what the board shows ----------------------------------------------------------------------


def test_honour_board_shows_only_issued_standing_decisions(client, board):
    response = client.get(board["page"].url)

    assert response.status_code == 200
    assert sorted(shown(response)) == sorted(
        board[key].pk for key in ("giay_khen", "bang_khen", "flag", "national")
    )
    content = response.content.decode()
    assert board["page"].introduction in content
    assert board["whole"].number not in content
    # The round's certificates are the employer's act, numbered in its own sequence (which may
    # read like the union's): they are not on the board.
    assert board["round_certificates"].pk not in shown(response)
    assert board["revoked_person"].get_full_name() not in content
    assert board["draft"].recipients.get().name not in content


def test_honour_board_groups_by_year_then_level_from_the_national_level_down(client, board):
    response = client.get(board["page"].url)

    groups = [
        (year.year, level.number, [d.pk for d in level.decisions])
        for year in response.context["groups"]
        for level in year.levels
    ]
    assert groups == [
        (Y, 1, [board["national"].pk]),
        (Y, 2, [board["flag"].pk]),
        (Y, 4, [board["giay_khen"].pk]),
        (Y - 1, 2, [board["bang_khen"].pk]),
    ]
    content = response.content.decode()
    assert content.index(f'id="honour-year-{Y}"') < content.index(f'id="honour-year-{Y - 1}"')


def test_honour_board_row_shows_number_date_issuer_award_and_recipients(client, board, tree):
    response = client.get(board["page"].url)

    content = response.content.decode()
    decision = board["bang_khen"]
    row = content[content.index(f'data-decision="{decision.pk}"') :]
    row = row[: row.index("</tr>")]
    assert decision.number in row
    assert LAST_YEAR.strftime("%d/%m/%Y") in row
    assert tree.province_a.name in row
    assert decision.award_type.name in row
    assert "Lê Văn Cường" in row
    assert board["initiative"].title in row
    flag_row = content[content.index(f'data-decision="{board["flag"].pk}"') :]
    assert tree.grassroots_b1x.name in flag_row[: flag_row.index("</tr>")]
    assert board["kept"].get_full_name() in content


def test_honour_board_never_shows_personal_data(client, board):
    person = board["kept"]
    card = person.memberships.get().card_number

    content = client.get(board["page"].url).content.decode()

    assert person.get_full_name() in content
    for private in (
        person.email,
        person.phone,
        "23/04/1987",
        "1987-04-23",
        card,
        board["initiative"].confidential_info,
    ):
        assert private not in content
    assert "@example.vn" not in content


def test_honour_board_leaves_out_the_initiative_of_an_award_until_it_is_recognised(client, tree):
    pending = make_initiative(
        tree.grassroots_a1x,
        member_of(tree.grassroots_a1x),
        InitiativeStatus.ACCEPTED,
        title="Giải pháp chưa được công nhận",
    )
    person = member_of(tree.grassroots_a1x, first_name="Hạnh", last_name="Đỗ Thị")
    issue("giay-khen-co-so", tree.grassroots_a1x, persons=[person], initiative=pending)
    page = make_honour_board()

    content = client.get(page.url).content.decode()

    assert "Đỗ Thị Hạnh" in content
    assert pending.title not in content


def test_honour_board_without_decisions_says_so(client, db):
    page = make_honour_board()

    response = client.get(page.url)

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert 'id="honour-board"' in response.content.decode()


# --- filters and bad input -------------------------------------------------------------------


def test_honour_board_filters_by_year(client, board):
    response = client.get(board["page"].url, {"year": Y - 1})

    assert shown(response) == [board["bang_khen"].pk]
    assert response.context["year"] == Y - 1
    assert f'<option value="{Y - 1}" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("level", "keys"),
    [
        ("national", ["national"]),
        ("provincial", ["flag", "bang_khen"]),
        ("upper_direct", []),
        ("grassroots", ["giay_khen"]),
    ],
)
def test_honour_board_filters_by_level(client, board, level, keys):
    response = client.get(board["page"].url, {"level": level})

    assert shown(response) == [board[key].pk for key in keys]
    assert response.context["level"] == level


def test_honour_board_combines_year_and_level(client, board):
    response = client.get(board["page"].url, {"year": Y, "level": "provincial"})

    assert shown(response) == [board["flag"].pk]


@pytest.mark.parametrize(
    "query",
    [
        {"year": "xyz"},
        {"year": "1999"},
        {"year": "２０２６"},
        {"year": "20261"},
        {"level": "galactic"},
        {"level": "2"},
        {"page": "abc"},
        {"page": "999"},
        {"year": "-1", "level": "' OR 1=1", "page": "0"},
    ],
)
def test_honour_board_ignores_bad_filters(client, board, query):
    response = client.get(board["page"].url, query)

    assert response.status_code == 200
    assert len(shown(response)) == 4
    assert response.context["year"] is None
    assert response.context["level"] == ""


def test_honour_board_offers_the_years_with_public_decisions(client, board):
    response = client.get(board["page"].url)

    assert response.context["years"] == [Y, Y - 1]


def test_honour_board_is_paginated(client, tree):
    person = member_of(tree.grassroots_a1x)
    for _ in range(DECISIONS_PER_PAGE + 1):
        issue("giay-khen-co-so", tree.grassroots_a1x, persons=[person])
    page = make_honour_board()

    first = client.get(page.url)
    second = client.get(page.url, {"page": 2})

    assert len(shown(first)) == DECISIONS_PER_PAGE
    assert len(shown(second)) == 1
    assert set(shown(first)).isdisjoint(shown(second))
    assert 'rel="next"' in first.content.decode()


# --- queries -----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_honour_board_costs_the_same_queries_for_1_and_50_decisions(client, tree, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    page = make_honour_board()
    issuers = [tree.grassroots_a1x, tree.province_a, tree.national]
    codes = {
        tree.grassroots_a1x.pk: "giay-khen-co-so",
        tree.province_a.pk: "bang-khen-tinh",
        tree.national.pk: "bang-khen-tong-ld",
    }
    initiative = make_initiative(
        tree.grassroots_a1x, member_of(tree.grassroots_a1x), InitiativeStatus.RECOGNISED
    )

    def add(number: int) -> None:
        issuer = issuers[number % len(issuers)]
        issue(
            codes[issuer.pk],
            issuer,
            persons=[member_of(tree.grassroots_a1x), member_of(tree.grassroots_a1y)],
            decided_on=datetime.date(Y - number % 2, 3, 1 + number % 27),
            initiative=initiative if number % 2 else None,
        )

    add(0)
    one = _queries(client, page.url)
    for number in range(1, 50):
        add(number)
    assert Initiative.objects.count() == 1
    filtered = client.get(page.url, {"level": "provincial", "year": Y})
    assert len(shown(filtered)) > 1
    many = _queries(client, page.url + f"?page=1&level=provincial&year={Y}")
    every = _queries(client, page.url)

    assert one == many == every
