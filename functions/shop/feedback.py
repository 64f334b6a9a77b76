"""Feedback: a member rates a purchase or a completed booking (1 to 5, a comment), once, from the
portal or from the signed link in the delivered notice. A rating of 2 or less tells the store's
managers at once and opens a follow-up that staff close with a note; a comment that names a
flower becomes a suggestion for the member's preferences, which staff accept or dismiss.
Ratings are counted in the store's day (the reports read the counters)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.clock import now
from shop.concurrency import is_conflict
from shop.dates import business_day, today
from shop.errors import InvalidLink, NotFound, ShopError
from shop.i18n import N_, Lang, translate
from shop.keys import read_signed_link, signed_link
from shop.points import plain_map
from shop.stats import day_stats
from shop.tables import (
    Booking,
    Feedback,
    Member,
    Purchase,
    StaffNote,
    StoreDayStats,
    transaction_connection,
)
from shop.vocabulary import FLOWERS

LOW = 2  # a rating this low or lower opens a follow-up
RATE_WITHIN_DAYS = 60
# Words in a comment that name a flower of the preferences (Chinese and English).
FLOWER_WORDS = {
    "rose": ("玫瑰", "rose"),
    "lily": ("百合", "lily", "lilies"),
    "tulip": ("郁金香", "tulip"),
    "peony": ("芍药", "牡丹", "peony", "peonies"),
    "hydrangea": ("绣球", "hydrangea"),
    "carnation": ("康乃馨", "carnation"),
    "sunflower": ("向日葵", "sunflower"),
    "orchid": ("兰花", "蝴蝶兰", "orchid"),
    "lisianthus": ("洋桔梗", "桔梗", "lisianthus"),
    "babys-breath": ("满天星", "baby's breath"),
    "eucalyptus": ("尤加利", "eucalyptus"),
    "gerbera": ("非洲菊", "扶郎", "gerbera"),
}


class AlreadyRated(ShopError):
    code = "already_rated"
    message = N_("You have rated this already. Thank you!")


class NotRateable(ShopError):
    code = "not_rateable"
    message = N_("There is nothing to rate here: it is not yours, not finished, or too long ago.")


# --- what a member may rate ---------------------------------------------------------------------


def _subject(member_id: str, subject: str) -> tuple[str, str, str, str]:
    """(kind, day, what, store) of the member's own purchase or completed booking, recent enough."""
    kind, _, thing = subject.partition("#")
    cutoff = (today() - timedelta(days=RATE_WITHIN_DAYS)).isoformat()
    try:
        if kind == "purchase":
            purchase = Purchase.get(thing)
            day = business_day(purchase.sold_at).isoformat()
            if purchase.member_id == member_id and day >= cutoff:
                return kind, day, _lines_text(purchase), purchase.store_id
        elif kind == "booking":
            booking = Booking.get(thing)
            if booking.member_id == member_id and booking.status == "completed" and booking.day >= cutoff:
                return kind, booking.day, _items_text(booking), booking.store_id
    except DoesNotExist:
        pass
    raise NotRateable()


def _lines_text(purchase: Purchase) -> str:
    return "、".join(line.name for line in purchase.lines)[:80]


def _items_text(booking: Booking) -> str:
    return "、".join(item["name_zh"] for item in booking.items)[:80]


def rateable(member_id: str) -> list[dict]:
    """The member's recent purchases and completed bookings (a booking's own sale is the booking)."""
    cutoff = today() - timedelta(days=RATE_WITHIN_DAYS)
    bookings = [
        b for b in Booking.by_member.query(member_id, Booking.day >= cutoff.isoformat()) if b.status == "completed"
    ]
    from_bookings = {b.purchase_id for b in bookings if b.purchase_id}
    things = [
        {
            "subject": f"booking#{b.booking_id}",
            "kind": "booking",
            "day": b.day,
            "what": _items_text(b),
            "store": b.store_id,
        }
        for b in bookings
    ]
    since = datetime.combine(cutoff, time(), tzinfo=_zone())
    for purchase in Purchase.by_member.query(member_id, Purchase.sold_at >= since):
        if purchase.purchase_id not in from_bookings:
            day = business_day(purchase.sold_at).isoformat()
            things.append(
                {
                    "subject": f"purchase#{purchase.purchase_id}",
                    "kind": "purchase",
                    "day": day,
                    "what": _lines_text(purchase),
                    "store": purchase.store_id,
                }
            )
    return sorted(things, key=lambda t: t["day"], reverse=True)


def _zone():
    from shop.settings import get_settings

    return get_settings().time_zone


def given(member_id: str) -> list[Feedback]:
    return list(Feedback.by_member.query(member_id, scan_index_forward=False))


def for_member(member_id: str) -> dict:
    """The member's page: what is left to rate, and what they rated."""
    done = given(member_id)
    rated = {f.subject for f in done}
    to_rate = [t for t in rateable(member_id) if t["subject"] not in rated]
    return {"to_rate": to_rate, "given": [feedback_view(f) for f in done]}


# --- rating ---------------------------------------------------------------------------------------


def _suggestion(comment: str | None, rating: int) -> dict | None:
    text = (comment or "").lower()
    flower = next((key for key, words in FLOWER_WORDS.items() if any(w in text for w in words)), None)
    if flower is None or rating == 3:
        return None
    return {"flower": flower, "kind": "likes" if rating >= 4 else "avoid", "status": "open"}


def feedback_key(member_id: str, subject: str) -> str:
    """One rating per member and thing, in a form a URL carries as it is."""
    return f"{member_id}-{subject.replace('#', '-')}"


def rate(member_id: str, subject: str, rating: int, comment: str | None) -> Feedback:
    """One rating per thing (a conditional put); counted in the store's day in the same
    transaction; a low one tells the store's managers."""
    _, day, what, store_id = _subject(member_id, subject)
    low = rating <= LOW
    feedback = Feedback(
        feedback_id=feedback_key(member_id, subject),
        member_id=member_id,
        subject=subject,
        store_id=store_id,
        rating=rating,
        comment=comment or None,
        what=what,
        subject_day=day,
        created_at=now(),
        suggestion=_suggestion(comment, rating),
        follow_up={"status": "open"} if low else None,
        follow_up_store=store_id if low else None,
    )
    stats = day_stats(store_id, today())
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(feedback, condition=Feedback.feedback_id.does_not_exist())
            transaction.update(
                stats,
                actions=[
                    StoreDayStats.ratings.add(1),
                    StoreDayStats.rating_sum.add(rating),
                    StoreDayStats.ratings_low.add(int(low)),
                ],
            )
    except Exception as error:
        if is_conflict(error):
            raise AlreadyRated() from None
        raise
    if low:
        _tell_managers(feedback, what)
    return feedback


def _tell_managers(feedback: Feedback, what: str) -> None:
    """A service message to the store's managers (or the chain's, for a store without one)."""
    from shop.messaging import send_service_message
    from shop.settings import get_settings
    from shop.staff import list_staff

    team = [s for s in list_staff() if s.active and s.role == "manager"]
    here = [s for s in team if s.store_id == feedback.store_id] or team
    link = f"{get_settings().site_url}/staff/follow-ups/"
    params = {"rating": int(feedback.rating), "what": what, "comment": feedback.comment or "", "link": link}
    for manager in here:
        channel = "email" if "@" in manager.contact else "sms"
        send_service_message(channel, "low_rating", params, manager.contact, "zh")


def rate_token(member_id: str, subject: str) -> str:
    return signed_link("rate", f"{member_id}|{subject}")


def _from_token(token: str) -> tuple[str, str]:
    payload = read_signed_link("rate", token)
    if payload is None or "|" not in payload:
        raise InvalidLink()
    member_id, subject = payload.split("|", 1)
    return member_id, subject


def link_view(token: str) -> dict:
    member_id, subject = _from_token(token)
    try:
        kind, day, what, _ = _subject(member_id, subject)
    except NotRateable:
        raise InvalidLink() from None
    rated = True
    try:
        Feedback.get(feedback_key(member_id, subject))
    except DoesNotExist:
        rated = False
    return {"subject": subject, "kind": kind, "day": day, "what": what, "rated": rated}


def rate_by_link(token: str, rating: int, comment: str | None) -> Feedback:
    member_id, subject = _from_token(token)
    try:
        Member.get(member_id)
    except DoesNotExist:
        raise InvalidLink() from None
    return rate(member_id, subject, rating, comment)


def feedback_view(feedback: Feedback) -> dict:
    kind, _, _ = feedback.subject.partition("#")
    return {
        "id": feedback.feedback_id,
        "subject": feedback.subject,
        "kind": kind,
        "rating": int(feedback.rating),
        "comment": feedback.comment,
        "store": feedback.store_id,
        "what": feedback.what,
        "day": feedback.subject_day,  # when it was bought or delivered
        "created_at": feedback.created_at.isoformat(),
        "rated_on": business_day(feedback.created_at).isoformat(),
    }


# --- follow-ups and suggestions (staff) ---------------------------------------------------------


def open_follow_ups(store_id: str) -> list[Feedback]:
    return list(Feedback.open_follow_ups.query(store_id))


def follow_up_view(feedback: Feedback) -> dict:
    """A follow-up as staff see it: the member by the name they know, and what was rated."""
    try:
        member = Member.get(feedback.member_id)
        who = {"id": member.member_id, "name": member.salutation or member.name}
    except DoesNotExist:
        who = {"id": feedback.member_id, "name": None}
    return {
        **feedback_view(feedback),
        "member": who,
        "follow_up": plain_map(feedback.follow_up),
    }


def get_feedback(feedback_id: str) -> Feedback:
    try:
        return Feedback.get(feedback_id, consistent_read=True)
    except DoesNotExist:
        raise NotFound() from None


class FollowUpClosed(ShopError):
    code = "follow_up_closed"
    message = N_("This follow-up has been closed already.")


def close_follow_up(feedback_id: str, note: str, actor: str, actor_store: str | None) -> Feedback:
    feedback = get_feedback(feedback_id)
    if actor_store is not None and feedback.store_id != actor_store:
        raise NotFound()
    closed = {"status": "closed", "note": note, "by": actor, "at": now().isoformat()}
    try:
        feedback.update(
            actions=[Feedback.follow_up.set(closed), Feedback.follow_up_store.remove()],
            condition=Feedback.follow_up_store.exists(),
        )
    except UpdateError as error:
        if is_conflict(error):
            raise FollowUpClosed() from None
        raise
    audit_entry(f"member#{feedback.member_id}", "feedback.followed-up", actor, actor_store).save()
    return feedback


def settle_suggestion(feedback_id: str, accept: bool, by_id: str, by_name: str, actor_store: str | None) -> Feedback:
    """Accepting a "likes" suggestion adds the flower to the member's preferences; an "avoid"
    one becomes a note on the card. Either way the suggestion is settled, once."""
    from shop.concurrency import with_retries
    from shop.points import member_for_points
    from shop.tables import Preferences

    feedback = get_feedback(feedback_id)
    suggestion = plain_map(feedback.suggestion)
    if suggestion.get("status") != "open":
        raise NotFound()

    def attempt() -> None:
        member = member_for_points(feedback.member_id)
        suggestion["status"] = "accepted" if accept else "dismissed"
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.update(
                feedback,
                actions=[Feedback.suggestion.set(suggestion)],
                condition=Feedback.suggestion["status"] == "open",
            )
            if accept:
                if suggestion["kind"] == "likes":
                    chosen = member.preferences or Preferences()
                    if suggestion["flower"] not in chosen.flowers:
                        chosen.flowers = [*chosen.flowers, suggestion["flower"]][:8]
                    member.preferences = chosen
                else:
                    flower = translate("zh", FLOWERS[suggestion["flower"]])
                    text = translate("zh", "Avoid {flower} (from a rating).", flower=flower)
                    member.notes = [*member.notes, StaffNote(at=now(), by=by_id, by_name=by_name, text=text)][-50:]
                transaction.save(member, condition=Member.erased_at.does_not_exist())
            transaction.save(
                audit_entry(
                    f"member#{member.member_id}", "feedback.suggestion", f"staff#{by_id}", actor_store, accepted=accept
                )
            )

    with_retries(attempt)
    feedback.suggestion = suggestion
    return feedback


def card_section(member_id: str, lang: Lang) -> dict:
    """The card's ratings: how many, the average, the latest few, and open suggestions."""
    found = given(member_id)
    ratings = [int(f.rating) for f in found]
    suggestions = [
        {
            "id": f.feedback_id,
            "flower": f.suggestion["flower"],
            "flower_name": translate(lang, FLOWERS[f.suggestion["flower"]]),
            "kind": f.suggestion["kind"],
            "comment": f.comment,
        }
        for f in found
        if plain_map(f.suggestion).get("status") == "open"
    ]
    return {
        "count": len(ratings),
        "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "recent": [
            {
                "id": f.feedback_id,
                "rating": int(f.rating),
                "comment": f.comment,
                "kind": f.subject.split("#")[0],
                "day": feedback_view(f)["day"],
            }
            for f in found[:5]
        ],
        "suggestions": suggestions,
    }
