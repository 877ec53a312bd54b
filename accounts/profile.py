"""Sections that other apps add to a person's profile page.

``accounts`` sits at the bottom of the app stack and cannot import the apps above it, so each of
them registers a provider at start-up. A provider takes the user and returns a
``ProfileSection`` or ``None`` when it has nothing to show.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProfileSection:
    title: str
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


ProfileSectionProvider = Callable[[Any], ProfileSection | None]
_providers: list[ProfileSectionProvider] = []


def register_profile_section(provider: ProfileSectionProvider) -> ProfileSectionProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def profile_sections(user) -> list[ProfileSection]:
    sections = [section for provider in _providers if (section := provider(user)) is not None]
    return sorted(sections, key=lambda section: section.order)
