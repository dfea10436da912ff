"""Content negotiation for every route (RFC 9110, section 12): a `format` parameter wins; otherwise the offer
the Accept header rates highest (q=0 means "not acceptable"), the most specific media range deciding each
offer's quality, ties going to the route's order of preference; a 406 naming what is on offer when nothing is
acceptable. Also the type of the `format` parameters, so the OpenAPI document lists the values each route takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from pydantic import BeforeValidator, GetCoreSchemaHandler
from pydantic_core import CoreSchema

from govgraph.errors import NotAcceptable
from govgraph.formats import HTML, JSON, Format, find

_QVALUE = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@dataclass(frozen=True)
class MediaRange:
    """One member of an Accept header: `type/subtype`, either of which may be `*`, with its parameters and q."""

    type: str
    subtype: str
    params: tuple[tuple[str, str], ...] = ()
    q: float = 1.0

    def specificity(self, media_type: str, *, wildcards: bool = True) -> int | None:
        """How closely this range names `media_type` (higher is closer), or None when it does not cover it.
        A charset other than UTF-8 (the only one govgraph writes) does not cover it; other parameters, such
        as a JSON-LD profile, are not told apart, but make the range more specific."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            level = 0
        elif self.type != kind:
            return None
        elif self.subtype == "*":
            level = 1
        elif self.subtype == sub:
            level = 2
        else:
            return None
        if level < 2 and not wildcards:
            return None
        charset = dict(self.params).get("charset")
        if charset is not None and charset not in ("utf-8", "utf8"):
            return None
        return level * 2 + bool(self.params)


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header, in the order given. Members that are not media ranges are left
    out; a weight that is not a qvalue (0 to 1, three decimals at most) makes its range unacceptable."""
    ranges = []
    for member in _members(header or ""):
        fields = [f.strip() for f in member.split(";")]
        kind, slash, sub = fields[0].lower().partition("/")
        if not (slash and _TOKEN.fullmatch(kind) and _TOKEN.fullmatch(sub)) or (kind == "*" and sub != "*"):
            continue
        q, params = 1.0, []
        for field in fields[1:]:
            name, _, value = field.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"')
            if name == "q":
                q = float(value) if _QVALUE.fullmatch(value) else 0.0
            elif name:
                params.append((name, value.lower()))
        ranges.append(MediaRange(kind, sub, tuple(params), q))
    return ranges


def _members(header: str) -> list[str]:
    """The comma-separated members of a header, commas inside quoted parameter values kept."""
    members: list[str] = []
    current: list[str] = []
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            members.append("".join(current))
            current = []
        else:
            current.append(char)
    members.append("".join(current))
    return [m.strip() for m in members if m.strip()]


def quality(offer: Format, ranges: Sequence[MediaRange]) -> tuple[float, int]:
    """(q, specificity) of `offer` under `ranges`: the most specific range covering its media type decides
    (RFC 9110: "the most specific reference has precedence"). Only when none covers it do its other names
    count (application/x-turtle, or application/json for JSON-LD), and only when named exactly."""
    found = _best(ranges, offer.media_type, wildcards=True)
    if found is None:
        others = (_best(ranges, m, wildcards=False) for m in (*offer.media_types[1:], *offer.broader))
        found = max((f for f in others if f is not None), default=None)
    return found or (0.0, -1)


def _best(ranges: Sequence[MediaRange], media_type: str, *, wildcards: bool) -> tuple[float, int] | None:
    matches = [(s, r.q) for r in ranges if (s := r.specificity(media_type, wildcards=wildcards)) is not None]
    if not matches:
        return None
    specificity, q = max(matches)  # equally specific ranges: the higher q
    return q, specificity


def best(offers: Sequence[Format], accept: str | None) -> Format | None:
    """The offer to answer `accept` with, or None when none is acceptable. `offers` are in the route's order
    of preference: the first answers a request with no Accept header, or with */*."""
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    scored = []
    for rank, offer in enumerate(offers):
        q, specificity = quality(offer, ranges)
        if q > 0:
            scored.append((-q, -specificity, rank))
    return offers[min(scored)[2]] if scored else None


def negotiate(
    offers: Sequence[Format], accept: str | None, fmt: str | None = None, *, instead: str | None = None
) -> Format:
    """The format to answer with: the one `fmt` (a `format` parameter) names, else the best for `accept`;
    NotAcceptable (406) naming the offers when neither is on offer. A route without a `format` parameter
    says in `instead` what a client may ask for instead ("/dump.ttl")."""
    if fmt:
        chosen = find(offers, fmt)
        if chosen is None:
            raise not_acceptable(offers, f"format={fmt[:40]!r} is not available here")
        return chosen
    chosen = best(offers, accept)
    if chosen is None:
        raise not_acceptable(offers, f"Nothing in `Accept: {(accept or '')[:200]}` is available here", instead)
    return chosen


def choose(request: Request, offers: Sequence[Format], fmt: str | None = None, *, instead: str | None = None) -> Format:
    """negotiate() for a request: `fmt` is its `format` parameter, if the route has one."""
    return negotiate(offers, request.headers.get("accept"), fmt, instead=instead)


def not_acceptable(offers: Sequence[Format], what: str, instead: str | None = None) -> NotAcceptable:
    """A 406 that lists the media types on offer, and the `format` values that name them unless `instead`
    says what to ask for."""
    titles = [f.title for f in offers]
    served = ", ".join(titles[:-1]) + f" or {titles[-1]}" if len(titles) > 1 else titles[0]
    types, keys = [f.media_type for f in offers], [f.key for f in offers]  # one each per offer, in step
    return NotAcceptable(
        f"{what}; it is served as {served}.",
        hint=f"Accept one of: {', '.join(types)}; " + (instead or f"or add format= with one of: {', '.join(keys)}."),
        details={"available": types, "formats": None if instead else keys},
    )


def prefers_html(request: Request) -> bool:
    """Whether the client would rather read a page than JSON (a browser); never a 406, for error pages."""
    return best((JSON, HTML), request.headers.get("accept")) is HTML


def media_types(offers: Iterable[Format]) -> tuple[str, ...]:
    """The media types `offers` are sent as, each once: the `ok` of problems.responses()."""
    return tuple(dict.fromkeys(f.media_type for f in offers))


def format_values(offers: Iterable[Format]) -> tuple[str, ...]:
    """Every value a `format` parameter may take to name one of `offers`: keys, other names, media types
    (some clients, SPARQLWrapper among them, send `format=text/tab-separated-values`)."""
    return tuple(dict.fromkeys(v for f in offers for v in f.values))


def _lowered(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


@dataclass(frozen=True)
class FormatOf:
    """What makes an optional `format` query parameter name one of some offers: written in its Annotated type,
    `Annotated[str | None, Query(description=...), format_of(OFFERS)]`, it is an enum in the OpenAPI document
    and a 422 problem naming `format` otherwise, in any case, as it was read before it was typed."""

    choices: tuple[str, ...]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return handler.generate_schema(Annotated[Literal[self.choices] | None, BeforeValidator(_lowered)])


def format_of(offers: Iterable[Format]) -> FormatOf:
    return FormatOf(format_values(offers))


PAGES: tuple[Format, ...] = (JSON, HTML)  # the routes with a page for people: JSON unless the client prefers HTML
PAGE_TYPES = media_types(PAGES)
PageFormat = Annotated[
    str | None,
    Query(description="html (a page, the default for browsers) or json; overrides Accept."),
    format_of(PAGES),
]
