"""The shop's secret keys: one secret, a derived key for each use (sessions, codes, links).

In AWS the secret is the template's generated Secrets Manager secret, read through powertools
parameters with a short cache; locally it is a key file made once in `.local/`.
Its JSON is `{"kid": "k1", "key": "...", "previous": [{"kid": ..., "key": ...}]}`: a new key
goes in as current with the old one under `previous`, so tokens signed before still verify.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from shop.errors import Unavailable
from shop.settings import get_settings

SECRET_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Keyring:
    current: tuple[str, bytes]
    previous: tuple[tuple[str, bytes], ...] = ()

    def derive(self, purpose: str, kid: str | None = None) -> bytes:
        """A key for one purpose, so one leaked use cannot sign another."""
        secret = self.current[1] if kid is None else dict(self.all()).get(kid)
        if secret is None:
            raise KeyError(kid)
        return hmac.new(secret, f"petalpoint:{purpose}".encode(), hashlib.sha256).digest()

    def all(self) -> tuple[tuple[str, bytes], ...]:
        return (self.current, *self.previous)

    def digest(self, purpose: str, value: str) -> str:
        """A keyed hash of `value`: stable for lookups, useless to anyone without the secret."""
        return hmac.new(self.derive(purpose), value.encode(), hashlib.sha256).hexdigest()


def _parse(document: dict) -> Keyring:
    def pair(entry: dict) -> tuple[str, bytes]:
        return str(entry["kid"]), str(entry["key"]).encode()

    return Keyring(pair(document), tuple(pair(old) for old in document.get("previous", [])))


def _read_key_file(path: Path) -> dict:
    """The local key file, made on first use; of writers racing to make it, the first one wins
    (a hard link cannot replace an existing file), so every reader sees the same keys."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        draft.write_text(json.dumps({"kid": "local-1", "key": secrets.token_urlsafe(48)}))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return json.loads(path.read_text())


def keyring() -> Keyring:
    settings = get_settings()
    try:
        if settings.session_key_file:
            return _parse(_read_key_file(Path(settings.session_key_file)))
        from aws_lambda_powertools.utilities import parameters

        document = parameters.get_secret(settings.session_secret_arn, transform="json", max_age=SECRET_CACHE_SECONDS)
        return _parse(document)
    except Exception as error:  # sign-in and access fail closed when the keys cannot be read
        raise Unavailable() from error


def _b64(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed_link(purpose: str, payload: str) -> str:
    """A token for a link usable without signing in: the payload and its keyed signature."""
    data = payload.encode()
    return f"{_b64(data)}.{_b64(hmac.new(keyring().derive(purpose), data, hashlib.sha256).digest()[:16])}"


def read_signed_link(purpose: str, token: str) -> str | None:
    """The payload of a token made by `signed_link` for this purpose (any key still kept), or None."""
    import base64

    try:
        encoded, signature = token.split(".")
        payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        text = payload.decode()
    except ValueError:
        return None
    ring = keyring()
    expected = [hmac.new(ring.derive(purpose, kid), payload, hashlib.sha256).digest()[:16] for kid, _ in ring.all()]
    return text if any(hmac.compare_digest(given, e) for e in expected) else None


def through_cloudfront(given: str | None) -> bool:
    """Whether a request came through CloudFront: it carries the origin secret (read through
    powertools parameters, cached). Without an origin secret configured (locally), every request
    does; where the secret cannot be read, none does (fail closed)."""
    settings = get_settings()
    if not settings.origin_secret_arn:
        return True
    from aws_lambda_powertools.utilities import parameters

    try:
        expected = parameters.get_secret(settings.origin_secret_arn, max_age=SECRET_CACHE_SECONDS)
    except Exception:
        return False
    return bool(given) and hmac.compare_digest(given.encode(), str(expected).encode())
