"""Numbers as people read them in the pages and reports: 12000, not 1.2E+4 or 12000.0."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["number_text"]


def number_text(value: Decimal | None) -> str:
    """A number as people write it (empty for None).

    >>> number_text(Decimal("12000.0")), number_text(Decimal("0.3333")), number_text(None)
    ('12000', '0.3333', '')
    """
    return "" if value is None else format(value.normalize(), "f")
