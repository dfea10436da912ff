"""Every rewrite govgraph makes of SPARQL text: limits, deadline checks, prologue, base, bound values.

Each works from the text's analysis (sparql/text.py), never from a regular expression of its own over
the raw text, so a keyword in a string or an IRI never moves anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from govgraph.namespaces import PREFIXES
from govgraph.sparql.text import QueryText, analyse

if TYPE_CHECKING:
    from govgraph.rdf import Term

ALIVE_FUNCTION = "urn:govgraph:alive"
_UNSAFE_IRI = re.compile(r'[\s<>"{}|\\^`]')
_TAIL_LIMIT = re.compile(r"\bLIMIT\s+([0-9]+)", re.IGNORECASE)
_CONSTRUCT_WHERE = re.compile(r"\bCONSTRUCT\s+WHERE\s*\{", re.IGNORECASE)
_NOT_A_GROUP_BEFORE = re.compile(
    r"(\bVALUES\s+([?$]\w+|\([^()]*\))|\bCONSTRUCT|\bDATA)\s*$", re.IGNORECASE
)  # a VALUES data block, a CONSTRUCT template, INSERT/DELETE DATA
_SUBSELECT_AFTER = re.compile(r"\s*SELECT\b", re.IGNORECASE)
_PROJECTION = re.compile(r"\bSELECT\b(.*?)(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)
_ASK = re.compile(r"(?<![\w:?$])ASK(?![\w:])", re.IGNORECASE)  # the keyword, not a prefix `ask:` or `?ask`


def iri_values(iris: Iterable[str]) -> str:
    """IRIs written for a VALUES block, each once, in order; any that could not stand inside <…> is left out."""
    return " ".join(f"<{iri}>" for iri in sorted(set(iris)) if is_safe_iri(iri))


def is_safe_iri(iri: str) -> bool:
    """Whether `iri` can be written inside <…> as it is."""
    return bool(iri) and not _UNSAFE_IRI.search(iri)


def with_row_limit(text: str | QueryText, limit: int) -> str | None:
    """The query with a top-level LIMIT of at most `limit`, or None where one cannot be placed for sure.

    The solution modifiers follow the last closing brace; a trailing VALUES block (or a DESCRIBE with no
    group) leaves the query to the caller's own cap.
    """
    query = analyse(text)
    end = query.modifiers_at
    if end is None:
        return None
    given = _TAIL_LIMIT.search(query.blanked, end)
    if given is None:
        return f"{query.text}\nLIMIT {limit}"
    if len(given.group(1)) <= 18 and int(given.group(1)) <= limit:  # int() refuses more than 4,300 digits
        return query.text
    return query.text[: given.start(1)] + str(limit) + query.text[given.end(1) :]


def with_deadline_checks(text: str | QueryText) -> str:
    """The query with `FILTER(<urn:govgraph:alive>())` first in every group graph pattern.

    The store binds that function to a clock: once the time limit has passed it fails, the filter
    prunes everything still to come, and even a query that would run for hours ends within moments.
    Every group gets one (EXISTS, OPTIONAL, UNION and MINUS groups too), so no part of a query escapes
    the clock. The filter takes no variables, so until then it changes no answer. The short form
    `CONSTRUCT WHERE { … }` (whose group is also its template) is left as it is; a rewrite that
    does not parse is never used (the store then runs the query as written).
    """
    query = analyse(text)
    blanked, rewritten = query.blanked, query.text
    if _CONSTRUCT_WHERE.search(blanked):
        return rewritten
    check = f" FILTER(<{ALIVE_FUNCTION}>()) "
    positions = [
        brace + 1
        for brace in (i for i, char in enumerate(blanked) if char == "{")
        if not _NOT_A_GROUP_BEFORE.search(blanked[max(0, brace - 300) : brace])
        and not _SUBSELECT_AFTER.match(blanked, brace + 1)
    ]
    for position in reversed(positions):
        rewritten = rewritten[:position] + check + rewritten[position:]
    return rewritten


def with_prologue(text: str | QueryText) -> str:
    """The text with govgraph's predeclared prefixes declared, except those it declares itself (for an
    engine, which does not know them)."""
    query = analyse(text)
    declared = query.declared_prefixes
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    at = query.leading_base_end or 0  # after the query's own BASE: an engine may take BASE first only (Virtuoso)
    return f"{query.text[:at]}\n{prologue}{query.text[at:]}" if at else prologue + query.text


def with_base(text: str | QueryText, base_iri: str | None) -> str:
    """The text with `BASE <base_iri>` first when it holds relative IRIs (for an engine, which would resolve
    them against a base of its own). A query with a BASE of its own is left as it is: that one governs, and
    an engine may take only one (Virtuoso)."""
    query = analyse(text)
    if base_iri is None or not query.relative_iris or query.declares_base or not is_safe_iri(base_iri):
        return query.text
    return f"BASE <{base_iri}>\n{query.text}"


def with_values(text: str | QueryText, bindings: Mapping[str, Term]) -> str:
    """The query with `VALUES (?a ?b) { (t1 t2) }` first in its outer WHERE group, so every pattern sees them.

    ValueError when the query has no group to put them in (`DESCRIBE <x>`).
    """
    query = analyse(text)
    at = query.where_group
    if at is None:
        raise ValueError("the query has no WHERE group to bind values in")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    return f"{query.text[:at]} VALUES ({names}) {{ ({terms}) }} {query.text[at:]}"


def bind_terms(text: str | QueryText, values: Mapping[str, Term]) -> str:
    """Write each value's term where its variable stands in the query.

    A constant lets the engine start from the index that holds it; a VALUES join at the top is not pushed
    into UNION branches (measured at 1M triples: participants-by-stakeholder-group 1.5 s with VALUES,
    0.09 s with the constant). A variable the query projects or assigns with AS keeps a VALUES block.
    """
    query = analyse(text)
    lexical, rewritten = query.blanked, query.text
    projected = " ".join(m.group(1) for m in _PROJECTION.finditer(lexical))
    kept: dict[str, Term] = {}
    spans: list[tuple[int, int, str]] = []
    for name, term in values.items():
        variable = re.compile(rf"[?$]{re.escape(name)}\b")
        if variable.search(projected) or re.search(rf"\bAS\s+[?$]{re.escape(name)}\b", lexical, re.I):
            kept[name] = term
            continue
        spans += [(m.start(), m.end(), term.n3()) for m in variable.finditer(lexical)]
    for start, end, written in sorted(spans, reverse=True):
        rewritten = rewritten[:start] + written + rewritten[end:]
    return with_values(rewritten, kept) if kept else rewritten


def ask_as_select(text: str | QueryText) -> str:
    """ASK as SELECT * … LIMIT 1. Virtuoso 7.2 answers ASK { GRAPH <g> { … } } true for any <g> once the
    request names a dataset (default-graph-uri or named-graph-uri), and so a constant projection; SELECT *
    is right."""
    query = analyse(text)
    ask = _ASK.search(query.blanked)
    if ask is None:
        return query.text
    return f"{query.text[: ask.start()]}SELECT *{query.text[ask.end() :]}\nLIMIT 1"
