"""Views: build any view by kind and slug, as of a date, in a language, from the live store or a release."""

from __future__ import annotations

import re
from datetime import date

from govgraph.as_of import today
from govgraph.errors import InvalidParameter, NotFound
from govgraph.namespaces import GID
from govgraph.questions import Catalogue
from govgraph.store.base import Store
from govgraph.views import layout
from govgraph.views.describe import describe
from govgraph.views.entity import MAX_DEPTH, neighbourhood
from govgraph.views.forum import ecosystem
from govgraph.views.lineage import lanes, lineage
from govgraph.views.model import View
from govgraph.views.stewardship import stewardship

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")  # slugs are safe inside <…> as they are
VIEW_KINDS = ("entity", "forum", "lineage", "stewardship")
TITLES = {
    "entity": {"en": "Around {label}", "es": "En torno a {label}"},
    "forum": {"en": "Who takes part in {label}", "es": "Quién participa en {label}"},
    "lineage": {"en": "Mandates and reviews of {label}", "es": "Mandatos y exámenes de {label}"},
    "stewardship": {"en": "Who stewards the Internet's resources", "es": "Quién custodia los recursos de Internet"},
}
DESCRIPTIONS = {
    "entity": {
        "en": "What {label} relates to, within {depth} step(s), as of {as_of}.",
        "es": "Con qué se relaciona {label}, a {depth} paso(s), a fecha de {as_of}.",
    },
    "forum": {
        "en": "Who convenes, hosts, organizes, takes part in or holds a role in {label}, as of {as_of}.",
        "es": "Quién convoca, acoge, organiza, participa u ocupa un cargo en {label}, a fecha de {as_of}.",
    },
    "lineage": {
        "en": "Where {label} got its mandate, what came out of what, and who reviews it, up to {as_of}.",
        "es": "De dónde recibió {label} su mandato, qué salió de qué y quién lo examina, hasta el {as_of}.",
    },
    "stewardship": {
        "en": "Who operates, administers, sets policy for or oversees each Internet resource, as of {as_of}.",
        "es": "Quién opera, administra, fija la política de o supervisa cada recurso de Internet, a fecha de {as_of}.",
    },
}


def check_as_of(raw: str | None) -> str:
    """A YYYY-MM-DD date, today when absent; InvalidParameter naming `as_of` otherwise."""
    if raw is None or raw == "":
        return today()
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise InvalidParameter(
            f"Parameter 'as_of' must be a date written YYYY-MM-DD; got {raw[:40]!r}.",
            hint="For example as_of=2019-06-01.",
            details={"parameter": "as_of"},
        ) from None


class Views:
    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue

    def build(
        self,
        store: Store,
        kind: str,
        slug: str | None = None,
        *,
        lang: str = "en",
        as_of: str | None = None,
        depth: int = 1,
        release: int | None = None,
    ) -> View:
        if kind not in VIEW_KINDS:
            raise NotFound(f"Unknown view {kind!r}.", hint=f"The views are: {', '.join(VIEW_KINDS)}.")
        if not 1 <= depth <= MAX_DEPTH:
            raise InvalidParameter(
                f"Parameter 'depth' must be between 1 and {MAX_DEPTH}; got {depth}.",
                hint="depth=1 shows direct relations; 2 and 3 go further out.",
                details={"parameter": "depth"},
            )
        day = check_as_of(as_of)
        iri = entity_iri(store, slug) if kind != "stewardship" else None
        view = View(kind, "", "", lang, day, release=release, centre=iri)
        if kind == "entity":
            neighbourhood(store, view, iri, depth)  # type: ignore[arg-type]
            describe(store, view)
            layout.spring(view)
        elif kind == "forum":
            ecosystem(store, self.catalogue, view, iri)  # type: ignore[arg-type]
            describe(store, view)
            layout.rings(view)
        elif kind == "lineage":
            dates = lineage(store, view, iri)  # type: ignore[arg-type]
            describe(store, view)
            layout.timeline(view, dates, lanes(store, list(view.nodes)))
        else:
            stewardship(store, view)
            describe(store, view)
            layout.columns(view, {e.source for e in view.edges})
        label = view.nodes[iri].label if iri else ""
        view.title = TITLES[kind][lang if lang in TITLES[kind] else "en"].format(label=label)
        text = DESCRIPTIONS[kind][lang if lang in DESCRIPTIONS[kind] else "en"]
        view.description = text.format(label=label, depth=depth, as_of=day)
        return view


def entity_iri(store: Store, slug: str | None) -> str:
    """The IRI of a described entity, or NotFound that says how to find one."""
    if not slug or not _SLUG.match(slug):
        raise NotFound(f"Unknown entity {str(slug)[:100]!r}.", hint="Search the labels at /search?q=…")
    iri = f"{GID}{slug}"
    if not store.query(f"ASK {{ <{iri}> ?p ?o }}").boolean:
        raise NotFound(f"Unknown entity {slug[:100]!r}.", hint=f"Search the labels at /search?q={slug[:40]}")
    return iri
