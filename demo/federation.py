"""The first demo step: the federation (units before and after the 2025 restructuring), three
hundred members of its grassroots unions, and the demo accounts.

Built through the real services, so the history is recorded exactly as an officer would record
it: the units and members as the registry found them, the restructuring on the day it took
effect and a member's later move on its day (the demo clock, ``demo.clock``, travels there).
Names of people are invented for the demo.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password

from accounts.models import User
from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, accounts_create
from demo.clock import DemoClock
from demo.names import POSITIONS, QUALIFICATIONS, person_name
from demo.units import GRASSROOTS, REFORM_DAY, restructure_2025, units_build
from unions import services
from unions.models import Membership, Unit


def members_create(password_hash: str) -> None:
    rng = random.Random(20251)
    grassroots = [Unit.objects.get(code=code) for code, _name, _parent in GRASSROOTS]
    users = []
    for index in range(1, 301):
        last_name, first_name = person_name(rng)
        users.append(
            User(
                email=f"doanvien{index:03d}@demo.congdoan.vn" if index % 3 else None,
                phone=f"098{index:07d}",
                last_name=last_name,
                first_name=first_name,
                date_of_birth=datetime.date(
                    rng.randint(1968, 2003), rng.randint(1, 12), rng.randint(1, 28)
                ),
                password=password_hash,
            )
        )
    for user in users:
        user.refresh_search_document()  # bulk_create does not call save()
    User.objects.bulk_create(users)
    created = {user.phone: user for user in User.objects.filter(phone__in=[u.phone for u in users])}
    for index in range(1, 301):
        user = created[f"098{index:07d}"]
        unit = grassroots[(index - 1) % len(grassroots)]
        services.membership_start(
            user=user,
            unit=unit,
            valid_from=datetime.date(
                rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28)
            ),
            card_number=f"{unit.code.split('-')[1]}{index:06d}",
            position=rng.choice(POSITIONS),
            qualification=rng.choice(QUALIFICATIONS),
        )


def seed_federation() -> bool:
    """Build the federation, its members and the demo accounts once; False when the national
    federation is there already."""
    if Unit.objects.filter(code="TLD").exists():
        return False
    password_hash = make_password(DEMO_PASSWORD)
    units_build()
    members_create(password_hash)
    superusers = [account for account in DEMO_ACCOUNTS if account.superuser]
    accounts_create(password_hash, superusers)
    clock = DemoClock()
    clock.run(
        clock.moment(REFORM_DAY, 8),
        restructure_2025,
        actor=User.objects.get(email=superusers[0].email),
    )
    accounts_create(password_hash, [account for account in DEMO_ACCOUNTS if not account.superuser])
    # One member's move between grassroots unions, kept as history.
    mover = Membership.objects.filter(unit__code="CS-DHA-02", valid_to__isnull=True).first()
    if mover is not None:
        moved_on = datetime.date(2025, 9, 15)
        clock.run(
            clock.moment(moved_on),
            services.membership_move,
            membership=mover,
            unit=Unit.objects.get(code="CS-KCN-QTR-01"),
            effective_date=moved_on,
        )
    return True
