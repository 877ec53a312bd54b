"""axe-core (axe-playwright-python) in chromium on the signed-in pages of daily work: "Việc
của tôi", my initiatives, the dossier form and page, the inbox, the score sheet, the round
page, an award decision and a registration. No violation of any impact."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from awards.enums import RoundStatus
from emulation.enums import RegistrationStatus
from initiatives.enums import InitiativeStatus
from tests.factories import make_initiative, unit_officer
from tests.factories.awards import issue_award, make_round_in, member_of
from tests.factories.movements import make_movement, make_registration

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
    ]


def sign_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("#id_username", email)
    page.fill("#id_password", "mat-khau-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/viec-cua-toi/")


def test_registry_pages_have_no_violations(live_server, page, tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    member = member_of(unit)
    draft = make_initiative(unit, member, title="Máy cắt vải tự động")
    make_initiative(unit, member_of(unit), InitiativeStatus.SUBMITTED, title="Khuôn ép mới")
    scoring = make_round_in(RoundStatus.SCORING, unit, submitted=False, officer=officer)
    council_member = scoring.members[0].user
    decision = issue_award("giay-khen-co-so", unit, persons=[member])
    movement = make_movement(launching_unit=tree.national)
    registration = make_registration(
        movement=movement,
        year=2026,
        unit=unit,
        status=RegistrationStatus.AWAITING_APPROVAL,
    )

    checks = {
        member.email: [
            "/viec-cua-toi/",
            "/sang-kien/cua-toi/",
            "/sang-kien/moi/",
            f"/sang-kien/{draft.pk}/sua/",
            f"/sang-kien/{draft.pk}/",
        ],
        officer.email: [
            "/viec-cua-toi/",
            "/sang-kien/hop-thu/",
            f"/xet-duyet/{scoring.round.pk}/",
            f"/khen-thuong/{decision.pk}/",
            f"/thi-dua/dang-ky/{registration.pk}/",
        ],
        council_member.email: [
            "/viec-cua-toi/",
            f"/xet-duyet/ho-so/{scoring.entry.pk}/cham-diem/",
        ],
    }
    found = {}
    for email, paths in checks.items():
        sign_in(page, live_server, email)
        for path in paths:
            page.goto(live_server.url + path)
            problems = violations(page)
            if problems:
                found[path] = problems
    assert found == {}
