"""The people's folded search document (issue 14): kept with the person's own fields, filled by
its migration for the people who existed before, served by a trigram index on PostgreSQL."""

import pytest
from django.db import connection

from accounts.models import User
from accounts.search import search_document
from tests.factories import UserFactory
from tests.migrations import head, migrate, table_rows


@pytest.mark.django_db
def test_document_follows_names_phone_and_email_on_every_save():
    person = UserFactory(
        last_name="Nguyễn Thị", first_name="Hằng", email="Hang.NT@Example.vn", phone="0912000111"
    )
    assert person.search_document == " nguyen thi hang 0912000111 hang nt example vn "

    person.first_name = "Đào"
    person.save(update_fields=["first_name"])
    person.refresh_from_db()
    assert person.search_document == " nguyen thi dao 0912000111 hang nt example vn "

    # A save of other fields leaves the document as it is, and right.
    person.is_active = False
    person.save(update_fields=["is_active"])
    person.refresh_from_db()
    assert " dao " in person.search_document


@pytest.mark.django_db
def test_search_document_matches_word_starts_without_diacritics():
    hang = UserFactory(last_name="Nguyễn Thị", first_name="Hằng", phone="0912000111")
    UserFactory(last_name="Trần Văn", first_name="Đông", phone="0987000222")
    people = User.objects.all()
    assert list(search_document(people, "nguyen HANG")) == [hang]
    assert list(search_document(people, "0912")) == [hang]
    assert not search_document(people, "guyen").exists()  # a word's start, not its middle
    assert search_document(people, "   ").count() == 2  # blank finds everyone
    assert not search_document(people, "?!").exists()  # punctuation alone finds no one


PREVIOUS_LAYOUT = [("accounts", "0005_member_person_data")]


@pytest.mark.django_db(transaction=True)
def test_existing_people_get_their_document_and_keep_every_other_column():
    latest = head()
    executor = migrate(PREVIOUS_LAYOUT)
    try:
        model = executor.loader.project_state(PREVIOUS_LAYOUT).apps.get_model("accounts", "User")
        hang = model.objects.create(
            email="hang@example.vn", last_name="Nguyễn Thị", first_name="Hằng", password="!"
        )
        dong = model.objects.create(
            phone="0987000222", last_name="Trần Văn", first_name="Đông", password="!"
        )
        before = table_rows("accounts_user")

        migrate(latest)

        after = User.objects.in_bulk([hang.pk, dong.pk])
        assert after[hang.pk].search_document == " nguyen thi hang hang example vn "
        assert after[dong.pk].search_document == " tran van dong 0987000222 "
        column = [f.column for f in User._meta.concrete_fields].index("search_document")
        assert [r[:column] + r[column + 1 :] for r in table_rows("accounts_user")] == [
            r[:column] + r[column + 1 :] for r in before
        ]
    finally:
        migrate(latest)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.django_db
def test_people_search_uses_the_trigram_index():
    UserFactory(last_name="Nguyễn Thị", first_name="Hằng")
    sql, params = search_document(User.objects.order_by(), "nguyen hang").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "user_search_trgm" in plan
