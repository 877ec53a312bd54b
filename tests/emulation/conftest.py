"""Fixtures shared by the emulation tests."""

import pytest

from tests.factories.movements import officer_of


@pytest.fixture
def officer(tree):
    """An officer of the Quảng Trị provincial federation (``tree.province_a``), which manages
    the blocks of the district federations beneath it."""
    return officer_of(tree.province_a)
