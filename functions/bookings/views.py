"""How a booking is shown: to its member (no staff details), or to staff (who, warnings)."""

from __future__ import annotations

from shop.bookings import booked_items, warning_view
from shop.points import plain_map
from shop.stores import find_store
from shop.tables import Booking, Member


def booking_view(booking: Booking, lang: str, staff: bool, photos: bool = False) -> dict:
    from shop.photos import view_url

    store = find_store(booking.store_id)
    shown_photos = plain_map(booking.photos)
    view = {
        "id": booking.booking_id,
        "status": booking.status,
        "store": {"id": booking.store_id, "name": store.name if store else ""},
        "date": booking.day,
        "window": booking.window,
        "mode": booking.mode,
        "items": booked_items(booking, lang),
        "occasion": booking.occasion,
        "recipient": plain_map(booking.recipient) or None,
        "card_message": booking.card_message,
        "options": plain_map(booking.options),
        "notes": booking.notes,
        "price": {key: int(value) for key, value in plain_map(booking.price).items()},
        "payment": plain_map(booking.payment),
        "hold_until": booking.hold_until.isoformat() if booking.hold_until else None,
        "photos": {
            kind: (view_url(key) if photos else True)
            for kind, key in shown_photos.items()
            if kind in ("before", "handover")
        },
        "history": [plain_map(step) for step in booking.history],
        "purchase_id": booking.purchase_id,
        "points_earned": _points_earned(booking),
        "peak": _peak(booking, lang),
        "created_at": booking.created_at.isoformat(),
    }
    if staff:
        member = Member.get(booking.member_id) if booking.member_id else None
        view["member"] = (
            {"id": member.member_id, "name": member.name, "salutation": member.salutation} if member else None
        )
        view["customer"] = plain_map(booking.customer) or None
        view["warnings"] = [warning_view(plain_map(w), lang) for w in booking.warnings]
    return view


def _points_earned(booking: Booking) -> int | None:
    """What the completed booking's sale earned (the ledger's figure, not the quote's)."""
    from shop.sales import get_receipt

    return get_receipt(booking.purchase_id)["points_earned"] if booking.purchase_id else None


def _peak(booking: Booking, lang: str) -> dict | None:
    from datetime import date

    from shop.booking_rules import load_booking_rules

    peak = load_booking_rules(booking.store_id).peak_on(date.fromisoformat(booking.day))
    return {"key": peak.key, "name": peak.name_zh if lang == "zh" else peak.name_en} if peak else None
