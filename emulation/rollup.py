"""The registry's figures kept in a rollup table (``UnitFigure``), so that pages and
``registry_stats`` read a unit's, a province's or the nation's figures in one indexed query
instead of aggregating whole tables on every request (issue 14 §6).

What is stored. For every unit, every year with records (and 0 for "all years") and every
figure of ``live_figures.live_registry_figures`` that is a sum over records, the value counted
from the unit's own records (``own_value``) and from its whole subtree (``subtree_value``).
Figures that are not sums are stored as sums of parts (the average year-end pledge score as a
sum and a count); totals that are sums of other figures are added up when read. Two figures
stay live because they are distinct counts, not sums over units: the employers' count (one
query on an indexed table) and, on the movement pages, the units and members taking part (one
query over the movement's registrations).

How it is kept current. The services of every app write ``unions.UnitChange`` rows naming the
units whose counted records changed (``unions.changes.units_changed``), in the transaction of
the change: a low-level log that knows nobody who reads it, so the apps below emulation never
learn about figures. After the commit the configuration (``settings.UNIT_CHANGE_TASKS``)
enqueues :func:`figures_refresh_task`, which takes the log, recounts the own values of the
changed units from the records (the same conditions as the live computation, grouped by unit)
and adds the differences to those units and their ancestors (found from the materialised
path). A change of the tree itself (a unit moved, merged) is logged without a unit and makes
the refresh rebuild everything. ``manage.py figures_refresh`` does the same from cron.

Why not history rows with a watermark: the history tables differ per app, some changes have
none (a benefit verified, a certificate revoked), and a row's unit is not always the unit its
figures are counted under (a round's outcome counts under the round's unit and under each
dossier's unit). The services know which units they touch; the log says it in one shape.

:func:`figures_rebuild` recounts everything set-based: per year, one ``INSERT … SELECT``
grouped by unit per kind of record, then one ``INSERT … SELECT`` per depth of the tree that
adds each unit's own values into the ancestor at that depth (joined on the path prefix).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear, NullIf, Round
from django.utils import timezone
from django_tasks import task

from awards.enums import COUNTED_BENEFIT, Outcome, RoundStatus, SheetStatus
from awards.models import (
    AwardDecision,
    BenefitRecord,
    Certificate,
    Recipient,
    ReviewRound,
    RoundEntry,
    ScoreSheet,
)
from awards.models.honours import revoked_condition
from awards.selectors.recognitions import confirmed_external_recognitions, council_recognitions
from emulation.enums import (
    IndividualTitle,
    MovementStatus,
    PledgeStatus,
    RegistrantKind,
    RegistrationStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.models import (
    FigureRefresh,
    Movement,
    Pledge,
    PledgeReport,
    Registration,
    TitleConferral,
    UnitFigure,
)
from emulation.models.figures import ALL_YEARS
from initiatives.enums import InitiativeField, InitiativeStatus, WorkType
from initiatives.models import Initiative
from initiatives.statistics import UNSPECIFIED
from unions.levels import Level, level_of_kind
from unions.models import Unit, UnitChange
from unions.statistics import FigureScope, employer_count

STEP = Unit.steplen
UNDER_WAY = [RoundStatus.OPEN, RoundStatus.SCORING, RoundStatus.DELIBERATION]
# Figures that do not depend on the year asked for: stored under ALL_YEARS only.
YEARLESS = {"reviews.dossiers_awaiting_scores"}


def _text(*parts) -> Concat:
    return Concat(
        *[Value(p) if isinstance(p, str) else Cast(p, CharField()) for p in parts],
        output_field=CharField(),
    )


# --- the own values: the live conditions grouped by unit ----------------------------------


@dataclass(frozen=True)
class Source:
    """One kind of counted record: ``rows(year)`` are the records the live computation counts
    for ``year`` (None: all years), ``unit`` the path to the unit they count under, ``name``
    the figure's name (an expression) and ``value`` what is added up."""

    rows: Callable[[int | None], QuerySet]
    unit: str
    name: Any
    value: Any
    yearless: bool = False

    def grouped(self, year: int | None, unit_ids: Iterable[int] | None = None) -> QuerySet:
        rows = self.rows(year).order_by()
        if unit_ids is not None:
            rows = rows.filter(**{f"{self.unit}__in": list(unit_ids)})
        return (
            rows.annotate(fu=F(self.unit), fn=self.name)
            .values("fu", "fn")
            .annotate(fv=Coalesce(self.value, 0, output_field=BigIntegerField()))
        )


def _initiatives(year):
    rows = Initiative.objects.all()
    return rows.filter(submitted_at__year=year) if year is not None else rows


def _council(year):
    council = council_recognitions().filter(initiative=OuterRef("pk"))
    return council.filter(round__decision__year=year) if year is not None else council


def _recorded(year):
    recorded = confirmed_external_recognitions().filter(initiative=OuterRef("pk"))
    return recorded.filter(decided_on__year=year) if year is not None else recorded


def _recognitions(year):
    rows = RoundEntry.objects.filter(outcome=Outcome.RECOGNISED, round__status=RoundStatus.CLOSED)
    return rows.filter(round__decision__year=year) if year is not None else rows


def _rounds(year):
    rows = ReviewRound.objects.filter(status__in=UNDER_WAY)
    return rows.filter(year=year) if year is not None else rows


def _awaiting(year):
    return RoundEntry.objects.filter(round__status=RoundStatus.SCORING).filter(
        Exists(ScoreSheet.objects.filter(entry=OuterRef("pk"), status=SheetStatus.DRAFT))
    )


def _decisions(year):
    rows = AwardDecision.objects.issued()
    return rows.filter(year=year) if year is not None else rows


def _recipients(year):
    rows = Recipient.objects.issued()
    return rows.filter(decision__year=year) if year is not None else rows


def _certificates(year):
    rows = Certificate.objects.issued()
    return rows.filter(recipient__decision__year=year) if year is not None else rows


def _benefits(year):
    rows = BenefitRecord.objects.filter(status__in=list(COUNTED_BENEFIT))
    return rows.filter(year=year) if year is not None else rows


def _movements(year):
    rows = Movement.objects.all()
    if year is None:
        return rows
    return rows.filter(period_start__year__lte=year, period_end__year__gte=year)


def _of_year(model, field="year"):
    def rows(year):
        queryset = model.objects.all()
        return queryset.filter(**{field: year}) if year is not None else queryset

    return rows


def _scored_reports(year):
    rows = PledgeReport.objects.filter(
        period=ReportPeriod.YEAR_END, status=ReportStatus.SCORED, total_score__isnull=False
    )
    return rows.filter(pledge__year=year) if year is not None else rows


SOURCES: list[Source] = [
    # initiatives (initiatives.statistics.initiative_figures)
    Source(_initiatives, "unit_id", _text("initiatives.by_status.", F("status")), Count("pk")),
    Source(
        lambda y: _initiatives(y).filter(submitted_at__isnull=False),
        "unit_id",
        _text("initiatives.by_year.", ExtractYear("submitted_at")),
        Count("pk"),
    ),
    Source(
        _initiatives,
        "unit_id",
        Concat(
            Value("initiatives.by_field."),
            Coalesce(NullIf(F("field"), Value("")), Value(UNSPECIFIED)),
            output_field=CharField(),
        ),
        Count("pk"),
    ),
    Source(
        _initiatives, "unit_id", _text("initiatives.by_work_type.", F("work_type")), Count("pk")
    ),
    Source(
        lambda y: _initiatives(y).exclude(status=InitiativeStatus.DRAFT),
        "unit_id",
        Value("initiatives.benefit_claimed_vnd"),
        Sum("benefit_claimed"),
    ),
    # awards.statistics.recognised_by_figures: every dossier, recognised in the year asked for
    Source(
        lambda y: Initiative.objects.filter(Exists(_council(y))),
        "unit_id",
        Value("initiatives.recognised_by.employer_council"),
        Count("pk"),
    ),
    Source(
        lambda y: Initiative.objects.filter(Exists(_recorded(y))).exclude(Exists(_council(y))),
        "unit_id",
        Value("initiatives.recognised_by.employer_recorded"),
        Count("pk"),
    ),
    # reviews (awards.statistics.review_figures); the level is read from the unit's kind
    Source(
        _recognitions,
        "round__unit_id",
        _text("_recognised.", F("round__unit__kind"), ".", F("round__decision__year")),
        Count("pk"),
    ),
    Source(_rounds, "unit_id", _text("reviews.rounds_by_status.", F("status")), Count("pk")),
    Source(
        _awaiting,
        "round__unit_id",
        Value("reviews.dossiers_awaiting_scores"),
        Count("pk"),
        yearless=True,
    ),
    # awards (awards.statistics.award_figures)
    Source(
        _decisions,
        "issuer_id",
        _text(
            "awards.awards_by_type_and_year.", F("award_type__code"), ".", F("year"), ".decisions"
        ),
        Count("pk"),
    ),
    Source(
        _recipients,
        "decision__issuer_id",
        _text(
            "awards.awards_by_type_and_year.",
            F("decision__award_type__code"),
            ".",
            F("decision__year"),
            ".recipients",
        ),
        Count("pk"),
    ),
    # the statistics page's awards by level of the issuer
    Source(
        _recipients,
        "decision__issuer_id",
        _text("_awards.", F("decision__issuer__kind")),
        Count("pk"),
    ),
    Source(
        _certificates,
        "recipient__decision__issuer_id",
        Value("awards.certificates_issued"),
        Count("pk"),
    ),
    Source(
        lambda y: _certificates(y).filter(revoked_condition("recipient__")),
        "recipient__decision__issuer_id",
        Value("awards.certificates_revoked"),
        Count("pk"),
    ),
    Source(
        _benefits, "initiative__unit_id", Value("awards.verified_benefit_vnd"), Sum("verified_vnd")
    ),
    # emulation (live_figures.emulation_figures)
    Source(
        _movements,
        "launching_unit_id",
        _text("emulation.movements_by_status.", F("status")),
        Count("pk"),
    ),
    Source(
        _of_year(Registration),
        "unit_id",
        Concat(
            Value("emulation.registrations_by_state."),
            Case(
                When(registrant_kind=RegistrantKind.PERSON, then=Value("people")),
                default=Value("units"),
            ),
            Value("."),
            F("status"),
            output_field=CharField(),
        ),
        Count("pk"),
    ),
    Source(
        _of_year(Pledge),
        "block__managing_unit_id",
        _text("emulation.pledges_by_status.", F("status")),
        Count("pk"),
    ),
    Source(
        _scored_reports,
        "pledge__block__managing_unit_id",
        Value("_pledge_score_hundredths"),
        Sum(Cast(Round(F("total_score") * 100), BigIntegerField())),
    ),
    Source(
        _scored_reports, "pledge__block__managing_unit_id", Value("_pledge_scored"), Count("pk")
    ),
    Source(
        _of_year(TitleConferral),
        "unit_id",
        _text("emulation.titles_by_title.", F("title")),
        Count("pk"),
    ),
]


def _years_of(queryset: QuerySet, field: str) -> set[int]:
    return {y for y in queryset.order_by().values_list(field, flat=True).distinct() if y}


def data_years(unit_ids: list[int] | None = None) -> set[int]:
    """Every year some figure counts records of (of ``unit_ids``' records when given). One
    query per kind of record."""

    def of(model_rows: QuerySet, unit: str) -> QuerySet:
        return model_rows if unit_ids is None else model_rows.filter(**{f"{unit}__in": unit_ids})

    years: set[int] = set()
    years |= _years_of(
        of(Initiative.objects.filter(submitted_at__isnull=False), "unit_id").annotate(
            y=ExtractYear("submitted_at")
        ),
        "y",
    )
    years |= _years_of(of(council_recognitions(), "initiative__unit_id"), "round__decision__year")
    years |= _years_of(of(RoundEntry.objects.all(), "round__unit_id"), "round__decision__year")
    years |= _years_of(
        of(confirmed_external_recognitions(), "initiative__unit_id").annotate(
            y=ExtractYear("decided_on")
        ),
        "y",
    )
    years |= _years_of(of(ReviewRound.objects.all(), "unit_id"), "year")
    years |= _years_of(of(AwardDecision.objects.all(), "issuer_id"), "year")
    years |= _years_of(of(BenefitRecord.objects.all(), "initiative__unit_id"), "year")
    years |= _years_of(of(Registration.objects.all(), "unit_id"), "year")
    years |= _years_of(of(Pledge.objects.all(), "block__managing_unit_id"), "year")
    years |= _years_of(of(TitleConferral.objects.all(), "unit_id"), "year")
    for start, end in of(Movement.objects.all(), "launching_unit_id").values_list(
        "period_start", "period_end"
    ):
        years |= set(range(start.year, end.year + 1))
    return years


def own_values(
    year: int | None, unit_ids: Iterable[int] | None = None
) -> dict[tuple[int, str], int]:
    """The own values of every unit (of ``unit_ids`` when given) for ``year`` (None: all
    years), by (unit id, name). One query per kind of record."""
    unit_ids = list(unit_ids) if unit_ids is not None else None
    found: dict[tuple[int, str], int] = defaultdict(int)
    for source in SOURCES:
        if source.yearless and year is not None:
            continue
        for unit_id, name, value in source.grouped(year, unit_ids).values_list("fu", "fn", "fv"):
            if unit_id is not None:
                found[(unit_id, name)] += int(value or 0)
    return dict(found)


# --- rebuilding everything -----------------------------------------------------------------


def _table() -> str:
    return connection.ops.quote_name(UnitFigure._meta.db_table)


def _insert_own(year: int | None) -> None:
    table = _table()
    for source in SOURCES:
        if source.yearless and year is not None:
            continue
        sql, params = source.grouped(year).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (unit_id, year, name, own_value, subtree_value) "
                f"SELECT s.fu, %s, s.fn, SUM(s.fv), 0 FROM ({sql}) s "
                "WHERE s.fu IS NOT NULL GROUP BY s.fu, s.fn "
                "ON CONFLICT (unit_id, year, name) "
                f"DO UPDATE SET own_value = {table}.own_value + excluded.own_value",
                [year if year is not None else ALL_YEARS, *params],
            )


def _roll_up(years: list[int]) -> None:
    """Fill ``subtree_value`` of every unit from the own values beneath it: for each depth, the
    own values of the units at that depth or below added into their ancestor at that depth."""
    table = _table()
    units = connection.ops.quote_name(Unit._meta.db_table)
    depth = Unit.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
    marks = ", ".join(["%s"] * len(years))
    for level in range(1, depth + 1):
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (unit_id, year, name, own_value, subtree_value) "
                f"SELECT a.id, f.year, f.name, 0, SUM(f.own_value) FROM {table} f "
                f"JOIN {units} u ON u.id = f.unit_id "
                f"JOIN {units} a ON a.path = SUBSTR(u.path, 1, %s) "
                f"WHERE u.depth >= %s AND f.year IN ({marks}) "
                "GROUP BY a.id, f.year, f.name "
                "ON CONFLICT (unit_id, year, name) "
                "DO UPDATE SET subtree_value = excluded.subtree_value",
                [level * STEP, level, *years],
            )


def _lock() -> FigureRefresh:
    state, _created = FigureRefresh.objects.get_or_create(pk=1)
    return FigureRefresh.objects.select_for_update().get(pk=state.pk)


@transaction.atomic
def figures_rebuild(*, year: int | None = None) -> int:
    """Recount the figures of every unit from the records: of ``year`` only when given (the
    "all years" figures too, since they include it), else of every year. Takes the change log
    into account (the rows logged before it are deleted). Returns the number of rows stored.
    Set-based: a fixed number of statements per year, whatever the number of units."""
    state = _lock()
    last = UnitChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    years = [ALL_YEARS, *sorted(data_years() if year is None else {year})]
    stale = UnitFigure.objects.all() if year is None else UnitFigure.objects.filter(year__in=years)
    stale.delete()
    for each in years:
        _insert_own(None if each == ALL_YEARS else each)
    _roll_up(years)
    if last is not None and year is None:
        UnitChange.objects.filter(pk__lte=last).delete()
    state.refreshed_at = timezone.now()
    state.save(update_fields=["refreshed_at"])
    return UnitFigure.objects.filter(year__in=years).count()


# --- keeping current -----------------------------------------------------------------------


def _ancestor_ids(units: Iterable[tuple[int, str]]) -> dict[int, list[int]]:
    """For each (id, path), the ids of the unit and its ancestors. One query."""
    units = list(units)
    prefixes = {path[:end] for _pk, path in units for end in range(STEP, len(path) + 1, STEP)}
    by_path = dict(Unit.objects.filter(path__in=prefixes).values_list("path", "pk"))
    return {
        pk: [
            by_path[path[:end]] for end in range(STEP, len(path) + 1, STEP) if path[:end] in by_path
        ]
        for pk, path in units
    }


def _apply(deltas: Mapping[tuple[int, int, str], tuple[int, int]]) -> None:
    table = _table()
    rows = [(u, y, n, own, sub) for (u, y, n), (own, sub) in deltas.items() if own or sub]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (unit_id, year, name, own_value, subtree_value) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (unit_id, year, name) DO UPDATE SET "
            f"own_value = {table}.own_value + excluded.own_value, "
            f"subtree_value = {table}.subtree_value + excluded.subtree_value",
            rows,
        )


@transaction.atomic
def figures_refresh() -> int:
    """Bring the figures up to date with the change log: recount the own values of the units
    logged, add the differences to them and their ancestors, delete the log rows taken into
    account. A logged change of the tree rebuilds everything. Returns the number of units
    recounted (-1 for a rebuild). Serialised with other refreshes and rebuilds by a row lock."""
    state = _lock()
    changes = list(UnitChange.objects.order_by("pk").values_list("pk", "unit_id"))
    if not changes:
        return 0
    if any(unit_id is None for _pk, unit_id in changes):
        figures_rebuild()
        return -1
    unit_ids = sorted({unit_id for _pk, unit_id in changes})
    years = {ALL_YEARS, *data_years(unit_ids)}
    years |= set(
        UnitFigure.objects.filter(unit_id__in=unit_ids).values_list("year", flat=True).distinct()
    )
    new: dict[tuple[int, int, str], int] = {}
    for year in years:
        for (unit_id, name), value in own_values(
            None if year == ALL_YEARS else year, unit_ids
        ).items():
            new[(unit_id, year, name)] = value
    old = {
        (u, y, n): v
        for u, y, n, v in UnitFigure.objects.filter(unit_id__in=unit_ids)
        .exclude(own_value=0)
        .values_list("unit_id", "year", "name", "own_value")
    }
    ancestors = _ancestor_ids(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    deltas: dict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0, 0])
    for key in new.keys() | old.keys():
        difference = new.get(key, 0) - old.get(key, 0)
        if not difference:
            continue
        unit_id, year, name = key
        deltas[key][0] += difference
        for ancestor in ancestors.get(unit_id, [unit_id]):
            deltas[(ancestor, year, name)][1] += difference
    _apply({key: (own, sub) for key, (own, sub) in deltas.items()})
    UnitChange.objects.filter(pk__lte=changes[-1][0]).delete()
    state.refreshed_at = timezone.now()
    state.save(update_fields=["refreshed_at"])
    return len(unit_ids)


@task()
def figures_refresh_task() -> int:
    """The queued form of :func:`figures_refresh` (enqueued after a commit that logged unit
    changes, see ``unions.changes``)."""
    return figures_refresh()


# --- reading -------------------------------------------------------------------------------

ROOTS = None  # the whole registry: the sum of the roots of the tree


def subtree_values(
    units: Iterable[Unit | None], years: Iterable[int] | None = None, *, own: bool = False
) -> dict[tuple[int | None, int], dict[str, int]]:
    """The stored figures of the subtrees of ``units`` (None: the whole registry), by (unit id
    or None, year) and name, for ``years`` (every year and ALL_YEARS when None); with ``own``
    the values of the units' own records instead. One query."""
    units = list(units)
    ids = [unit.pk for unit in units if unit is not None]
    condition = Q(unit_id__in=ids)
    if ROOTS in units:
        condition |= Q(unit__depth=1)
    rows = UnitFigure.objects.filter(condition)
    if years is not None:
        rows = rows.filter(year__in=list(years))
    field = "own_value" if own else "subtree_value"
    found: dict[tuple[int | None, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wanted = set(ids)
    for unit_id, depth, year, name, value in rows.values_list(
        "unit_id", "unit__depth", "year", "name", field
    ):
        if unit_id in wanted:
            found[(unit_id, year)][name] += value
        if ROOTS in units and depth == 1:
            found[(None, year)][name] += value
    return found


def figure_values(unit: Unit | None, year: int | None) -> dict[str, int]:
    """The stored figures of ``unit``'s subtree (the whole registry when None) for ``year``
    (None: all years), by name; the figures that do not depend on the year read from "all
    years". One query."""
    asked = ALL_YEARS if year is None else year
    found = subtree_values([unit], {ALL_YEARS, asked})
    key = unit.pk if unit is not None else None
    values = dict(found.get((key, asked), {}))
    every = found.get((key, ALL_YEARS), {})
    for name in YEARLESS:
        values[name] = every.get(name, 0)
    return values


def _prefixed(values: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {name[len(prefix) :]: v for name, v in values.items() if name.startswith(prefix)}


def _enum_counts(values: Mapping[str, int], prefix: str, keys: list[str]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for key, value in _prefixed(values, prefix).items():
        if key in counts or value:
            counts[key] = counts.get(key, 0) + value
    return counts


def recognised_by_level(values: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """Recognitions by closed rounds, by level of the round's unit and year of the decision."""
    by_level: dict[str, dict[str, int]] = {level.key: {} for level in Level}
    for rest, value in _prefixed(values, "_recognised.").items():
        kind, _dot, year = rest.partition(".")
        if value:
            level = by_level[level_of_kind(kind).key]
            level[year or "None"] = level.get(year or "None", 0) + value
    return {key: dict(sorted(years.items())) for key, years in by_level.items()}


def awards_by_level(values: Mapping[str, int]) -> dict[int, int]:
    """Recipients of issued decisions by level of the issuer."""
    found: dict[int, int] = defaultdict(int)
    for kind, value in _prefixed(values, "_awards.").items():
        found[level_of_kind(kind)] += value
    return found


def _awards_by_type(values: Mapping[str, int]) -> dict[str, dict[str, dict[str, int]]]:
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for rest, value in _prefixed(values, "awards.awards_by_type_and_year.").items():
        head, _dot, what = rest.rpartition(".")
        code, _dot, year = head.rpartition(".")
        cells.setdefault((code, year), {"decisions": 0, "recipients": 0})[what] = value
    by_type: dict[str, dict[str, dict[str, int]]] = {}
    for (code, year), cell in sorted(cells.items(), key=lambda item: (item[0][0], int(item[0][1]))):
        if cell["decisions"]:
            by_type.setdefault(code, {})[year] = cell
    return by_type


def _average(values: Mapping[str, int]) -> str | None:
    scored = values.get("_pledge_scored", 0)
    if not scored:
        return None
    average = Decimal(values.get("_pledge_score_hundredths", 0)) / scored / 100
    return str(average.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def assemble(values: Mapping[str, int]) -> dict[str, Any]:
    """The sections of ``registry_figures`` (without "employers") from stored values by name."""
    movements = _enum_counts(values, "emulation.movements_by_status.", MovementStatus.values)
    registrations = {
        kind: _enum_counts(
            values, f"emulation.registrations_by_state.{kind}.", RegistrationStatus.values
        )
        for kind in ("units", "people")
    }
    pledges = _enum_counts(values, "emulation.pledges_by_status.", PledgeStatus.values)
    titles = _enum_counts(values, "emulation.titles_by_title.", IndividualTitle.values)
    by_status = _enum_counts(values, "initiatives.by_status.", InitiativeStatus.values)
    by_year = {
        year: value
        for year, value in sorted(
            _prefixed(values, "initiatives.by_year.").items(), key=lambda item: int(item[0])
        )
        if value
    }
    rounds = {
        str(status): values.get(f"reviews.rounds_by_status.{status}", 0) for status in UNDER_WAY
    }
    return {
        "emulation": {
            "movements_running": movements[MovementStatus.RUNNING],
            "movements_by_status": movements,
            "registrations_by_state": registrations,
            "pledges": sum(pledges.values()),
            "pledges_by_status": pledges,
            "pledge_average_year_end_score": _average(values),
            "titles_by_title": titles,
            "titles_conferred": sum(titles.values()),
        },
        "initiatives": {
            "total": sum(by_status.values()),
            "submitted": sum(by_year.values()),
            "by_status": by_status,
            "by_year": by_year,
            "by_field": _enum_counts(values, "initiatives.by_field.", InitiativeField.values),
            "by_work_type": _enum_counts(values, "initiatives.by_work_type.", WorkType.values),
            "benefit_claimed_vnd": values.get("initiatives.benefit_claimed_vnd", 0),
            "recognised_by": {
                "employer_council": values.get("initiatives.recognised_by.employer_council", 0),
                "employer_recorded": values.get("initiatives.recognised_by.employer_recorded", 0),
            },
        },
        "reviews": {
            "recognised_by_level_and_year": recognised_by_level(values),
            "rounds_open": sum(rounds.values()),
            "rounds_by_status": rounds,
            "dossiers_awaiting_scores": values.get("reviews.dossiers_awaiting_scores", 0),
        },
        "awards": {
            "awards_by_type_and_year": _awards_by_type(values),
            "certificates_issued": values.get("awards.certificates_issued", 0),
            "certificates_revoked": values.get("awards.certificates_revoked", 0),
            "verified_benefit_vnd": values.get("awards.verified_benefit_vnd", 0),
        },
    }


def stored_registry_figures(*, unit: Unit | None = None, year: int | None = None) -> dict:
    """``registry_figures`` read from the rollup: the same keys and values as the live
    computation once the change log is taken into account. Two queries (the figures, and the
    employers' count, which is a distinct count kept live)."""
    sections = assemble(figure_values(unit, year))
    return {
        "unit": unit.code if unit else None,
        "year": year,
        "employers": employer_count(FigureScope(unit=unit, year=year)),
        **sections,
    }


BENEFIT = "awards.verified_benefit_vnd"
RECOGNISED_PREFIX = "_recognised."


def unit_year_values(
    unit_ids: Iterable[int],
    years: Iterable[int],
    *,
    names: Iterable[str] = (),
    prefixes: Iterable[str] = (),
) -> dict[tuple[int, int], dict[str, tuple[int, int]]]:
    """The stored (own value, subtree value) of the figures named ``names`` or starting with
    one of ``prefixes``, of ``unit_ids`` and ``years``, by (unit id, year) and name. One
    query (none without units)."""
    unit_ids, years = list(unit_ids), list(years)
    if not unit_ids or not years:
        return {}
    wanted = Q(name__in=list(names))
    for prefix in prefixes:
        wanted |= Q(name__startswith=prefix)
    found: dict[tuple[int, int], dict[str, tuple[int, int]]] = defaultdict(dict)
    for unit_id, year, name, own, subtree in (
        UnitFigure.objects.filter(wanted, unit_id__in=unit_ids, year__in=years)
        .values_list("unit_id", "year", "name", "own_value", "subtree_value")
        .order_by()
    ):
        found[(unit_id, year)][name] = (own, subtree)
    return found
