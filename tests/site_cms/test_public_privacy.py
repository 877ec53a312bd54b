"""What the registry keeps private never reaches the public site: with a recognised initiative
whose dossier holds confidential information, an owner's address, authors' dates of birth and
contact data, a private file and a membership card, no public page, no feed, no sitemap and no
search result shows any of it, while the public facts (the title, the person) do show."""

import pytest
from django.core.files.base import ContentFile

from initiatives.enums import InitiativeStatus
from initiatives.models import Attachment, Initiative
from tests.awards.test_certificates import TITLE, build_issued
from tests.factories import make_initiative
from tests.factories.movements import make_movement
from tests.factories.pages import (
    make_honour_board,
    make_initiative_bank,
    make_movement_page,
    make_news_index,
    make_news_page,
    make_person_page,
    make_statistics_page,
)
from unions.models import Membership

CONFIDENTIAL = "Công thức phối trộn BM-7731"
OWNER_ADDRESS = "Số 12 ngõ Riêng Tư, phường Đông Lễ"
PRIVATE_FILE = "ban-ve-noi-bo-5521.pdf"
PRIVATE_FILE_NOTE = "Bản vẽ nội bộ TR-5521"
DRAFT_TITLE = "Giải pháp còn nháp DN-4410"
CARD = "THE-CARD-99120"


@pytest.fixture
def registry(tree):
    issued = build_issued(tree)
    Initiative.objects.filter(pk=issued.initiative.pk).update(
        confidential_info=CONFIDENTIAL,
        owner_name="Công ty Cổ phần Bí Mật",
        owner_address=OWNER_ADDRESS,
    )
    Attachment.objects.create(
        initiative=issued.initiative,
        file=ContentFile(b"%PDF-1.4 private", name=PRIVATE_FILE),
        original_name=PRIVATE_FILE,
        content_type="application/pdf",
        size=16,
        description=PRIVATE_FILE_NOTE,
        is_public=False,
        uploaded_by=issued.holder,
    )
    Membership.objects.filter(user=issued.holder).update(card_number=CARD)
    make_initiative(issued.unit, issued.holder, InitiativeStatus.SUBMITTED, title=DRAFT_TITLE)
    return issued


def public_addresses(issued) -> list[str]:
    index = make_news_index()
    movement = make_movement(launching_unit=issued.unit.get_parent() or issued.unit)
    news = make_news_page(index, title="Tin về sáng kiến", movements=[movement])
    bank = make_initiative_bank()
    return [
        "/",
        index.url,
        news.url,
        index.url + "rss/",
        make_movement_page(movement).url,
        make_person_page(issued.holder).url,
        "/guong-dien-hinh/",
        make_honour_board().url,
        bank.url,
        bank.url + "?q=" + TITLE.split()[0],
        bank.detail_url(issued.initiative.pk),
        make_statistics_page().url,
        "/tim-kiem/?q=" + TITLE.split()[0],
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_nothing_private_reaches_any_public_page(client, registry):
    holder = registry.holder
    secrets = [
        CONFIDENTIAL,
        OWNER_ADDRESS,
        PRIVATE_FILE,
        PRIVATE_FILE_NOTE,
        DRAFT_TITLE,
        CARD,
        holder.email,
        holder.phone,
        "19/04/1987",
        "1987-04-19",
        "02/11/1979",
        "1979-11-02",
    ]
    pages = {}
    for address in public_addresses(registry):
        response = client.get(address)
        assert response.status_code == 200, address
        pages[address] = response.content.decode()

    leaks = [(address, s) for address, html in pages.items() for s in secrets if s in html]
    assert leaks == []
    # The public facts are there: the initiative in the bank, the person on their profile.
    detail = f"/{registry.initiative.pk}/"
    assert TITLE in next(html for address, html in pages.items() if address.endswith(detail))
    person = next(html for address, html in pages.items() if "/nguoi-" in address)
    assert holder.get_full_name() in person
