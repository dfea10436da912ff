"""Triple stores behind one interface; the embedded pyoxigraph store is the default."""

from govgraph.rdf import Term, Triple
from govgraph.store.base import GraphInfo, QueryResult, Store
from govgraph.store.embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "GraphInfo", "QueryResult", "Store", "Term", "Triple"]
