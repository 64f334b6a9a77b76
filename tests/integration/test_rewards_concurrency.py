"""Rewards and coupons under concurrency, on DynamoDB Local: stock is never oversold, a member's
limit holds, a coupon is used by one sale only, and a referral bonus is given once."""

from __future__ import annotations

from shop.contacts import parse_contact
from shop.errors import ShopError
from shop.members import NewMember, enrol
from shop.points import NotEnoughPoints
from shop.rewards import RewardDetails, RewardLimitReached, RewardOutOfStock, add_reward, member_coupons, redeem
from shop.sales import Line, Sale, adjust, record_sale
from shop.tables import LedgerEntry, Reward
from tests.integration.test_points_concurrency import _balance, _race


def _member(contact: str, points: int, referral: str | None = None) -> str:
    member_id = enrol(parse_contact(contact), NewMember("张三", False, "zh", referral=referral), "test").member_id
    if points:
        adjust(member_id, points, "test", "t", None)
    return member_id


def test_forty_members_racing_for_five_vases_get_exactly_five(local_shop):
    vase = add_reward(RewardDetails("玻璃花瓶", "Vase", "gift", 100, stock=5), "test", None).reward_id
    members = [_member(f"1380013{n:04d}", 100) for n in range(40)]
    results = _race(40, lambda n: redeem(members[n], vase, "k"))
    assert len([r for r in results if not isinstance(r, ShopError)]) == 5
    assert all(isinstance(r, RewardOutOfStock) for r in results if isinstance(r, ShopError))
    assert int(Reward.get("chain", vase).stock) == 0
    assert sum(_balance(m) for m in members) == 35 * 100  # only the five who got one paid


def test_one_member_racing_against_their_limit_and_balance(local_shop):
    limited = add_reward(RewardDetails("包装升级", "Wrap", "packaging-upgrade", 10, per_member_limit=3), "test", None)
    member = _member("13800138000", 1000)
    results = _race(20, lambda n: redeem(member, limited.reward_id, f"k{n}"))
    assert len(member_coupons(member)) == 3 and _balance(member) == 970
    assert all(isinstance(r, RewardLimitReached) for r in results if isinstance(r, ShopError))

    dear = add_reward(RewardDetails("花艺课", "Workshop", "workshop", 300), "test", None).reward_id
    results = _race(10, lambda n: redeem(member, dear, f"d{n}"))
    assert len([r for r in results if not isinstance(r, ShopError)]) == 3 and _balance(member) == 70
    assert all(isinstance(r, NotEnoughPoints) for r in results if isinstance(r, ShopError))


def test_a_coupon_sent_to_ten_counters_at_once_is_used_once(local_shop):
    twenty = add_reward(RewardDetails("20元券", "20 off", "money-off", 100, value_fen=2000), "test", None)
    member = _member("13800138000", 100)
    code = redeem(member, twenty.reward_id, "k")["coupon"].code
    lines = (Line("bouquet", "花束", 1, 10_000),)
    results = _race(10, lambda n: record_sale(Sale("jingan", f"clerk{n}", lines, "cash", member, coupon=code), "s"))
    sold = [r for r in results if not isinstance(r, ShopError)]
    assert len(sold) == 1 and sold[0]["coupon"]["off_fen"] == 2000
    assert {type(r).__name__ for r in results if isinstance(r, ShopError)} == {"CouponNotUsable"}


def test_a_referred_members_first_purchase_sent_at_once_from_two_counters_pays_the_referrer_once(local_shop):
    from shop.referrals import referral_code

    referrer = _member("13800138000", 0)
    friend = _member("13912345678", 0, referral=referral_code(referrer))
    lines = (Line("bouquet", "花束", 1, 10_000),)
    _race(6, lambda n: record_sale(Sale("jingan", f"clerk{n}", lines, "cash", friend), "first"))
    referral = [line for line in LedgerEntry.query(referrer, consistent_read=True) if line.kind == "referral"]
    assert [int(line.points) for line in referral] == [200]
    assert _balance(referrer) == 200
