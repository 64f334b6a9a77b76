"""Session tokens: a JWT signed with a key from the keyring, named by its key id.

A token says who (`sub`), as what (`role`) and which token version of theirs it carries
(`ver`); the access check compares that version with the stored one on every request, so
logout, erasure and a disabled account end every session at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from shop.clock import now
from shop.errors import NotSignedIn
from shop.keys import keyring

ISSUER = "petalpoint"
AUDIENCE = "petalpoint-api"
ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "nbf", "iss", "aud", "sub", "role", "ver"]


@dataclass(frozen=True)
class Session:
    subject: str  # member or staff id
    role: str  # member | staff | manager
    version: int


def issue_token(session: Session, lifetime: timedelta) -> str:
    import jwt

    ring = keyring()
    kid = ring.current[0]
    issued = now()
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": session.subject,
        "role": session.role,
        "ver": session.version,
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime,
        "jti": secrets.token_urlsafe(12),
    }
    return jwt.encode(claims, ring.derive("session", kid), algorithm=ALGORITHM, headers={"kid": kid})


def read_token(token: str) -> Session:
    """The session a token carries, or NotSignedIn for anything forged, altered, expired or early."""
    import jwt

    ring = keyring()  # raises Unavailable (fail closed) when the keys cannot be read
    try:
        kid = jwt.get_unverified_header(token).get("kid")
        key = ring.derive("session", kid)
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            # Times are checked below against the shop's one clock, not PyJWT's own.
            options={"require": REQUIRED_CLAIMS, "verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
        moment = now().timestamp()
        if not int(claims["nbf"]) <= moment < int(claims["exp"]):
            raise NotSignedIn()
        return Session(str(claims["sub"]), str(claims["role"]), int(claims["ver"]))
    except (jwt.PyJWTError, KeyError, TypeError, ValueError) as error:
        raise NotSignedIn() from error
