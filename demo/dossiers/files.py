"""Small real files for the demo dossiers: bar charts written as PNG by hand and one-page
summaries rendered as PDF."""

import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.utils.html import escape

from initiatives.services import AuthorData
from unions.models import Unit


@dataclass
class DemoFile:
    name: str
    description: str
    content: bytes


class Summarised(Protocol):
    """What a summary is written from (a dossier's plan)."""

    unit: Unit
    values: dict
    authors: list[AuthorData]

    @property
    def title(self) -> str: ...


def _png(width: int, height: int, bars: list[tuple[int, tuple[int, int, int]]]) -> bytes:
    """A bar chart as a PNG written by hand: white background, an axis, coloured bars."""
    white, axis = bytes((255, 255, 255)), bytes((60, 60, 60))
    bar_width = (width - 40) // max(len(bars), 1)
    rows = []
    for y in range(height):
        row = bytearray(white * width)
        if y == height - 12:
            row[30 * 3 : (width - 10) * 3] = axis * (width - 40)
        elif y < height - 12:
            row[30 * 3 : 31 * 3] = axis
            for index, (value, colour) in enumerate(bars):
                top = height - 12 - value
                if y >= top:
                    start = 34 + index * bar_width
                    end = start + bar_width - 8
                    row[start * 3 : end * 3] = bytes(colour) * (end - start)
        rows.append(b"\x00" + bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + chunk(b"IEND", b"")
    )


def chart(rng: random.Random) -> bytes:
    before = rng.randint(70, 130)
    after = rng.randint(25, before - 20)
    return _png(240, 160, [(before, (150, 150, 150)), (after, (200, 30, 40))])


SUMMARY_STYLE = (
    "@page { size: A4; margin: 20mm; } body { font: 11pt 'DejaVu Serif', serif; }"
    "h1 { font-size: 14pt; text-align: center; } p { text-align: justify; }"
    "section + section { page-break-before: always; }"
)


def _summary(plan: Summarised) -> str:
    authors = ", ".join(escape(a.full_name) for a in plan.authors)
    steps = escape(plan.values["solution_steps"]).replace("\n", "<br>")
    return (
        "<section><h1>BẢN THUYẾT MINH SÁNG KIẾN</h1>"
        f"<p><b>Tên sáng kiến:</b> {escape(plan.title)}</p>"
        f"<p><b>Đơn vị:</b> {escape(plan.unit.name)}</p>"
        f"<p><b>Tác giả:</b> {authors}</p>"
        f"<p><b>Tình trạng trước đây:</b> {escape(plan.values['previous_state'])}</p>"
        f"<p><b>Mục đích:</b> {escape(plan.values['solution_purpose'])}</p>"
        f"<p><b>Các bước thực hiện:</b><br>{steps}</p></section>"
    )


def summary_pdfs(plans: Sequence[Summarised]) -> list[bytes]:
    """A one-page summary PDF for each plan. Laid out as one document and written page by
    page, which is several times faster than one document each."""
    from weasyprint import HTML  # imported only when the demo is built: it loads slowly

    def document(sections: list[str]):
        return HTML(
            string=f"<html lang='vi'><head><meta charset='utf-8'><style>{SUMMARY_STYLE}</style>"
            f"</head><body>{''.join(sections)}</body></html>"
        ).render()

    sections = [_summary(plan) for plan in plans]
    if not sections:
        return []
    together = document(sections)
    if len(together.pages) == len(sections):
        return [together.copy([page]).write_pdf() for page in together.pages]
    return [document([section]).write_pdf() for section in sections]  # a summary overflowed
