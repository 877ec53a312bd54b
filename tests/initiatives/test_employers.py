"""A dossier is addressed to the employer (the cơ sở of Decree 13/2012/NĐ-CP Art. 5.1): the form
offers the union's employers, the submission keeps the employer's name, the pages and the PDFs
name it ("Kính gửi", Circular 18/2013/TT-BKHCN Appendix I), and dossiers without one fall back
to the unit."""

import datetime

import pytest
from django.utils import timezone

from accounts.errors import ApplicationError
from initiatives.documents import application_html, receipt_html
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.services import initiative_save_draft, initiative_transition, submission_problems
from tests.factories import MembershipFactory, UserFactory
from tests.factories.employers import make_employer
from tests.factories.initiatives import author_row, dossier_values, make_initiative, unit_officer
from tests.initiatives.test_views import form_data, login, text, url
from unions.services.employers import EmployerData, employer_update

S = InitiativeStatus


@pytest.fixture
def member(tree):
    user = UserFactory(first_name="Bình", last_name="Trần Thị", email="binh@example.vn")
    MembershipFactory(user=user, unit=tree.grassroots_a1x)
    return user


@pytest.fixture
def employer(tree):
    return make_employer(tree.grassroots_a1x, name="Công ty Cổ phần May Sông Hiếu")


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_draft_is_addressed_to_the_unions_employer_by_default(tree, member, employer):
    initiative = make_initiative(tree.grassroots_a1x, member)
    assert initiative.employer == employer
    assert initiative.addressee_name == "Công ty Cổ phần May Sông Hiếu"


def test_submission_keeps_the_employers_name_as_it_was(tree, member, employer):
    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    assert initiative.employer_name_snapshot == "Công ty Cổ phần May Sông Hiếu"
    employer_update(
        employer=employer,
        data=EmployerData(
            name="Tổng công ty May Sông Hiếu",
            kind=employer.kind,
            tax_code=employer.tax_code,
            head_name=employer.head_name,
            head_title=employer.head_title,
            address=employer.address,
        ),
        effective_date=timezone.localdate(),
    )
    initiative = Initiative.objects.get(pk=initiative.pk)
    assert initiative.addressee_name == "Công ty Cổ phần May Sông Hiếu"
    assert "Kính gửi: <strong>Công ty Cổ phần May Sông Hiếu</strong>" in application_html(
        initiative, include_confidential=False
    )


def test_an_employer_of_another_union_is_refused_and_nothing_saved(tree, member, employer):
    other = make_employer(tree.grassroots_b1x)
    with pytest.raises(ApplicationError) as error:
        initiative_save_draft(
            actor=member,
            unit=tree.grassroots_a1x,
            values=dossier_values(),
            authors=[author_row(member)],
            employer=other,
        )
    assert error.value.field == "employer"
    assert "không phải là cơ sở của" in str(error.value)
    assert not Initiative.objects.exists()


def test_an_officer_may_address_an_employer_of_a_union_in_scope(tree, member, employer):
    officer = unit_officer(tree.district_a1)
    neighbour = make_employer(tree.grassroots_a1y)
    initiative = initiative_save_draft(
        actor=officer,
        unit=tree.grassroots_a1x,
        values=dossier_values(),
        authors=[author_row(member)],
        employer=neighbour,
    )
    assert initiative.employer == neighbour


def test_a_union_with_an_employer_needs_one_before_submission(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    assert initiative.employer is None
    make_employer(tree.grassroots_a1x)
    problems = submission_problems(initiative)
    assert any("Chọn cơ sở nhận đơn" in p for p in problems)
    with pytest.raises(ApplicationError, match="Chọn cơ sở nhận đơn"):
        initiative_transition(initiative=initiative, action="submit", actor=member)
    assert Initiative.objects.get(pk=initiative.pk).status == S.DRAFT


def test_dossiers_without_employer_fall_back_to_the_unit(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, S.ACCEPTED)
    assert initiative.employer is None and initiative.employer_name_snapshot == ""
    name = tree.grassroots_a1x.name
    assert initiative.addressee_name == name
    assert f"Kính gửi: <strong>{name}</strong>" in application_html(
        initiative, include_confidential=False
    )
    assert name in receipt_html(initiative)


def test_receipt_names_the_employer(tree, member, employer):
    initiative = make_initiative(tree.grassroots_a1x, member, S.ACCEPTED)
    html = receipt_html(initiative)
    assert "Cơ sở được yêu cầu công nhận:</dt><dd>Công ty Cổ phần May Sông Hiếu" in html


def test_form_defaults_to_the_employer_and_the_pages_name_it(client, tree, member, employer):
    login(client, member)
    page = text(client.get(url("create")))
    assert f'<option value="{employer.pk}" selected>' in page
    response = client.post(url("create"), form_data(tree.grassroots_a1x, employer=employer.pk))
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.employer == employer
    detail = text(client.get(url("detail", initiative.pk)))
    assert "Công ty Cổ phần May Sông Hiếu" in detail
    preview = text(client.get(url("preview", initiative.pk)))
    assert "To: Công ty Cổ phần May Sông Hiếu" in preview


def test_form_refuses_an_employer_outside_the_choices(client, tree, member, employer):
    other = make_employer(tree.grassroots_b1x)
    login(client, member)
    response = client.post(url("create"), form_data(tree.grassroots_a1x, employer=other.pk))
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert "Select a valid choice" in text(response)


def test_a_merged_employer_cannot_be_chosen_for_a_new_dossier(tree, member, employer):
    from unions.services.employers import employer_merge

    successor = make_employer(tree.grassroots_a1y)
    employer_merge(sources=[employer], target=successor, effective_date=timezone.localdate())
    with pytest.raises(ApplicationError, match="không còn hoạt động"):
        initiative_save_draft(
            actor=member,
            unit=tree.grassroots_a1x,
            values=dossier_values(),
            authors=[author_row(member)],
            employer=employer,
        )
    initiative = make_initiative(tree.grassroots_a1x, member)
    assert initiative.employer == successor
    assert initiative.first_applied_on <= timezone.localdate() - datetime.timedelta(days=1)
