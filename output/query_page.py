"""The query page ``serve`` shows at ``/``: each named query a form, raw SPARQL a tab away,
offline and in Chinese (``templates/query.html.j2``, autoescaped)."""

from __future__ import annotations

from graph.display import term_words
from graph.named import named_queries

from .answers import described
from .map import template_environment

__all__ = ["query_page"]


def query_page() -> str:
    """The query page: each named query a form, raw SPARQL a tab away (autoescaped)."""
    queries = [described(q) for q in named_queries().values()]
    kinds = sorted({field["kind"] for q in queries for field in q["fields"] if field["kind"]})
    template = template_environment().get_template("query.html.j2")
    return template.render(queries=queries, kinds=kinds, terms=term_words())
