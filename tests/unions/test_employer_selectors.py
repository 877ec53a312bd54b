"""Who sees and who manages an employer: those who may view (manage: restructure) a unit linked
to it now or before; lists search without diacritics; dossiers may be addressed to the union's
employers and, for officers, to those of unions in their scope."""

from datetime import date

import pytest

from tests.factories import RoleGrantFactory, UserFactory
from tests.factories.employers import make_employer
from unions.enums import Role
from unions.selectors.employers import (
    employer_list,
    employers_for_dossier,
    employers_managed_by,
    employers_visible_to,
)
from unions.services.employers import employer_unlink_union


def grant(unit, role=Role.OFFICER):
    person = UserFactory()
    RoleGrantFactory(user=person, unit=unit, role=role)
    return person


@pytest.fixture
def employers(tree):
    song_hieu = make_employer(
        tree.grassroots_a1x, name="Công ty Cổ phần May Sông Hiếu", head_name="Lê Văn Hùng"
    )
    bai_bang = make_employer(tree.grassroots_b1x, name="Tổng công ty Giấy Bãi Bằng")
    return song_hieu, bai_bang


def test_scope_follows_current_and_past_links(tree, employers):
    song_hieu, bai_bang = employers
    viewer = grant(tree.province_a, Role.VIEWER)
    assert list(employers_visible_to(viewer)) == [song_hieu]
    assert not employers_managed_by(viewer).exists()
    employer_unlink_union(
        employer=song_hieu, unit=tree.grassroots_a1x, effective_date=date(2020, 1, 1)
    )
    assert list(employers_visible_to(viewer)) == [song_hieu]  # a past link still shows it
    officer = grant(tree.grassroots_a1x)
    assert list(employers_managed_by(officer)) == [song_hieu]
    assert viewer.has_perm("unions.view_employer", song_hieu)
    assert not viewer.has_perm("unions.view_employer", bai_bang)
    assert officer.has_perm("unions.manage_employer", song_hieu)
    assert not viewer.has_perm("unions.manage_employer", song_hieu)
    assert set(employers_visible_to(UserFactory(is_superuser=True))) == {song_hieu, bai_bang}
    assert not employers_visible_to(UserFactory()).exists()


def test_list_searches_without_diacritics_on_name_tax_code_and_head(tree, employers):
    song_hieu, bai_bang = employers
    admin = UserFactory(is_superuser=True)
    assert list(employer_list(admin, query="song hieu")) == [song_hieu]
    assert list(employer_list(admin, query="le van hung")) == [song_hieu]
    assert list(employer_list(admin, query=bai_bang.tax_code)) == [bai_bang]
    assert list(employer_list(admin, query="đ")) == []
    listed = employer_list(admin)
    assert [link.unit for link in listed.get(pk=song_hieu.pk).current_links] == [
        tree.grassroots_a1x
    ]


def test_dossier_employers_for_members_and_officers(tree, employers):
    song_hieu, bai_bang = employers
    neighbour = make_employer(tree.grassroots_a1y)
    member = UserFactory()
    assert list(employers_for_dossier(tree.grassroots_a1x, member)) == [song_hieu]
    officer = grant(tree.district_a1)
    assert set(employers_for_dossier(tree.grassroots_a1x, officer)) == {song_hieu, neighbour}
    assert bai_bang not in employers_for_dossier(None, officer)
