"""What the public bank sorts and filters on, written on the dossier: the year of recognition,
the highest level reached and the province (level-2 unit) above its unit (issue 14 §4), and the
province again when the dossier's unit moves in the tree. Re-exported by
``initiatives.services``."""

from django.db import transaction

from initiatives.models import Initiative
from unions.models import Unit

PROVINCE_DEPTH = 2  # provincial federations and central sector unions, under the national one


@transaction.atomic
def initiative_bank_standing_set(*, standings: dict[int, tuple[int | None, int]]) -> int:
    """Write on each dossier of ``standings`` (id -> (year of recognition, highest level
    reached, 1 national … 4 grassroots)) what the public bank sorts and filters on, with the
    province (level-2 unit) above its unit (issue 14 §4). Called when a dossier becomes
    recognised (``initiative_transition``), and by awards when a round that recognised it
    closes or the employer's own decision is confirmed, in their transaction: awards computes
    the year and level from its rounds and decisions (``awards.selectors.recognitions``).
    Three queries whatever the number of dossiers; returns how many changed."""
    if not standings:
        return 0
    rows = list(
        Initiative.objects.select_for_update(of=("self",))
        .filter(pk__in=list(standings))
        .select_related("unit")
        .only("pk", "recognised_year", "highest_level", "province_id", "unit__path")
        .order_by("pk")
    )
    prefix = PROVINCE_DEPTH * Unit.steplen
    provinces = dict(
        Unit.objects.filter(
            depth=PROVINCE_DEPTH,
            path__in={row.unit.path[:prefix] for row in rows if len(row.unit.path) >= prefix},
        ).values_list("path", "pk")
    )
    changed = []
    for row in rows:
        year, level = standings[row.pk]
        province = provinces.get(row.unit.path[:prefix]) if len(row.unit.path) >= prefix else None
        if (row.recognised_year, row.highest_level, row.province_id) != (year, level, province):
            row.recognised_year, row.highest_level, row.province_id = year, level, province
            changed.append(row)
    if changed:
        Initiative.objects.bulk_update(changed, ["recognised_year", "highest_level", "province"])
    return len(changed)


PROVINCE_BATCH = 5_000


def initiative_province_follow_move(unit: Unit, *, batch_size: int = PROVINCE_BATCH) -> int:
    """After ``unit`` and its subtree moved in the tree (``unions.successions``
    ``register_move_handler``, in the restructuring's transaction), write on every dossier of
    the subtree that has a bank standing its new province: the level-2 unit on ``unit``'s new
    path, the same for the whole subtree. Set-based, in batches of ``batch_size`` rows (a
    province's subtree holds tens of thousands of recognised dossiers): per batch one query
    choosing ids through the unit path's index and one ``UPDATE``, and one more to end; the
    figures follow from the tree change the move logged, the public cache from its version
    bump. Returns how many dossiers changed."""
    prefix = PROVINCE_DEPTH * Unit.steplen
    if unit.depth < PROVINCE_DEPTH:
        province_id = None
    elif unit.depth == PROVINCE_DEPTH:
        province_id = unit.pk
    else:
        province_id = (
            Unit.objects.filter(path=unit.path[:prefix]).values_list("pk", flat=True).first()
        )
    stale = Initiative.objects.filter(
        unit__in=Unit.objects.filter(path__startswith=unit.path).values("pk"),
        highest_level__isnull=False,
    )
    stale = (
        stale.filter(province__isnull=False)
        if province_id is None
        else stale.exclude(province_id=province_id)
    )
    changed = 0
    while ids := list(stale.order_by().values_list("pk", flat=True)[:batch_size]):
        changed += Initiative.objects.filter(pk__in=ids).update(province_id=province_id)
    return changed
