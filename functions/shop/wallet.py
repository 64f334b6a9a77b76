"""Stored value (储值), held for customers, in fen, with the points ledger's guarantees (decision
4): every movement is an append-only WalletEntry keyed by its source (top-up, payment, refund),
written with attribute_not_exists in the same transaction that changes the member's principal
and bonus (a versioned item, so concurrent payments re-read and retry; none overdraws).

A top-up is money the shop's own terminal took; Petalpoint records it and its method, adds the
best top-up offer's bonus (充1000送150), and earns no points (points come from what is bought).
A payment draws principal and bonus in proportion. The principal never lapses; a named member's
balance is capped (5,000 yuan by default, as the rules on single-purpose prepaid cards expect);
the unspent principal is refunded on request and the bonus is then forfeited."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.clock import now
from shop.concurrency import with_retries
from shop.errors import ShopError
from shop.i18n import N_
from shop.rules import Strict, TierKey, load_document, save_document
from shop.tables import Member, WalletEntry, transaction_connection

TOPUP_METHODS = ("wechat-pay", "alipay", "cash", "bank-card")


class TopUpOffer(Strict):
    pay_fen: int = Field(ge=100, le=5_000_000)  # a top-up of at least this much...
    bonus_fen: int = Field(ge=0, le=1_000_000)  # ...gets this bonus value
    tier: TierKey | None = None  # ...and, optionally, this tier for a year (充5000升金卡)


class CardPlan(Strict):
    """A flower card the shop sells (周花卡 4次 ¥399): the counter starts from it."""

    name_zh: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
    name_en: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    item_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,40}$")]
    count: int = Field(ge=1, le=52)
    cadence: Literal["weekly", "fortnightly", "monthly"]
    price_fen: int = Field(ge=100, le=10_000_000)


class WalletRules(Strict):
    """Managers' settings for money held for customers: the cap, the top-up offers, and the
    flower cards on sale."""

    cap_fen: int = Field(default=500_000, ge=0, le=5_000_000)  # a named member's balance, at most
    offers: list[TopUpOffer] = Field(default_factory=list, max_length=10)
    card_plans: list[CardPlan] = Field(default_factory=list, max_length=20)

    def offer_for(self, amount_fen: int) -> TopUpOffer | None:
        """The best offer the amount reaches (one offer per top-up, never stacked)."""
        reached = [o for o in self.offers if amount_fen >= o.pay_fen]
        return max(reached, key=lambda o: (o.pay_fen, o.bonus_fen), default=None)


TIER_MONTHS = 12  # how long a tier that came with a top-up lasts


def _upgrade(member: Member, tier: str, staff_id: str) -> None:
    """A top-up offer's tier, held for a year, when it is above the member's tier now."""
    from datetime import timedelta

    from shop.dates import today
    from shop.points import tier_of
    from shop.rules import load_rules

    rules, on = load_rules(), today()
    order = [t.key for t in rules.tiers]
    if tier in order and order.index(tier) > order.index(tier_of(member, rules, on).key):
        until = on + timedelta(days=TIER_MONTHS * 365 // 12)
        member.tier_override = {"tier": tier, "reason": "top-up", "until": until.isoformat(), "by": staff_id}


def load_wallet_rules() -> WalletRules:
    return load_document("wallet", WalletRules)


def save_wallet_rules(rules: WalletRules, actor: str, actor_store: str | None) -> WalletRules:
    return save_document("wallet", rules, actor, actor_store)


class BalanceTooLow(ShopError):
    code = "balance_too_low"
    message = N_("The stored value is not enough for this.")


class BalanceCapReached(ShopError):
    code = "balance_cap_reached"
    message = N_("That would take the stored value over its limit of {cap} yuan.")


class BalanceToSettle(ShopError):
    code = "balance_to_settle"
    message = N_(
        "This member still has money held by the shop (stored value or a flower card with bouquets to come): "
        "settle it at the counter first."
    )


def balance(member: Member) -> tuple[int, int]:
    """(principal, bonus) in fen."""
    return int(member.wallet_principal), int(member.wallet_bonus)


def split(amount_fen: int, principal: int, bonus: int) -> tuple[int, int]:
    """A payment's draw on principal and bonus, in proportion to them (rounded to the fen,
    half to even, never more than either part holds)."""
    total = principal + bonus
    if amount_fen > total:
        raise BalanceTooLow()
    if total == 0:
        return 0, 0
    from_principal = min(principal, max(amount_fen - bonus, round(amount_fen * principal / total)))
    return from_principal, amount_fen - from_principal


def wallet_entry(member: Member, source: str, kind: str, principal: int, bonus: int, **fields) -> WalletEntry:
    return WalletEntry(
        member_id=member.member_id,
        source=source,
        at=now(),
        kind=kind,
        principal=principal,
        bonus=bonus,
        balance_after=int(member.wallet_principal) + int(member.wallet_bonus),
        **fields,
    )


def _existing(member_id: str, source: str) -> WalletEntry | None:
    from pynamodb.exceptions import DoesNotExist

    try:
        return WalletEntry.get(member_id, source, consistent_read=True)
    except DoesNotExist:
        return None


def top_up(member_id: str, amount_fen: int, method: str, staff_id: str, store_id: str | None, key: str) -> dict:
    """Record a top-up once for its (clerk, key): a replay answers with the same entry."""
    from shop.idempotency import KeyReused
    from shop.points import member_for_points
    from shop.sales import derived_id

    source = f"topup#{derived_id(staff_id, key)}"

    def attempt() -> dict:
        found = _existing(member_id, source)
        if found is not None:
            if int(found.principal) != amount_fen or found.method != method:
                raise KeyReused()
            return entry_view(found)
        member, rules = member_for_points(member_id), load_wallet_rules()
        offer = rules.offer_for(amount_fen)
        bonus = offer.bonus_fen if offer else 0
        principal, held = balance(member)
        if principal + held + amount_fen + bonus > rules.cap_fen:
            raise BalanceCapReached(cap=rules.cap_fen // 100)
        member.wallet_principal, member.wallet_bonus = principal + amount_fen, held + bonus
        if offer and offer.tier:
            _upgrade(member, offer.tier, staff_id)
        line = wallet_entry(
            member, source, "topup", amount_fen, bonus, method=method, staff_id=staff_id, store_id=store_id
        )
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            transaction.save(line, condition=WalletEntry.source.does_not_exist())
            transaction.save(
                audit_entry(f"member#{member_id}", "wallet.topped_up", staff_id, store_id, fen=amount_fen, bonus=bonus)
            )
        return entry_view(line)

    return with_retries(attempt)


def draw(transaction, member: Member, amount_fen: int, source: str, **fields) -> WalletEntry:
    """A payment from the balance inside someone else's transaction (a sale at the counter): the
    member's parts change (the caller saves the member) and the entry is added."""
    principal, bonus = balance(member)
    from_principal, from_bonus = split(amount_fen, principal, bonus)
    member.wallet_principal, member.wallet_bonus = principal - from_principal, bonus - from_bonus
    line = wallet_entry(member, source, "pay", -from_principal, -from_bonus, **fields)
    transaction.save(line, condition=WalletEntry.source.does_not_exist())
    return line


def give_back(transaction, member: Member, purchase_id: str, before_fen: int, amount_fen: int, refund_id: str) -> None:
    """A refund of a sale paid from the balance returns to it, principal and bonus in the
    proportion the sale drew them (counted cumulatively, so rounding never drifts)."""
    paid = _existing(member.member_id, f"sale#{purchase_id}")
    if paid is None:
        return
    drawn_principal, drawn = -int(paid.principal), -(int(paid.principal) + int(paid.bonus))
    share = lambda upto: round(upto * drawn_principal / drawn) if drawn else 0
    back_principal = share(before_fen + amount_fen) - share(before_fen)
    principal, bonus = balance(member)
    member.wallet_principal, member.wallet_bonus = principal + back_principal, bonus + amount_fen - back_principal
    line = wallet_entry(
        member, f"return#{refund_id}", "return", back_principal, amount_fen - back_principal, purchase_id=purchase_id
    )
    transaction.save(line, condition=WalletEntry.source.does_not_exist())


def refund_principal(member_id: str, reason: str, staff_id: str, store_id: str | None) -> dict:
    """Pay back the unspent principal (by the shop's terminal, outside Petalpoint) and forfeit the
    bonus: the balance is then zero. Once per balance: the entry is keyed by the balance's last
    movement, so a repeated request finds it refunded."""
    from shop.points import member_for_points

    def attempt() -> dict:
        member = member_for_points(member_id)
        principal, bonus = balance(member)
        if principal + bonus == 0:
            raise BalanceTooLow()
        member.wallet_principal, member.wallet_bonus = 0, 0
        source = f"refund#{member.version}"
        line = wallet_entry(
            member, source, "refund", -principal, -bonus, reason=reason, staff_id=staff_id, store_id=store_id
        )
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            transaction.save(line, condition=WalletEntry.source.does_not_exist())
            transaction.save(
                audit_entry(
                    f"member#{member_id}", "wallet.refunded", staff_id, store_id, fen=principal, forfeited=bonus
                )
            )
        return entry_view(line)

    return with_retries(attempt)


def entry_view(line: WalletEntry) -> dict:
    return {
        "source": line.source,
        "at": line.at.isoformat(),
        "kind": line.kind,
        "principal_fen": int(line.principal),
        "bonus_fen": int(line.bonus),
        "amount_fen": int(line.principal) + int(line.bonus),
        "balance_after_fen": int(line.balance_after),
        "method": line.method,
        "purchase_id": line.purchase_id,
        "reason": line.reason,
    }


def wallet_view(member: Member) -> dict:
    """The balance, its two parts, and every movement, newest first."""
    principal, bonus = balance(member)
    lines = sorted(WalletEntry.query(member.member_id), key=lambda line: line.at, reverse=True)
    return {
        "balance_fen": principal + bonus,
        "principal_fen": principal,
        "bonus_fen": bonus,
        "movements": [entry_view(line) for line in lines],
    }
