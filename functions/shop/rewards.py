"""The rewards catalog and its coupons: a member spends points on a reward and gets a coupon
with a code and an expiry; staff take the code at the counter, once.

A redemption's id is derived from the member and the request's idempotency key, and the coupon's
code from that id under a secret key: a replay, even after its idempotency record has gone, meets
the ledger line already written and answers with the same coupon.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from pynamodb.exceptions import DoesNotExist, PutError
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.clock import now
from shop.concurrency import is_conflict, with_retries
from shop.dates import today
from shop.errors import NotFound, ShopError
from shop.i18n import N_
from shop.idempotency import KeyReused
from shop.points import (
    balance_of,
    draw_points,
    entry,
    ledger_entry,
    live_balance,
    member_for_points,
    plain_map,
    tier_of,
)
from shop.rules import load_rules
from shop.tables import Coupon, LedgerEntry, Member, Reward, transaction_connection

CHAIN = "chain"
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed at the counter
CODE_LENGTH = 8


class RewardOutOfStock(ShopError):
    code = "reward_out_of_stock"
    message = N_("This reward is out of stock.")


class RewardLimitReached(ShopError):
    code = "reward_limit_reached"
    message = N_("You have already taken this reward as often as it allows.")


class RewardNotForTier(ShopError):
    code = "reward_not_for_tier"
    message = N_("This reward is for other tiers.")


class CouponNotUsable(ShopError):
    code = "coupon_not_usable"
    message = N_("This coupon cannot be used: it is used, expired or someone else's.")


@dataclass(frozen=True)
class RewardDetails:
    name_zh: str
    name_en: str
    kind: str
    points_cost: int
    value_fen: int = 0
    eligible_tiers: tuple[str, ...] = ()
    stock: int | None = None
    per_member_limit: int | None = None
    valid_days: int = 90
    active: bool = True


# --- the catalog (managers) --------------------------------------------------------------------


def list_rewards() -> list[Reward]:
    """Active rewards first, cheapest first."""
    return sorted(Reward.query(CHAIN), key=lambda r: (not r.active, int(r.points_cost), r.name_zh))


def get_reward(reward_id: str) -> Reward:
    try:
        return Reward.get(CHAIN, reward_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error


def add_reward(details: RewardDetails, actor: str, actor_store: str | None, reward_id: str | None = None) -> Reward:
    fields = vars(details) | {"eligible_tiers": list(details.eligible_tiers)}
    reward = Reward(chain=CHAIN, reward_id=reward_id or f"r{secrets.token_hex(4)}", created_at=now(), **fields)
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(reward, condition=Reward.reward_id.does_not_exist())
        transaction.save(audit_entry(f"reward#{reward.reward_id}", "reward.added", actor, actor_store))
    return reward


def change_reward(reward_id: str, changes: dict, actor: str, actor_store: str | None) -> Reward:
    """Change a reward; stock is set as a number left. Coupons already given keep their terms."""
    reward = get_reward(reward_id)
    actions = [getattr(Reward, field).set(value) for field, value in changes.items() if value is not None]
    actions += [getattr(Reward, field).remove() for field, value in changes.items() if value is None]
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.update(reward, actions=actions, condition=Reward.reward_id.exists())
        transaction.save(
            audit_entry(f"reward#{reward_id}", "reward.changed", actor, actor_store, fields=sorted(changes))
        )
    return get_reward(reward_id)


# --- redeeming ---------------------------------------------------------------------------------


def why_not(reward: Reward, member: Member, balance: int, tier: str) -> str | None:
    """Why this member cannot take this reward now, or None."""
    if reward.eligible_tiers and tier not in reward.eligible_tiers:
        return "not_for_tier"
    if reward.stock is not None and int(reward.stock) <= 0:
        return "out_of_stock"
    taken = int(plain_map(member.rewards_taken).get(reward.reward_id, 0))
    if reward.per_member_limit is not None and taken >= int(reward.per_member_limit):
        return "limit_reached"
    if balance < int(reward.points_cost) or int(member.debt) > 0:
        return "not_enough_points"
    return None


REFUSALS = {
    "not_for_tier": RewardNotForTier,
    "out_of_stock": RewardOutOfStock,
    "limit_reached": RewardLimitReached,
}


def coupon_code(redemption_id: str) -> str:
    """A code that cannot be guessed from the redemption, made of letters that read clearly."""
    from shop.keys import keyring

    number = int(keyring().digest("coupon-code", redemption_id), 16)
    letters = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_LETTERS))
        letters.append(CODE_LETTERS[index])
    return "".join(letters)


def redeem(member_id: str, reward_id: str, key: str) -> dict:
    """Spend points on a reward, oldest bucket first, and give its coupon: the ledger line, the
    member, the coupon and the reward's stock change in one transaction, once per key."""
    from shop.sales import derived_id, lapse_lines

    redemption_id = derived_id(member_id, f"reward:{key}")
    code = coupon_code(redemption_id)

    def attempt() -> dict:
        if ledger_entry(member_id, f"reward#{redemption_id}") is not None:
            coupon = find_coupon(code)
            if coupon.reward_id != reward_id:
                raise KeyReused()
            return {"coupon": coupon, "balance": live_balance(member_for_points(member_id), today())}
        reward = get_reward(reward_id)
        if not reward.active:
            raise NotFound()
        on, rules = today(), load_rules()
        member = member_for_points(member_id)
        lines = lapse_lines(member, on)
        buckets, debt = plain_map(member.buckets), int(member.debt)
        refusal = why_not(reward, member, balance_of(buckets, debt), tier_of(member, rules, on).key)
        if refusal in REFUSALS:
            raise REFUSALS[refusal]()
        member.buckets = draw_points(buckets, debt, int(reward.points_cost))  # or NotEnoughPoints
        taken = plain_map(member.rewards_taken)
        taken[reward_id] = int(taken.get(reward_id, 0)) + 1
        member.rewards_taken = taken
        cost = int(reward.points_cost)
        named = [{"rule": "reward", "points": -cost, "name_zh": reward.name_zh, "name_en": reward.name_en}]
        lines.append(entry(member, f"reward#{redemption_id}", "reward", -cost, reason=reward.name_zh, rules=named))
        coupon = Coupon(
            code=code,
            member_id=member_id,
            reward_id=reward_id,
            redemption_id=redemption_id,
            name_zh=reward.name_zh,
            name_en=reward.name_en,
            kind=reward.kind,
            value_fen=int(reward.value_fen),
            points=int(reward.points_cost),
            issued_at=now(),
            expires_on=(on + timedelta(days=int(reward.valid_days))).isoformat(),
        )
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            for line in lines:
                transaction.save(line, condition=LedgerEntry.source.does_not_exist())
            transaction.save(coupon, condition=Coupon.code.does_not_exist())
            transaction.save(coupon_notice(member_id, code, date.fromisoformat(coupon.expires_on), on))
            if reward.stock is None:
                transaction.condition_check(Reward, CHAIN, reward_id, condition=Reward.active == True)  # noqa: E712
            else:
                transaction.update(
                    reward,
                    actions=[Reward.stock.add(-1)],
                    condition=(Reward.stock > 0) & (Reward.active == True),  # noqa: E712
                )
        return {"coupon": coupon, "balance": balance_of(plain_map(member.buckets), int(member.debt))}

    return with_retries(attempt)


def gift_coupon(
    member_id: str, source: str, name_zh: str, name_en: str, value_fen: int, valid_days: int, kind: str = "money-off"
) -> Coupon:
    """A coupon the shop gives (a win-back greeting, a birthday), once per source: its code is
    derived from the source, so giving it again finds the one given."""
    code = coupon_code(f"gift:{member_id}:{source}")
    try:
        return find_coupon(code)
    except NotFound:
        pass
    on = today()
    coupon = Coupon(
        code=code,
        member_id=member_id,
        reward_id=source.split(":")[0],
        redemption_id=f"gift:{source}",
        name_zh=name_zh,
        name_en=name_en,
        kind=kind,
        value_fen=value_fen,
        points=0,
        issued_at=now(),
        expires_on=(on + timedelta(days=valid_days)).isoformat(),
    )
    try:
        coupon.save(condition=Coupon.code.does_not_exist())
    except PutError as error:
        if not is_conflict(error):
            raise
        return find_coupon(code)  # given at the same moment by another run
    return coupon


# --- coupons -----------------------------------------------------------------------------------


def coupon_notice(member_id: str, code: str, expires_on: date, on: date):
    """The reminder item of a coupon: 7 days before it expires (tomorrow, for a shorter one)."""
    from shop.reminders import reminder

    return reminder("coupon-notice", member_id, code, max(expires_on - timedelta(days=7), on + timedelta(days=1)))


def normal_code(code: str) -> str:
    return code.strip().upper()


def find_coupon(code: str) -> Coupon:
    try:
        return Coupon.get(normal_code(code), consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error


def member_coupons(member_id: str) -> list[Coupon]:
    return list(Coupon.by_member.query(member_id, scan_index_forward=False, limit=100))


def status_of(coupon: Coupon, on: date) -> str:
    if coupon.status == "used":
        return "used"
    return "expired" if coupon.expires_on < on.isoformat() else "issued"


def usable_coupon(code: str, member_id: str | None, on: date) -> Coupon:
    """A coupon this member can use today, or a refusal (an unknown code is refused the same way)."""
    try:
        coupon = find_coupon(code)
    except NotFound as error:
        raise CouponNotUsable() from error
    if coupon.member_id != member_id or status_of(coupon, on) != "issued":
        raise CouponNotUsable()
    return coupon


def coupon_view(coupon: Coupon, lang: str) -> dict:
    return {
        "code": coupon.code,
        "reward_id": coupon.reward_id,
        "name": coupon.name_zh if lang == "zh" else coupon.name_en,
        "kind": coupon.kind,
        "value_fen": int(coupon.value_fen),
        "issued_at": coupon.issued_at.isoformat(),
        "expires_on": coupon.expires_on,
        "status": status_of(coupon, today()),
        "used_at": coupon.used_at.isoformat() if coupon.used_at else None,
        "purchase_id": coupon.purchase_id,
    }


def reward_view(reward: Reward, lang: str) -> dict:
    return {
        "id": reward.reward_id,
        "name_zh": reward.name_zh,
        "name_en": reward.name_en,
        "name": reward.name_zh if lang == "zh" else reward.name_en,
        "kind": reward.kind,
        "points_cost": int(reward.points_cost),
        "value_fen": int(reward.value_fen),
        "eligible_tiers": list(reward.eligible_tiers),
        "stock": None if reward.stock is None else int(reward.stock),
        "per_member_limit": None if reward.per_member_limit is None else int(reward.per_member_limit),
        "valid_days": int(reward.valid_days),
        "active": bool(reward.active),
    }


def rewards_for_member(member_id: str, lang: str) -> dict:
    """The active rewards, each saying whether this member can take it now and, if not, why."""
    on, rules = today(), load_rules()
    member = member_for_points(member_id)
    balance = live_balance(member, on)
    tier = tier_of(member, rules, on).key
    taken = plain_map(member.rewards_taken)
    rewards = []
    for reward in list_rewards():
        if not reward.active:
            continue
        view = reward_view(reward, lang)
        del view["name_zh"], view["name_en"]
        reason = why_not(reward, member, balance, tier)
        count = int(taken.get(reward.reward_id, 0))
        rewards.append({**view, "taken": count, "available": reason is None, "why_not": reason})
    return {"balance": balance, "rewards": rewards}
