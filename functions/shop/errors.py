"""Domain errors. Each names what went wrong in the shop's words; the web layer maps them to HTTP."""

from __future__ import annotations

from shop.i18n import N_


class ShopError(Exception):
    """A refusal the person can act on. `message` is an English msgid, translated at the edge."""

    code = "refused"
    message = N_("The request was refused.")

    def __init__(self, message: str | None = None, **params: object) -> None:
        super().__init__(self.code)
        if message:
            self.message = message
        self.params = params


class InvalidContact(ShopError):
    code = "invalid_contact"
    message = N_("Enter a mobile number or an email address.")


class ContactNotAllowed(ShopError):
    code = "contact_not_allowed"
    message = N_("We can only send text messages to mobile numbers in mainland China.")


class TooManyCodes(ShopError):
    code = "too_many_codes"
    message = N_("Too many codes were asked for. Please wait a while and try again.")


class CodeBudgetSpent(ShopError):
    code = "code_budget_spent"
    message = N_("We cannot send more codes today. Please try again tomorrow or ask at the counter.")


class CodeInvalid(ShopError):
    code = "code_invalid"
    message = N_("That code is wrong or has expired. Ask for a new code.")


class NotAMember(ShopError):
    code = "not_a_member"
    message = N_("This contact is not a member yet. Join first: the same code works.")


class NotSignedIn(ShopError):
    code = "not_signed_in"
    message = N_("Please sign in.")


class Forbidden(ShopError):
    code = "forbidden"
    message = N_("You are not allowed to do this.")


class Unavailable(ShopError):
    """A dependency failed in a way a retry may fix; sign-in and access fail closed on it."""

    code = "unavailable"
    message = N_("The service is busy. Please try again in a moment.")


class NotFound(ShopError):
    code = "not_found"
    message = N_("There is nothing here.")


class Conflict(ShopError):
    code = "conflict"
    message = N_("That was changed at the same time. Please try again.")


class ContactTaken(ShopError):
    code = "contact_taken"
    message = N_("This contact already belongs to someone else.")


class TooManyContacts(ShopError):
    code = "too_many_contacts"
    message = N_("A member keeps one mobile number and one email address.")


class ConsentNeeded(ShopError):
    code = "consent_needed"
    message = N_("Allergies and pets are kept only with your consent: tick the box first.")


class UnknownStore(ShopError):
    code = "unknown_store"
    message = N_("There is no such store.")


class InvalidLink(ShopError):
    code = "invalid_link"
    message = N_("This link is not valid.")


class RangeTooLong(ShopError):
    code = "range_too_long"
    message = N_("That range of days is too long (or ends before it starts).")
