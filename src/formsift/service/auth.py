"""API keys: created by ``formsift keys create``, stored as SHA-256 hashes only.

A key reads ``fsk_<id>_<secret>``. The id is public (it names the key in the audit trail);
the secret is 32 random bytes, shown once at creation and never stored: the database holds
its SHA-256, compared in constant time. (A slow password hash is not needed for 256-bit
random secrets: they cannot be guessed from the hash.)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from formsift.core.errors import FormsiftError

ROLES = ("extract", "review", "audit")
ALL_TEMPLATES = "*"
PREFIX = "fsk_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key's id and name, its template scope and roles."""

    key_id: str
    name: str
    templates: tuple[str, ...] = (ALL_TEMPLATES,)
    roles: frozenset[str] = field(default_factory=lambda: frozenset(ROLES))

    @property
    def all_templates(self) -> bool:
        return ALL_TEMPLATES in self.templates

    def may_use(self, template: str | None) -> bool:
        return self.all_templates or (template is not None and template in self.templates)

    def scope(self) -> list[str] | None:
        """Template names this key may see; None for all."""
        return None if self.all_templates else list(self.templates)


ANONYMOUS = Principal(key_id="anonymous", name="anonymous (auth disabled)")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_key() -> tuple[str, str, str]:
    """(key id, full key to hand out once, hash of its secret to store)."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return key_id, f"{PREFIX}{key_id}_{secret}", hash_secret(secret)


def split_key(key: str) -> tuple[str, str] | None:
    """(id, secret) of a well-formed key, else None."""
    if not key.startswith(PREFIX):
        return None
    key_id, sep, secret = key[len(PREFIX):].partition("_")
    if not sep or not key_id or not secret:
        return None
    return key_id, secret


def verify(row: dict | None, secret: str) -> Principal | None:
    """The principal of a stored key row when ``secret`` matches and it is not revoked."""
    if row is None or row.get("revoked_at") is not None:
        hmac.compare_digest(hash_secret(secret), "0" * 64)  # same work either way
        return None
    if not hmac.compare_digest(hash_secret(secret), row["secret_hash"]):
        return None
    return Principal(key_id=row["id"], name=row["name"], templates=tuple(row["templates"]),
                     roles=frozenset(row["roles"]))


def parse_list(text: str | None, allowed: tuple[str, ...] | None = None,
               what: str = "value") -> list[str]:
    """``"a,b"`` -> ``["a", "b"]``; checks against ``allowed`` when given."""
    items = [x.strip() for x in (text or "").split(",") if x.strip()]
    if allowed is not None:
        bad = [x for x in items if x not in allowed]
        if bad:
            raise FormsiftError(f"unknown {what}: {', '.join(bad)}",
                                hint="choose from " + ", ".join(allowed))
    return items


def create_key(store, name: str, templates: list[str] | None = None,
               roles: list[str] | None = None) -> tuple[str, dict]:
    """Create and store a key; returns (the key, shown once; its stored row)."""
    if not name.strip():
        raise FormsiftError("a key needs a name (who or what uses it)")
    key_id, key, digest = new_key()
    row = store.add_key(key_id, name.strip(), digest, templates or [ALL_TEMPLATES],
                        roles or list(ROLES))
    return key, row
