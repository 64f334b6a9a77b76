"""Who did what, when: an append-only trail. Entries hold ids and facts, never contact details."""

from __future__ import annotations

import secrets

from shop.clock import now
from shop.tables import AuditEntry


def audit_entry(subject: str, action: str, actor: str, store: str | None = None, **details: object) -> AuditEntry:
    """An entry to save, alone or inside the transaction that makes the change it records."""
    stamp = now().isoformat(timespec="milliseconds")
    return AuditEntry(
        subject=subject,
        entry=f"{stamp}#{secrets.token_hex(4)}",
        action=action,
        actor=actor,
        store=store,
        details=dict(details),
    )


def record(subject: str, action: str, actor: str, store: str | None = None, **details: object) -> None:
    audit_entry(subject, action, actor, store, **details).save()


def trail(subject: str, limit: int = 50) -> list[AuditEntry]:
    """The newest entries about one subject, newest first."""
    return list(AuditEntry.query(subject, scan_index_forward=False, limit=limit))
