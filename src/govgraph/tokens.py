"""Bearer tokens: created once and shown once, stored only as a hash, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from govgraph.errors import Forbidden, GovgraphError, NotFound, Unauthorized
from govgraph.journal import Journal

ROLES = ("contributor", "maintainer")
PREFIX = "ggt"


@dataclass(frozen=True)
class Holder:
    """Who a valid token belongs to."""

    token_id: str
    name: str
    role: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def create(journal: Journal, *, role: str, name: str) -> str:
    """A new token `ggt_<id>_<secret>`; only its hash is kept, so this is the one time it is seen."""
    if role not in ROLES:
        raise GovgraphError(f"Unknown role {role!r}.", hint="Use contributor or maintainer.")
    token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    with journal.write() as db:
        db.execute(
            "INSERT INTO tokens (id, name, role, secret_hash, created) VALUES (?, ?, ?, ?, ?)",
            (token_id, name, role, _hash(secret), now()),
        )
    return f"{PREFIX}_{token_id}_{secret}"


def revoke(journal: Journal, token_id: str) -> None:
    with journal.write() as db:
        changed = db.execute("UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL", (now(), token_id))
    if changed.rowcount == 0:
        raise NotFound(f"No active token with id {token_id!r}.", hint="`govgraph token list` shows them.")


def listing(journal: Journal) -> list[dict[str, str | None]]:
    rows = journal.read("SELECT id, name, role, created, revoked FROM tokens ORDER BY created")
    return [dict(row) for row in rows]


def authenticate(journal: Journal, authorization: str | None, *, role: str | None = None) -> Holder:
    """The holder of the `Authorization: Bearer` token; 401 without a valid one, 403 without the role."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise Unauthorized(
            "This needs a token: send `Authorization: Bearer <token>`.",
            hint="A maintainer creates one with `govgraph token create --role contributor`.",
        )
    token = authorization[7:].strip()
    parts = token.split("_", 2)
    rows = journal.read("SELECT * FROM tokens WHERE id = ?", (parts[1],)) if len(parts) == 3 else []
    expected = rows[0]["secret_hash"] if rows else _hash(secrets.token_hex(8))  # compare even when unknown
    valid = hmac.compare_digest(expected, _hash(parts[2] if len(parts) == 3 else token))
    if not rows or not valid or rows[0]["revoked"]:
        raise Unauthorized("The token is not valid (unknown, mistyped or revoked).", hint="Ask for a new token.")
    holder = Holder(rows[0]["id"], rows[0]["name"], rows[0]["role"])
    if role == "maintainer" and holder.role != "maintainer":
        raise Forbidden("Only a maintainer may do this.", hint="Ask a maintainer to review the contribution.")
    return holder
