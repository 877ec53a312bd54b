"""The shape of a section of a person's profile page (``emulation.views.profile`` draws the
page; ``unions.profile`` and ``emulation.profile`` write its sections)."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProfileSection:
    title: str
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
