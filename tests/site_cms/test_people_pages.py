"""Exemplary people: the page tree rules, the list of profiles (portrait, name, summary; drafts
and private pages left out; pagination; constant queries) and a person's page with the editor's
text and the achievements read live from the registry — never the person's date of birth,
e-mail, phone or card number, nor revoked awards or dossiers not recognised."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction

from awards.enums import RoundStatus
from awards.models import AwardDecision
from awards.services.honours import (
    certificate_revoke,
)
from emulation.enums import IndividualTitle
from emulation.models import TitleConferral
from site_cms.models import ExemplaryPersonIndexPage, ExemplaryPersonPage, HomePage
from site_cms.models.people import PEOPLE_PER_PAGE
from tests.factories.awards import accepted_dossier, issue_award, make_round_in, member_of
from tests.factories.pages import (
    home_page,
    make_news_index,
    make_people_index,
    make_person_page,
)
from unions.models import Membership

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
LAST_YEAR = datetime.date(THIS_YEAR - 1, 4, 15)
SECRET = "Bí quyết: nhiệt độ ủ 68 độ trong 40 phút"
CARD = "CD-0099-1234"
PHONE = "0912345678"
BIRTH = datetime.date(1987, 2, 3)


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def make_image(title: str = "Chân dung", colour: str = "blue") -> Image:
    return Image.objects.create(
        title=title, file=get_test_image_file(f"{title[:6]}.png", colour, (300, 400))
    )


def issue(code: str, issuer, person, *, decided_on: datetime.date = TODAY) -> AwardDecision:
    return issue_award(code, issuer, persons=[person], decided_on=decided_on)


@pytest.fixture
def hero(tree):
    """A member of grassroots A1x, with a phone, a date of birth and a card number, who has: a
    dossier (with confidential details) recognised by the grassroots round and another by the
    district's round; a dossier still waiting; a Bằng khen of the province this year; a Giấy
    khen of last year, revoked; and the title Lao động tiên tiến of last year."""
    person = member_of(
        tree.grassroots_a1x,
        first_name="Huệ",
        last_name="Trần Thị",
        phone=PHONE,
        date_of_birth=BIRTH,
    )
    Membership.objects.filter(user=person).update(card_number=CARD)
    make_round_in(
        RoundStatus.CLOSED,
        tree.grassroots_a1x,
        dossiers=[
            accepted_dossier(
                tree.grassroots_a1x,
                author=person,
                title="Đồ gá hàn ống",
                confidential_info=SECRET,
            )
        ],
    )
    make_round_in(
        RoundStatus.CLOSED,
        tree.district_a1,
        dossiers=[accepted_dossier(tree.grassroots_a1x, author=person, title="Máy cắt vải")],
    )
    accepted_dossier(tree.grassroots_a1x, author=person, title="Sáng kiến đang chờ xét")
    bang_khen = issue("bang-khen-tinh", tree.province_a, person)
    giay_khen = issue("giay-khen-co-so", tree.grassroots_a1x, person, decided_on=LAST_YEAR)
    certificate_revoke(
        decision=giay_khen,
        actor=giay_khen.officer,
        revoked_on=TODAY,
        reason="Thành tích kê khai không đúng sự thật.",
        certificate=giay_khen.recipients.get(user=person).certificate,
    )
    TitleConferral.objects.create(
        person=person,
        unit=tree.grassroots_a1x,
        year=THIS_YEAR - 1,
        title=IndividualTitle.ADVANCED_WORKER,
        decision_number="05/QĐ-CĐCS",
        decided_on=datetime.date(THIS_YEAR - 1, 12, 20),
    )
    person.refresh_from_db()
    return {"person": person, "bang_khen": bang_khen, "giay_khen": giay_khen}


# --- page tree -------------------------------------------------------------------------------


def test_people_index_sits_under_the_home_page_only_and_holds_profiles(db):
    assert ExemplaryPersonIndexPage.allowed_parent_page_models() == [HomePage]
    assert ExemplaryPersonIndexPage.allowed_subpage_models() == [ExemplaryPersonPage]
    assert ExemplaryPersonIndexPage.can_create_at(home_page())
    assert not ExemplaryPersonIndexPage.can_create_at(Page.get_first_root_node())
    make_people_index()
    assert not ExemplaryPersonIndexPage.can_create_at(home_page())


def test_profile_lives_only_in_the_people_index(user):
    index = make_people_index()
    profile = make_person_page(user, index)

    assert ExemplaryPersonPage.allowed_parent_page_models() == [ExemplaryPersonIndexPage]
    assert ExemplaryPersonPage.allowed_subpage_models() == []
    assert ExemplaryPersonPage.can_create_at(index)
    assert not ExemplaryPersonPage.can_create_at(home_page())
    assert not ExemplaryPersonPage.can_create_at(profile)
    assert not ExemplaryPersonPage.can_create_at(make_news_index())


# --- a person's page -------------------------------------------------------------------------


def test_profile_shows_the_editors_text_and_the_live_achievements(client, hero, tree):
    page = make_person_page(
        hero["person"],
        title="Chị Trần Thị Huệ",
        summary="Người thợ may với 2 sáng kiến được công nhận.",
        body="<p>Chị đã làm việc 15 năm tại xưởng may.</p>",
        portrait=make_image(),
    )

    response = client.get(page.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Chị Trần Thị Huệ</h1>" in content
    assert "Người thợ may với 2 sáng kiến được công nhận." in content
    assert "Chị đã làm việc 15 năm tại xưởng may." in content
    assert 'class="person-portrait"' in content
    assert tree.grassroots_a1x.display_name in content
    years = response.context["achievements"]
    assert [group.year for group in years] == [THIS_YEAR, THIS_YEAR - 1]
    this_year = years[0]
    assert {r.initiative_title for r in this_year.recognitions} == {"Đồ gá hàn ống", "Máy cắt vải"}
    assert {r.deciding_unit for r in this_year.recognitions} == {
        tree.grassroots_a1x,
        tree.district_a1,
    }
    assert len({r.level for r in this_year.recognitions}) == 2
    assert [a.decision_number for a in this_year.awards] == [hero["bang_khen"].number]
    assert [t.title for t in years[1].titles] == [IndividualTitle.ADVANCED_WORKER.label]
    assert "Đồ gá hàn ống" in content and "Máy cắt vải" in content
    assert hero["bang_khen"].number in content
    assert hero["bang_khen"].decided_on.strftime("%d/%m/%Y") in content
    assert "05/QĐ-CĐCS" in content
    assert content.count('data-kind="recognition"') == 2
    assert content.count('data-kind="award"') == 1
    assert content.count('data-kind="title"') == 1


def test_profile_never_shows_personal_or_confidential_data(client, hero):
    person = hero["person"]
    page = make_person_page(person)

    content = client.get(page.url).content.decode()

    main = content.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    for private in (
        person.email,
        PHONE,
        CARD,
        SECRET,
        BIRTH.strftime("%d/%m/%Y"),
        BIRTH.isoformat(),
    ):
        assert private not in content
    assert "@" not in main
    # Not recognised yet, and revoked: not shown.
    assert "Sáng kiến đang chờ xét" not in content
    assert hero["giay_khen"].number not in content


def test_profile_achievements_follow_the_registry(client, hero, tree):
    page = make_person_page(hero["person"])
    assert client.get(page.url).content.decode().count('data-kind="award"') == 1

    issue("bang-khen-tinh", tree.province_a, hero["person"])

    assert client.get(page.url).content.decode().count('data-kind="award"') == 2


def test_profile_of_a_person_without_achievements_renders(client, user):
    page = make_person_page(user)

    response = client.get(page.url)

    assert response.status_code == 200
    assert response.context["achievements"] == []
    assert response.context["union"] is None


# --- the list of profiles --------------------------------------------------------------------


def test_people_index_lists_live_public_profiles_with_portrait_and_summary(client, tree):
    index = make_people_index(introduction="Những tấm gương lao động sáng tạo.")
    shown = make_person_page(
        member_of(tree.grassroots_a1x),
        index,
        title="Anh Lê Văn Bình",
        summary="Tổ trưởng tổ cơ khí.",
        portrait=make_image(),
    )
    plain = make_person_page(member_of(tree.grassroots_a1y), index, title="Chị Võ Thị Cúc")
    draft = make_person_page(member_of(tree.grassroots_a1y), index, title="Anh Nháp")
    draft.unpublish()
    private = make_person_page(member_of(tree.grassroots_a1y), index, title="Anh Nội Bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get(index.url)

    assert response.status_code == 200
    assert [p.pk for p in response.context["people"].object_list] == [shown.pk, plain.pk]
    content = response.content.decode()
    assert f'href="{shown.url}"' in content and "Tổ trưởng tổ cơ khí." in content
    assert content.count('class="person-portrait"') == 1
    assert draft.title not in content and private.title not in content
    assert "Những tấm gương lao động sáng tạo." in content
    assert shown.person.email not in content


@pytest.mark.parametrize("number", ["abc", "0", "-1", "999"])
def test_people_index_falls_back_on_bad_page_numbers(client, db, number):
    index = make_people_index()
    response = client.get(index.url, {"page": number})

    assert response.status_code == 200


def test_people_index_is_paginated(client, tree):
    index = make_people_index()
    for number in range(PEOPLE_PER_PAGE + 1):
        make_person_page(member_of(tree.grassroots_a1x), index, title=f"Người {number:02d}")

    second = client.get(index.url, {"page": 2})

    assert [p.title for p in second.context["people"].object_list] == [
        f"Người {PEOPLE_PER_PAGE:02d}"
    ]


def test_people_index_costs_the_same_queries_for_1_and_50_profiles(client, tree, no_page_cache):
    index = make_people_index()
    make_person_page(member_of(tree.grassroots_a1x), index, portrait=make_image())

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    count()  # warm up: renditions made on the first showing
    once = count()
    for number in range(49):
        make_person_page(
            member_of(tree.grassroots_a1x), index, portrait=make_image(f"Ảnh {number}")
        )
    count()

    assert count() == once


def test_profile_costs_the_same_queries_for_a_short_and_a_long_record(client, hero, tree):
    page = make_person_page(hero["person"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    count()
    once = count()
    for _ in range(3):
        issue("bang-khen-tinh", tree.province_a, hero["person"])
        make_round_in(
            RoundStatus.CLOSED,
            tree.grassroots_a1x,
            dossiers=[accepted_dossier(tree.grassroots_a1x, author=hero["person"])],
        )

    assert count() == once
