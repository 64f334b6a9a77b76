"""One-time codes: 6 digits, stored only as a keyed hash, 5 minutes, single use, 5 tries.

Asking for a code never looks at who is a member, so the answer and its time are the same
for members and strangers. Sends are limited per contact, per client address and by a daily
SMS budget; every limit is checked in code, because TTL deletion is late (and moto never does it).
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from pynamodb.exceptions import DeleteError, DoesNotExist, UpdateError

from shop.audit import record
from shop.clock import now
from shop.concurrency import is_conflict, with_retries
from shop.contacts import ContactAddress
from shop.dates import today
from shop.errors import CodeBudgetSpent, CodeInvalid, TooManyCodes
from shop.i18n import Lang
from shop.keys import keyring
from shop.messaging import send_service_message
from shop.settings import get_settings
from shop.tables import DailyBudget, SendLog, SignInCode

MEMBER_SIGN_IN = "member"
STAFF_SIGN_IN = "staff"
ADD_CONTACT = "add-contact"
ERASE = "erase"
PURPOSES = (MEMBER_SIGN_IN, STAFF_SIGN_IN, ADD_CONTACT, ERASE)
DAY = 86400


def code_key(contact: ContactAddress, purpose: str) -> str:
    return f"code#{purpose}#{keyring().digest('contact', contact.value)}"


def _code_hash(contact: ContactAddress, purpose: str, code: str) -> str:
    return keyring().digest("code", f"{purpose}:{contact.value}:{code}")


def request_code(contact: ContactAddress, purpose: str, client_address: str, lang: Lang) -> None:
    """Send a fresh code to `contact`, replacing any earlier one, within every sending limit."""
    settings = get_settings()
    ring = keyring()
    _note_send(
        f"sends#address#{ring.digest('address', client_address)}",
        ((3600, settings.address_sends_per_hour), (DAY, settings.address_sends_per_day)),
    )
    _note_send(
        f"sends#contact#{ring.digest('contact', contact.value)}",
        (
            (60, settings.code_sends_per_minute),
            (3600, settings.code_sends_per_hour),
            (DAY, settings.code_sends_per_day),
        ),
    )
    if contact.channel == "sms":
        _spend_budget("sms", settings.sms_daily_budget)
    code = f"{secrets.randbelow(1_000_000):06d}"
    SignInCode(
        key=code_key(contact, purpose),
        code_hash=_code_hash(contact, purpose, code),
        tries=0,
        expires_at=now() + timedelta(seconds=settings.code_ttl_seconds),
    ).save()
    minutes = settings.code_ttl_seconds // 60
    send_service_message(contact.channel, "sign_in_code", {"code": code, "minutes": minutes}, contact.value, lang)


def _note_send(key: str, limits: tuple[tuple[int, int], ...]) -> None:
    """Record one send in a sliding-window log, refusing it when any window is full; the save is
    conditional on the version read, so concurrent sends cannot both pass (the loser re-reads)."""

    def attempt() -> None:
        moment = int(now().timestamp())
        try:
            log = SendLog.get(key, consistent_read=True)
        except DoesNotExist:
            log = SendLog(key)
        recent = [sent for sent in log.sent_at if sent > moment - DAY]
        for window, most in limits:
            if sum(1 for sent in recent if sent > moment - window) >= most:
                raise TooManyCodes()
        log.sent_at = [*recent, moment]
        log.expires_at = now() + timedelta(seconds=DAY)
        log.save()

    with_retries(attempt)


def _spend_budget(channel: str, budget: int) -> None:
    day = today().isoformat()
    counter = DailyBudget(key=f"budget#{channel}#{day}")
    try:
        counter.update(
            actions=[DailyBudget.used.add(1), DailyBudget.expires_at.set(now() + timedelta(days=2))],
            condition=DailyBudget.used.does_not_exist() | (DailyBudget.used < budget),
        )
    except UpdateError as error:
        if is_conflict(error):
            raise CodeBudgetSpent() from error
        raise


def check_code(contact: ContactAddress, purpose: str, code: str) -> SignInCode:
    """Spend one try on `code` and return the stored code when it matches; CodeInvalid otherwise.

    The try is counted before comparing, atomically, so even concurrent guesses get 5 in all.
    Wrong tries and lockouts go to Audit under a keyed digest of the contact, never the contact.
    """
    settings = get_settings()
    stored = SignInCode(key=code_key(contact, purpose))
    try:
        stored.update(
            actions=[SignInCode.tries.add(1)],
            condition=SignInCode.key.exists() & (SignInCode.tries < settings.code_max_tries),
        )
    except UpdateError as error:
        if is_conflict(error):
            raise CodeInvalid() from error
        raise
    if stored.expires_at <= now():
        raise CodeInvalid()
    if not hmac.compare_digest(stored.code_hash, _code_hash(contact, purpose, code)):
        locked = stored.tries >= settings.code_max_tries
        record(
            f"contact#{keyring().digest('contact', contact.value)}",
            "code.locked" if locked else "code.wrong",
            "system",
            purpose=purpose,
            tries=stored.tries,
        )
        raise CodeInvalid()
    return stored


def spend_code(stored: SignInCode) -> None:
    """Use the code up; of two requests racing with the same code, only one gets here."""
    try:
        stored.delete(condition=SignInCode.code_hash == stored.code_hash)
    except DeleteError as error:
        if is_conflict(error):
            raise CodeInvalid() from error
        raise
