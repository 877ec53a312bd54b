"""A paginator whose count stops at a bound (issue 14): a national inbox of 300,000 dossiers
needs no exact total, and counting every row of a long list costs more than its page. Up to
``limit`` rows the count is exact; past it the list says "more than …" and offers the pages up
to the bound (narrowing the filters reaches the rest)."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_LIMIT = 10_000
# A search on common words matches a fixed share of a list that grows with the country: its
# count stops at ten pages, so that the count, ordered like the page, walks the sort's index
# and stops at ``SEARCH_COUNT_LIMIT + 1`` matches instead of collecting every match to sort
# it (issue 14: a search may grow at most 2x from scale 0.1 to 1).
SEARCH_COUNT_LIMIT = 200


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, limit: int = COUNT_LIMIT, **kwargs):
        self.limit = limit
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def count(self) -> int:
        # COUNT(*) over a LIMIT: stops reading after ``limit + 1`` rows (a plain list is measured).
        head = self.object_list[: self.limit + 1]
        return head.count() if hasattr(head, "query") else len(head)

    @property
    def count_capped(self) -> bool:
        """True when there are more rows than ``limit`` (``count`` is then ``limit + 1``)."""
        return self.count > self.limit

    @cached_property
    def num_pages(self) -> int:
        if self.count_capped:
            return -(-self.limit // self.per_page)
        return super().num_pages
