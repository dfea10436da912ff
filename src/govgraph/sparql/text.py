"""A SPARQL text analysed once: its form, whether it writes, its dataset, its prologue, its groups.

Strings, IRIs and comments are blanked out before anything is looked for, so that a keyword inside a
literal ("DROP us a line") or an IRI is never mistaken for an operation. The analysis is kept for the
last few texts: the endpoint, the guard and the store each ask about the same query, and it is read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govgraph.store.base import QueryKind

_LEXICAL = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_KEYWORD = re.compile(r"(?<![\w:?$])([A-Za-z]+)(?![\w:])")
_VOLATILE = re.compile(r"(?<![\w:?$])(NOW|RAND|UUID|STRUUID)\s*\(", re.IGNORECASE)
_DECLARED = re.compile(r"\bPREFIX\s+([\w.-]*):", re.IGNORECASE)
_STRUCTURE = re.compile(r"\bWHERE\s*\{|[{}]|\bVALUES\b", re.IGNORECASE)
_LEADING_BASE = re.compile(r"\s*BASE\b", re.IGNORECASE)
_IRI = re.compile(r"\s*<[^<>\"{}|^`\\\s]*>")
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


@dataclass(frozen=True, slots=True)
class QueryText:
    """What a SPARQL text is, as far as govgraph's rewrites and guards need to know. Made by `analyse`."""

    text: str
    blanked: str  # the text with strings, IRIs and comments replaced by spaces of the same length
    keywords: tuple[str, ...]  # every keyword outside them, upper-cased, in order
    form: str | None  # SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword
    operation: str | None  # the first query or update keyword: what the text does first
    volatile: bool  # calls NOW(), RAND(), UUID() or STRUUID(): its answer changes from run to run
    declared_prefixes: frozenset[str]
    relative_iris: bool  # holds an IRI with no scheme (<s>, <>): its meaning depends on the base IRI
    leading_base_end: int | None  # just after a BASE declaration that opens the text (comments aside)
    where_group: int | None  # just inside the brace of the outer WHERE group (the first group without WHERE)
    modifiers_at: int | None  # after the last top-level group, where LIMIT goes; None if VALUES follows it

    @property
    def kind(self) -> QueryKind:
        """select, ask or graph (CONSTRUCT/DESCRIBE): the shape of the answer; select when no form is found."""
        return "graph" if self.form in ("CONSTRUCT", "DESCRIBE") else "ask" if self.form == "ASK" else "select"

    @property
    def is_update(self) -> bool:
        return self.operation in UPDATE_FORMS

    @property
    def declares_base(self) -> bool:
        return "BASE" in self.keywords

    @property
    def federated(self) -> bool:
        """Whether it calls SERVICE, which would make the server fetch another endpoint."""
        return "SERVICE" in self.keywords

    @property
    def names_dataset(self) -> bool:
        """Whether it has FROM / FROM NAMED clauses of its own."""
        return "FROM" in self.keywords

    @property
    def size(self) -> int:
        """Its length in UTF-8 bytes."""
        return len(self.text.encode("utf-8"))


def analyse(text: str | QueryText) -> QueryText:
    """The analysis of `text` (kept for the last few texts; a QueryText is returned as it is)."""
    return text if isinstance(text, QueryText) else _analysed(text)


def blank_lexical(text: str) -> str:
    """The text with strings, IRIs and comments replaced by spaces of the same length."""
    return analyse(text).blanked


@lru_cache(maxsize=32)
def _analysed(text: str) -> QueryText:
    relative = False

    def blank(match: re.Match[str]) -> str:
        nonlocal relative
        token = match.group(0)
        if token[0] == "<" and not _SCHEME.match(token, 1):
            relative = True
        return " " * len(token)

    blanked = _LEXICAL.sub(blank, text)
    keywords = tuple(m.group(1).upper() for m in _KEYWORD.finditer(blanked))
    where_group, modifiers_at = _groups(blanked)
    return QueryText(
        text=text,
        blanked=blanked,
        keywords=keywords,
        form=next((k for k in keywords if k in QUERY_FORMS), None),
        operation=next((k for k in keywords if k in QUERY_FORMS or k in UPDATE_FORMS), None),
        volatile=_VOLATILE.search(blanked) is not None,
        declared_prefixes=frozenset(m.group(1) for m in _DECLARED.finditer(blanked)),
        relative_iris=relative,
        leading_base_end=_leading_base_end(text, blanked),
        where_group=where_group,
        modifiers_at=modifiers_at,
    )


def _groups(blanked: str) -> tuple[int | None, int | None]:
    """Where the outer WHERE group opens, and where the solution modifiers start.

    The WHERE group is the first top-level `WHERE {` (a subquery's WHERE is deeper), or the first group
    when the keyword is left out (`SELECT * { … }`, `ASK { … }`). The modifiers follow the last closing
    brace at the top level; a VALUES block there (or no group at all, as in `DESCRIBE <x>`) leaves no
    place that is sure.
    """
    depth, first, where, last_close, values_after = 0, None, None, -1, False
    for match in _STRUCTURE.finditer(blanked):
        token = match.group(0)
        if token == "}":
            depth -= 1
            last_close = match.end() if depth == 0 else last_close
        elif token[0] in "Vv":
            values_after = values_after or (depth == 0 and last_close >= 0)
        else:  # "{" or "WHERE {"
            if depth == 0:
                first = match.end() if first is None else first
                where = match.end() if where is None and token != "{" else where
            depth += 1
    modifiers_at = None if values_after or last_close < 0 else last_close
    return (where if where is not None else first), modifiers_at


def _leading_base_end(text: str, blanked: str) -> int | None:
    """Where a BASE declaration that opens the text ends (its IRI is blanked: it is read from the text)."""
    keyword = _LEADING_BASE.match(blanked)
    iri = _IRI.match(text, keyword.end()) if keyword else None
    return iri.end() if iri else None
