"""The documents of a review round: the minutes of the council's meeting and the decision that
closes the round, rendered to PDF with WeasyPrint, and the scores as an XLSX workbook.

Like ``initiatives.documents``, everything is rendered in the site's language (Vietnamese)
whatever language the person printing uses. The letterhead (national motto, number, place and
date line) follows the fixed format of administrative documents and is written in Vietnamese
in the templates; the rest goes through the catalogue.

None of these functions checks permissions: the caller asks ``awards.view_round_scores``
first. Scores come only through ``round_results`` and ``sheet_values`` of
``awards.selectors.scores``, which read SUBMITTED sheets only: a draft sheet's values never
reach a document.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from weasyprint import HTML

from accounts.spreadsheets import fill_worksheet
from awards.aggregation import EntryResult, Figures
from awards.enums import Outcome, RoundPurpose
from awards.models import Criterion, Decision, ReviewRound, RoundEntry
from awards.selectors.rounds import round_council, round_entries
from awards.selectors.scores import SheetRow, round_results, rubric_criteria, sheet_values
from awards.services import eligible_voters
from initiatives.selectors import review_rules

# Sheet names stay the same in every language: scripts reading the workbook look them up.
SUMMARY_SHEET = "Tổng hợp"
SHEETS_SHEET = "Phiếu chấm"


# --- reading the round ---------------------------------------------------------------------


@dataclass
class Dossier:
    """One dossier of the round with its submitted sheets and their aggregate."""

    entry: RoundEntry
    result: EntryResult
    sheets: list[SheetRow]
    voters: int

    @property
    def initiative(self):
        return self.entry.initiative

    @property
    def authors(self) -> list[str]:
        return [author.full_name for author in self.entry.initiative.authors.all()]

    @property
    def vote_recorded(self) -> bool:
        return self.entry.votes_for is not None


def _dossiers(review_round: ReviewRound) -> list[Dossier]:
    """Every dossier of the round, best rank first; dossiers without submitted sheets last."""
    results = round_results(review_round)
    dossiers = [
        Dossier(
            entry=entry,
            result=results[entry.pk],
            sheets=sheet_values(entry),
            voters=eligible_voters(entry),
        )
        for entry in round_entries(review_round)
    ]
    return sorted(
        dossiers,
        key=lambda d: (d.result.rank is None, d.result.rank or 0, d.entry.pk),
    )


def _decision_of(review_round: ReviewRound) -> Decision | None:
    try:
        return review_round.decision
    except Decision.DoesNotExist:
        return None


def _parent_name(review_round: ReviewRound) -> str:
    parent = review_round.unit.get_parent()
    return parent.name if parent else ""


# --- formatting ----------------------------------------------------------------------------


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _day_parts(value: date) -> dict[str, str]:
    return {"day": f"{value.day:02d}", "month": f"{value.month:02d}", "year": str(value.year)}


def _number(value: Decimal | None) -> str:
    """``Decimal("17.50")`` → ``"17,5"``, ``Decimal("20.00")`` → ``"20"``; empty for none."""
    if value is None:
        return ""
    text = f"{value.quantize(Decimal('0.01')):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _html(template_name: str, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


# --- the minutes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionColumn:
    number: int
    name: str
    max_points: str
    weight: str
    eliminatory: bool


@dataclass(frozen=True)
class FiguresCells:
    mean: str
    median: str
    spread: str
    disagreement: bool


@dataclass(frozen=True)
class SheetLine:
    name: str
    role: str
    points: list[str]
    total: str
    comment: str


def _columns(criteria: list[Criterion]) -> list[CriterionColumn]:
    return [
        CriterionColumn(
            number=number,
            name=criterion.name,
            max_points=_number(criterion.max_points),
            weight=_number(criterion.weight),
            eliminatory=criterion.eliminatory,
        )
        for number, criterion in enumerate(criteria, start=1)
    ]


def _cells(figures: Figures | None) -> FiguresCells | None:
    if figures is None:
        return None
    return FiguresCells(
        mean=_number(figures.mean),
        median=_number(figures.median),
        spread=_number(figures.spread),
        disagreement=figures.disagreement,
    )


def _dossier_context(dossier: Dossier, criteria: list[Criterion]) -> dict:
    result = dossier.result
    entry = dossier.entry
    lines = [
        SheetLine(
            name=row.member.user.get_full_name(),
            role=row.member.get_role_display(),
            points=[
                _number(row.scores[c.pk].points) if c.pk in row.scores else "" for c in criteria
            ],
            total=_number(row.total),
            comment=row.sheet.overall_comment,
        )
        for row in dossier.sheets
    ]
    per_criterion = [_cells(result.criteria.get(c.pk)) for c in criteria]
    disagreements = [
        f"{number}. {c.name}"
        for number, (c, cells) in enumerate(zip(criteria, per_criterion, strict=True), start=1)
        if cells is not None and cells.disagreement
    ]
    total = _cells(result.total)
    if total is not None and total.disagreement:
        disagreements.append(_("total"))
    return {
        "entry": entry,
        "initiative": entry.initiative,
        "authors": dossier.authors,
        "unit_name": entry.initiative.unit.name,
        "rank": result.rank,
        "sheet_count": result.sheet_count,
        "scored": result.scored,
        "lines": lines,
        "comments": [line for line in lines if line.comment],
        "criteria_figures": per_criterion,
        "total": total,
        "disagreements": disagreements,
        "eliminated": result.eliminated,
        "passed": result.passed,
        "vote_recorded": dossier.vote_recorded,
        "voters": dossier.voters,
        "outcome": entry.get_outcome_display(),
        "outcome_reason": entry.outcome_reason,
        "conflicts": list(entry.conflicts.all()),
    }


def minutes_filename(review_round: ReviewRound) -> str:
    return f"bien-ban-hop-hoi-dong-{review_round.pk}.pdf"


def render_minutes_pdf(review_round: ReviewRound) -> bytes:
    """The minutes of the council's meeting ("Biên bản họp hội đồng xét duyệt sáng kiến") as a
    PDF (A4). Only submitted sheets are shown; the caller checks ``awards.view_round_scores``."""
    return HTML(string=minutes_html(review_round)).write_pdf()


def minutes_html(review_round: ReviewRound) -> str:
    """The HTML the minutes are printed from: the council, each dossier by rank with every
    submitted sheet, the aggregate, the vote and the outcome, the conflicts of interest and the
    decision if the round has one. Does not check permissions."""
    with translation.override(settings.LANGUAGE_CODE):
        criteria = rubric_criteria(review_round.rubric_version)
        dossiers = _dossiers(review_round)
        decision = _decision_of(review_round)
        council = round_council(review_round)
        chair = next((m for m in council if m.role == "chair"), None)
        secretary = next((m for m in council if m.role == "secretary"), None)
        votes_on = [d.entry.vote_recorded_at for d in dossiers if d.entry.vote_recorded_at]
        held_on = timezone.localdate(max(votes_on)) if votes_on else timezone.localdate()
        blocks = [_dossier_context(d, criteria) for d in dossiers]
        rules = review_rules(held_on)
        context = {
            "round": review_round,
            "unit_name": review_round.unit.name,
            "parent_name": _parent_name(review_round),
            "purpose": review_round.get_purpose_display(),
            "period_start": _day(review_round.period_start),
            "period_end": _day(review_round.period_end),
            "rubric": review_round.rubric_version,
            "threshold": _number(review_round.rubric_version.pass_threshold),
            "margin": rules.spread_margin_percent,
            "vote_share": rules.vote_share_label,
            "vote_basis": review_round.get_vote_basis_display(),
            "criteria": _columns(criteria),
            "council": council,
            "chair_name": chair.user.get_full_name() if chair else "",
            "secretary_name": secretary.user.get_full_name() if secretary else "",
            "dossiers": blocks,
            "conflicts": [
                (block["initiative"], conflict)
                for block in blocks
                for conflict in block["conflicts"]
            ],
            "decision": decision,
            "decided_on": _day(decision.decided_on) if decision else "",
            "held": _day_parts(held_on),
        }
        return render_to_string("awards/pdf/minutes.html", context)


# --- the decision --------------------------------------------------------------------------


def decision_filename(review_round: ReviewRound) -> str:
    decision = _decision_of(review_round)
    if decision is None:
        return f"quyet-dinh-{review_round.pk}.pdf"
    number = decision.number.replace("Đ", "D").replace("đ", "d").replace("/", "-")
    return f"quyet-dinh-{slugify(number)}.pdf"


def render_decision_pdf(review_round: ReviewRound) -> bytes:
    """The decision ("Quyết định") that closed the round as a PDF (A4). Raises ValueError for
    a round without a decision. Lists outcomes only, no score."""
    return HTML(string=decision_html(review_round)).write_pdf()


def _subject(purpose: str) -> str:
    if purpose == RoundPurpose.RECOGNITION:
        return _("On the recognition of initiatives")
    if purpose == RoundPurpose.NOMINATION:
        return _("On the selection of initiatives to put forward to the level above")
    return _("On the selection of initiatives for an award")


def _article_one(purpose: str) -> str:
    if purpose == RoundPurpose.RECOGNITION:
        return _("Recognise the following initiatives:")
    if purpose == RoundPurpose.NOMINATION:
        return _("Select the following initiatives to put forward to the level above:")
    return _("Select the following initiatives for the award:")


def decision_html(review_round: ReviewRound) -> str:
    """The HTML the decision is printed from. Raises ValueError without a decision."""
    decision = _decision_of(review_round)
    if decision is None:
        raise ValueError("The round has no decision: it has not been closed.")
    with translation.override(settings.LANGUAGE_CODE):
        entries = list(round_entries(review_round))
        recognised = [e for e in entries if e.outcome == Outcome.RECOGNISED]
        others = [e for e in entries if e.outcome != Outcome.RECOGNISED]
        context = {
            "round": review_round,
            "decision": decision,
            # An employer's council decides in the employer's name (Decree 13/2012/NĐ-CP
            # Art. 7): the letterhead names the employer, not the union that ran the council.
            "unit_name": decision.employer.name if decision.is_employers else decision.unit.name,
            "parent_name": "" if decision.is_employers else _parent_name(review_round),
            "decided": _day_parts(decision.decided_on),
            "decided_on": _day(decision.decided_on),
            "subject": _subject(review_round.purpose),
            "article_one": _article_one(review_round.purpose),
            "period_start": _day(review_round.period_start),
            "period_end": _day(review_round.period_end),
            "recognised": [
                {"initiative": e.initiative, "authors": _author_names(e)} for e in recognised
            ],
            "others": [
                {
                    "initiative": e.initiative,
                    "authors": _author_names(e),
                    "outcome": e.get_outcome_display(),
                    "reason": e.outcome_reason,
                }
                for e in others
            ],
            "last_article": 3 if others else 2,
        }
        return render_to_string("awards/pdf/decision.html", context)


def _author_names(entry: RoundEntry) -> list[str]:
    return [author.full_name for author in entry.initiative.authors.all()]


# --- the scores as a workbook --------------------------------------------------------------


def scores_filename(review_round: ReviewRound) -> str:
    return f"bang-diem-dot-xet-{review_round.pk}.xlsx"


def _local(value: datetime | None) -> datetime | None:
    # openpyxl writes no time zone: the cell holds the local wall-clock time.
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _write(sheet, header: list[str], rows: list[list], widths: dict[int, int]) -> None:
    # Bold header, dates as dates (dd/mm/yyyy), widths: the same helper as every workbook.
    fill_worksheet(sheet, headers=header, rows=rows, widths=widths)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def export_scores_xlsx(review_round: ReviewRound) -> bytes:
    """The round's scores as an XLSX workbook: "Tổng hợp", one row per dossier with the
    aggregate, the vote and the outcome; "Phiếu chấm", one row per submitted sheet. Numbers are
    stored as numbers, dates as dates. Only SUBMITTED sheets are read (the selectors filter);
    the caller checks ``awards.view_round_scores``."""
    with translation.override(settings.LANGUAGE_CODE):
        criteria = rubric_criteria(review_round.rubric_version)
        dossiers = _dossiers(review_round)
        workbook = Workbook()
        summary = workbook.active
        summary.title = SUMMARY_SHEET
        header = [
            _("Rank"),
            _("Receipt number"),
            _("Initiative"),
            _("Unit"),
            _("Submitted sheets"),
        ]
        for criterion in criteria:
            header += [
                _("%(criterion)s: mean") % {"criterion": criterion.name},
                _("%(criterion)s: median") % {"criterion": criterion.name},
            ]
        header += [
            _("Total: mean"),
            _("Total: median"),
            _("Total: spread"),
            _("Scores differ widely"),
            _("Eliminated"),
            _("Reaches the threshold"),
            _("Votes in favour"),
            _("Votes against"),
            _("Abstentions"),
            _("Members who could vote"),
            _("Vote recorded on"),
            _("Outcome"),
            _("Reasons"),
        ]
        rows = []
        for dossier in dossiers:
            result, entry = dossier.result, dossier.entry
            row = [
                result.rank,
                entry.initiative.receipt_number,
                entry.initiative.title,
                entry.initiative.unit.name,
                result.sheet_count,
            ]
            for criterion in criteria:
                figures = result.criteria.get(criterion.pk)
                row += [figures.mean, figures.median] if figures else [None, None]
            total = result.total
            recorded_at = _local(entry.vote_recorded_at)
            row += [
                total.mean if total else None,
                total.median if total else None,
                total.spread if total else None,
                _yes_no(total.disagreement) if total else None,
                _yes_no(result.eliminated) if total else None,
                _yes_no(result.passed) if total else None,
                entry.votes_for,
                entry.votes_against,
                entry.votes_abstain,
                dossier.voters,
                recorded_at.date() if recorded_at else None,
                entry.get_outcome_display(),
                entry.outcome_reason,
            ]
            rows.append(row)
        _write(summary, header, rows, {2: 16, 3: 48, 4: 36, len(header): 48})

        sheets = workbook.create_sheet(SHEETS_SHEET)
        header = [
            _("Receipt number"),
            _("Initiative"),
            _("Council member"),
            _("Role on the council"),
        ]
        header += [
            _("%(criterion)s (max. %(max)s)") % {"criterion": c.name, "max": _number(c.max_points)}
            for c in criteria
        ]
        header += [_("Total"), _("Submitted at"), _("Overall comment"), _("Comments on criteria")]
        rows = []
        for dossier in dossiers:
            for line in dossier.sheets:
                scores = line.scores
                rows.append(
                    [
                        dossier.initiative.receipt_number,
                        dossier.initiative.title,
                        line.member.user.get_full_name(),
                        line.member.get_role_display(),
                        *[scores[c.pk].points if c.pk in scores else None for c in criteria],
                        line.total,
                        _local(line.sheet.submitted_at),
                        line.sheet.overall_comment,
                        "\n".join(
                            f"{c.name}: {scores[c.pk].comment}"
                            for c in criteria
                            if c.pk in scores and scores[c.pk].comment
                        ),
                    ]
                )
        _write(sheets, header, rows, {1: 16, 2: 48, 3: 24, 4: 16, len(header) - 1: 40})
        output = BytesIO()
        workbook.save(output)
        return output.getvalue()
