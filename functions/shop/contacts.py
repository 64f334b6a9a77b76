"""Phone numbers and email addresses: one normal form each, so one person is one contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shop.errors import ContactNotAllowed, InvalidContact
from shop.i18n import N_
from shop.settings import get_settings

ContactKind = Literal["phone", "email"]


@dataclass(frozen=True)
class ContactAddress:
    kind: ContactKind
    value: str  # E.164 for phones, lower-case for emails

    @property
    def channel(self) -> str:
        return "sms" if self.kind == "phone" else "email"

    def masked(self) -> str:
        return mask(self.value)


def parse_contact(raw: str) -> ContactAddress:
    """Read what a person typed: a mobile number (national formats with spaces or dashes accepted,
    numbers without a country code read as mainland Chinese) or an email address."""
    text = raw.strip()
    if "@" in text:
        return ContactAddress("email", _email(text))
    return ContactAddress("phone", _phone(text))


def _email(text: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise InvalidContact() from error


def _phone(text: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as error:
        raise InvalidContact() from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidContact()
    kind = phonenumbers.number_type(number)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise InvalidContact(N_("Enter a mobile number: codes are sent by text message."))
    if phonenumbers.region_code_for_number(number) not in get_settings().sms_countries:
        raise ContactNotAllowed()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(value: str) -> str:
    """What logs and screens may show: `+86 138****8000`, `z***@example.com`."""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if value.startswith("+86") and len(value) == 14:
        return f"+86 {value[3:6]}****{value[-4:]}"
    return f"{value[:4]}****{value[-4:]}"
