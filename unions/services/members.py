"""Writes of the members' register: registering a person as a member (with or without a sign-in
account), correcting their details, ending a membership. Moves between grassroots unions are
``unions.services.membership_move``.

Errors are ``ApplicationError`` with a message for the user and the form field it belongs to;
nothing is saved when one is raised. Personal data (date of birth, identity number, phone,
e-mail) never goes into messages or logs.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, UNUSABLE_PASSWORD_SUFFIX_LENGTH
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import Sex, User
from unions.enums import GRASSROOTS_KINDS, MembershipEndReason
from unions.invitations import email_member_invitation
from unions.models import Membership, Unit
from unions.services import check_card_number, membership_start

IDENTITY_NUMBER = re.compile(r"[0-9]{12}")


@dataclass(frozen=True)
class PersonData:
    """What the register keeps about a person, already cleaned (phone in its canonical form)."""

    last_name: str
    first_name: str
    sex: str = ""
    date_of_birth: date | None = None
    identity_number: str = ""
    phone: str = ""
    email: str = ""


def _clean_person(person: PersonData) -> PersonData:
    last_name, first_name = person.last_name.strip(), person.first_name.strip()
    if not first_name:
        raise ApplicationError(_("Enter the member's given name."), field="first_name")
    if person.sex and person.sex not in Sex.values:
        raise ApplicationError(_("Choose a valid sex."), field="sex")
    if person.date_of_birth and person.date_of_birth > timezone.localdate():
        raise ApplicationError(
            _("The date of birth cannot be in the future."), field="date_of_birth"
        )
    identity = (person.identity_number or "").strip()
    if identity and not IDENTITY_NUMBER.fullmatch(identity):
        raise ApplicationError(
            _("The personal identification number has 12 digits."), field="identity_number"
        )
    return PersonData(
        last_name=last_name,
        first_name=first_name,
        sex=person.sex or "",
        date_of_birth=person.date_of_birth,
        identity_number=identity,
        phone=(person.phone or "").strip(),
        email=(person.email or "").strip().lower(),
    )


def _check_person_unique(person: PersonData, exclude: User | None = None) -> None:
    others = User.objects.all()
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if person.email and others.filter(email__iexact=person.email).exists():
        raise ApplicationError(
            _("Another account already uses this e-mail address."), field="email"
        )
    if person.phone and others.filter(phone=person.phone).exists():
        raise ApplicationError(_("Another account already uses this phone number."), field="phone")
    if person.identity_number and others.filter(identity_number=person.identity_number).exists():
        raise ApplicationError(
            _("Another person already has this personal identification number."),
            field="identity_number",
        )


def _save(user: User, fields: list[str] | None = None) -> None:
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError as error:  # a concurrent change took the address or number first
        raise ApplicationError(_("Another account already uses these details.")) from error


@transaction.atomic
def member_register(
    *,
    person: PersonData,
    unit: Unit,
    valid_from: date,
    card_number: str = "",
    joined_on: date | None = None,
    position: str = "",
    qualification: str = "",
    with_account: bool = False,
    actor: User | None = None,
) -> Membership:
    """Register a new person as a member of the grassroots ``unit`` from ``valid_from``.

    With ``with_account`` the person gets an active account without a password, and an
    invitation to set one is e-mailed through the task queue after commit (an e-mail address is
    then required). Without it the person is kept as an inactive user who cannot sign in.
    Raises ApplicationError for details another person already uses, a card number held by
    someone else, a unit that takes no members or impossible dates.
    """
    person = _clean_person(person)
    if with_account and not person.email:
        raise ApplicationError(
            _("Enter an e-mail address to send the invitation to."), field="email"
        )
    _check_person_unique(person)
    card_number = check_card_number(card_number)
    if joined_on is not None and joined_on > valid_from:
        raise ApplicationError(
            _("The member cannot join the union after the membership starts."),
            field="joined_on",
        )
    user = User(
        last_name=person.last_name,
        first_name=person.first_name,
        sex=person.sex,
        date_of_birth=person.date_of_birth,
        identity_number=person.identity_number or None,
        phone=person.phone or None,
        email=person.email or None,
        is_active=with_account,
    )
    user.set_unusable_password()
    _save(user)
    membership = membership_start(
        user=user,
        unit=unit,
        valid_from=valid_from,
        card_number=card_number,
        position=position,
        qualification=qualification,
        actor=actor,
    )
    membership.joined_on = joined_on
    membership.recorded_by = actor
    membership.save(update_fields=["joined_on", "recorded_by"])
    if with_account:
        member_invite(user=user)
    return membership


def member_invite(*, user: User) -> None:
    """Queue the e-mail inviting ``user`` to set a password, once the transaction commits."""
    if not user.email:
        raise ApplicationError(
            _("Enter an e-mail address to send the invitation to."), field="email"
        )
    transaction.on_commit(lambda: email_member_invitation.enqueue(user.pk))


@transaction.atomic
def member_account_open(*, user: User, actor: User | None = None) -> User:
    """Give a member registered without an account the right to sign in, and invite them."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ApplicationError(_("This member can already sign in."))
    member_invite(user=user)
    user.is_active = True
    _save(user, ["is_active"])
    return user


@transaction.atomic
def member_update(
    *,
    membership: Membership,
    person: PersonData,
    card_number: str,
    joined_on: date | None,
    position: str,
    qualification: str,
    actor: User | None = None,
) -> Membership:
    """Correct a member's personal details and the details of their current membership.

    The card number changes on every row of the person's history (it is theirs, not the
    row's). Raises ApplicationError as ``member_register`` does.
    """
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    user = User.objects.select_for_update().get(pk=membership.user_id)
    person = _clean_person(person)
    if user.is_active and not person.email and not person.phone:
        raise ApplicationError(_("Enter an e-mail address or a phone number."), field="email")
    _check_person_unique(person, exclude=user)
    card_number = check_card_number(card_number, user)
    first_start = (
        Membership.objects.filter(user=user)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
    ).first()
    if joined_on is not None and first_start is not None and joined_on > first_start:
        raise ApplicationError(
            _("The member cannot join the union after the membership starts."),
            field="joined_on",
        )
    user.last_name, user.first_name = person.last_name, person.first_name
    user.sex, user.date_of_birth = person.sex, person.date_of_birth
    user.identity_number = person.identity_number or None
    user.phone, user.email = person.phone or None, person.email or None
    _save(
        user,
        ["last_name", "first_name", "sex", "date_of_birth", "identity_number", "phone", "email"],
    )
    if card_number != membership.card_number:
        Membership.objects.filter(user=user).update(card_number=card_number)
    membership.card_number = card_number
    membership.joined_on = joined_on
    membership.position = position.strip()
    membership.qualification = qualification.strip()
    membership.save(update_fields=["card_number", "joined_on", "position", "qualification"])
    return membership


@transaction.atomic
def membership_end(
    *,
    membership: Membership,
    end_date: date,
    reason: str,
    note: str = "",
    actor: User | None = None,
) -> Membership:
    """End a current membership on ``end_date`` for ``reason`` (retired, moved away, left,
    died). The row stays as history; a sign-in account stays as it is. Raises
    ApplicationError for an ended membership, an unknown reason or a date out of range."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.valid_to is not None:
        raise ApplicationError(_("This membership has already ended."))
    if reason not in MembershipEndReason.values:
        raise ApplicationError(_("Choose why the membership ends."), field="reason")
    if end_date > timezone.localdate():
        raise ApplicationError(_("The end date cannot be in the future."), field="end_date")
    if end_date < membership.valid_from:
        raise ApplicationError(
            _("The membership cannot end before it started on %(date)s.")
            % {"date": membership.valid_from.strftime("%d/%m/%Y")},
            field="end_date",
        )
    membership.valid_to = end_date
    membership.end_reason = reason
    membership.end_note = note.strip()[:500]
    membership.recorded_by = actor
    membership.save(update_fields=["valid_to", "end_reason", "end_note", "recorded_by"])
    return membership


@dataclass(frozen=True)
class NewMember:
    """One person to register by ``members_register_many``."""

    person: PersonData
    unit: Unit
    valid_from: date
    card_number: str = ""
    joined_on: date | None = None
    position: str = ""


class MemberRowError(ApplicationError):
    """An ApplicationError about the ``index``-th member of a ``members_register_many`` call."""

    def __init__(self, message, *, index: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.index = index


def _taken(field: str, values: list[str]) -> set[str]:
    if not values:
        return set()
    if field == "card_number":
        found = Membership.objects.filter(card_number__in=values).values_list(field, flat=True)
    else:
        found = User.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True)
    return {value.lower() for value in found}


@transaction.atomic
def members_register_many(
    *, members: list[NewMember], actor: User | None = None
) -> list[Membership]:
    """Register many new people at once, without sign-in accounts (the members' import): the
    checks of ``member_register``, made with a few queries for the whole list, then two bulk
    inserts. Raises MemberRowError naming the first member at fault; nothing is saved then.
    Card numbers, phones, e-mails and identity numbers must also differ within the list (the
    import checks that while reading)."""
    today = timezone.localdate()
    cleaned: list[tuple[PersonData, NewMember, str]] = []
    for index, member in enumerate(members):
        try:
            person = _clean_person(member.person)
            unit = member.unit
            if not unit.is_active or unit.kind not in GRASSROOTS_KINDS:
                raise ApplicationError(
                    _("Members belong to a grassroots union; %(unit)s is a %(kind)s.")
                    % {"unit": unit.name, "kind": unit.get_kind_display()},
                    field="unit",
                )
            if member.valid_from > today:
                raise ApplicationError(
                    _("The effective date cannot be in the future."), field="valid_from"
                )
            if member.valid_from < unit.valid_from:
                raise ApplicationError(
                    _("Membership cannot start before %(unit)s was established.")
                    % {"unit": unit.name},
                    field="valid_from",
                )
            if member.joined_on is not None and member.joined_on > member.valid_from:
                raise ApplicationError(
                    _("The member cannot join the union after the membership starts."),
                    field="joined_on",
                )
        except ApplicationError as error:
            raise MemberRowError(error.message, index=index, field=error.field) from None
        cleaned.append((person, member, member.card_number.strip()))
    taken = {
        "email": _taken("email", [p.email for p, _m, _c in cleaned if p.email]),
        "phone": _taken("phone", [p.phone for p, _m, _c in cleaned if p.phone]),
        "identity_number": _taken(
            "identity_number", [p.identity_number for p, _m, _c in cleaned if p.identity_number]
        ),
        "card_number": _taken("card_number", [c for _p, _m, c in cleaned if c]),
    }
    messages = {
        "email": _("Another account already uses this e-mail address."),
        "phone": _("Another account already uses this phone number."),
        "identity_number": _("Another person already has this personal identification number."),
        "card_number": _("Another member already holds this card number."),
    }
    users = []
    for index, (person, _member, card) in enumerate(cleaned):
        values = {
            "email": person.email,
            "phone": person.phone,
            "identity_number": person.identity_number,
            "card_number": card,
        }
        for field, value in values.items():
            if value and value.lower() in taken[field]:
                raise MemberRowError(messages[field], index=index, field=field)
        user = User(
            last_name=person.last_name,
            first_name=person.first_name,
            sex=person.sex,
            date_of_birth=person.date_of_birth,
            identity_number=person.identity_number or None,
            phone=person.phone or None,
            email=person.email or None,
            is_active=False,
        )
        # What set_unusable_password() stores (the prefix and 40 random characters), drawn with
        # one call instead of 40: that method took a quarter of the writing of a large import.
        user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(
            UNUSABLE_PASSWORD_SUFFIX_LENGTH // 2
        )
        user.refresh_search_document()  # bulk_create does not call save()
        users.append(user)
    try:
        with transaction.atomic():
            User.objects.bulk_create(users, batch_size=1000)
            memberships = Membership.objects.bulk_create(
                [
                    Membership(
                        user=user,
                        unit=member.unit,
                        valid_from=member.valid_from,
                        card_number=card,
                        joined_on=member.joined_on,
                        position=member.position.strip(),
                        recorded_by=actor,
                    )
                    for user, (_person, member, card) in zip(users, cleaned, strict=True)
                ],
                batch_size=1000,
            )
    except IntegrityError as error:  # a concurrent registration took a number first
        raise ApplicationError(_("Another account already uses these details.")) from error
    return memberships
