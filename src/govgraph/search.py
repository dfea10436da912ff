"""Search over the labels of entities, in any language, ignoring case and accents ("cmsi" finds "CMSI",
"tunez" finds "Túnez")."""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from govgraph.labels import labels
from govgraph.namespaces import GID
from govgraph.store.base import Store

_QUERY = f"""
SELECT ?s ?label WHERE {{
  ?s rdfs:label|skos:prefLabel|skos:altLabel|foaf:name ?label .
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{GID}"))
  MINUS {{ ?s a gg:QualifiedRelation }}
}}"""


def fold(text: str) -> str:
    """Lower case without accents, so that searches match however a name is typed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Hit:
    iri: str
    label: str
    matched: str  # the name that matched, in whichever language it is

    @property
    def slug(self) -> str:
        return self.iri[len(GID) :]


class LabelIndex:
    """Every entity's names, folded once; rebuilt lazily after the store changes."""

    def __init__(self) -> None:
        self._entries: list[tuple[str, str, str]] | None = None  # (folded name, name, iri)
        self._lock = threading.Lock()

    def changed(self) -> None:
        self._entries = None

    def _load(self, store: Store) -> list[tuple[str, str, str]]:
        with self._lock:
            if self._entries is None:
                rows = store.query(_QUERY, max_rows=10_000_000).bound_rows()
                entries = [(fold(label.value), label.value, s.value) for s, label in rows]
                entries += [(fold(s.value[len(GID) :]), s.value[len(GID) :], s.value) for s, _ in rows]
                self._entries = entries
            return self._entries

    def search(self, store: Store, text: str, lang: str = "en", limit: int = 20) -> list[Hit]:
        """Entities whose names contain `text`: exact names first, then names starting with it, then words."""
        wanted = fold(text.strip())
        if not wanted:
            return []
        best: dict[str, tuple[int, int, str]] = {}
        for folded, name, iri in self._load(store):
            at = folded.find(wanted)
            if at < 0:
                continue
            rank = 0 if folded == wanted else 1 if at == 0 else 2 if not folded[at - 1].isalnum() else 3
            score = (rank, len(name), name)
            if iri not in best or score < best[iri]:
                best[iri] = score
        chosen = sorted(best, key=lambda iri: (best[iri], iri))[:limit]
        names = labels(store, chosen, lang)
        return [Hit(iri, names.get(iri, best[iri][2]), best[iri][2]) for iri in chosen]
