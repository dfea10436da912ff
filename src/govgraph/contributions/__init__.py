"""Contributions: submit -> validate in context -> pending -> review -> publish (or reject) -> retract.

One job a module: `workflow` (the service: submit, review, publish, reconcile), `model` (a contribution
as the journal keeps it), `rdf_input` (parsing contributed RDF safely), `context` (what of the published
graph validation needs beside it), `rules` (govgraph's own rules, beyond the shapes), `checker` (the one
verdict of parsing, the shapes and the rules, for the API and the CLI alike), `diff` (beside the
published graph), `provenance` (the PROV-O record) and `rate_limit` (the web layer's budget per client).

The names the web layer and the CLI use are importable from here too.
"""

from govgraph.contributions.model import STATUSES, Contribution, Outcome
from govgraph.contributions.rate_limit import RateLimiter
from govgraph.contributions.rdf_input import MEDIA_TYPES, media_format, parse_contribution
from govgraph.contributions.workflow import Contributions, republish

__all__ = [
    "MEDIA_TYPES",
    "STATUSES",
    "Contribution",
    "Contributions",
    "Outcome",
    "RateLimiter",
    "media_format",
    "parse_contribution",
    "republish",
]
