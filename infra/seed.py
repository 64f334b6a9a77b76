"""The demo shop, seeded by `make dev`: two Shanghai stores, a manager and clerks, and members
with the details a florist keeps (preferences, allergies, pets, birthdays, notes). Seeding is
idempotent: what exists already is left as it is."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from shop.card import Viewer, add_note
from shop.contacts import parse_contact
from shop.members import BirthdayDate, NewMember, enrol
from shop.profile import change_profile
from shop.staff import NewStaff, add_staff, ensure_manager
from shop.stores import StoreDetails, find_store, open_store
from shop.tables import Contact, StaffContact

DEMO_STORES = [
    ("jingan", StoreDetails("静安店", "上海市静安区南京西路1266号", "021-6288 1266", "每天 9:00-21:00")),
    ("xuhui", StoreDetails("徐汇店", "上海市徐汇区天钥桥路133号", "021-6438 0133", "每天 10:00-20:00")),
]
DEMO_MANAGER = ("139 0000 0001", "林店长", "jingan")
DEMO_CLERKS = [("139 0000 0002", "小周", "jingan"), ("139 0000 0003", "小陈", "xuhui")]

# (contact, name, salutation, birthday, marketing consent, language, home store, profile, note)
DEMO_MEMBERS = [
    (
        "138 0013 8000",
        "张丽华",
        "张姐",
        BirthdayDate("solar", 5, 12),
        True,
        "zh",
        "jingan",
        {
            "preferences": {
                "flowers": ["lily", "hydrangea"],
                "colours": ["white", "green"],
                "styles": ["natural"],
                "budget": "200-400",
                "note": "办公室每周换一次花",
            },
            "sensitive": {"consent": True, "allergies": ["pollen"], "pets": ["cat"]},
        },
        "每周五下班来取办公室的花，喜欢牛皮纸包装",
    ),
    (
        "139 1234 5678",
        "王建国",
        "王先生",
        BirthdayDate("lunar", 8, 15, year=1978),
        False,
        "zh",
        "jingan",
        {
            "preferences": {
                "flowers": ["rose"],
                "colours": ["red"],
                "styles": ["romantic"],
                "budget": "400-plus",
                "note": "结婚纪念日在十月",
            }
        },
        "每年给太太订红玫瑰，喜欢提前一周预订",
    ),
    (
        "136 6188 2020",
        "李秀英",
        "李阿姨",
        BirthdayDate("lunar", 1, 6),
        True,
        "zh",
        "xuhui",
        {
            "preferences": {"flowers": ["orchid", "green-plants"], "styles": ["simple"], "budget": "100-200"},
            "sensitive": {"consent": True, "allergies": ["scent"], "pets": []},
        },
        "家里养了很多绿植，问过发财树黄叶的问题",
    ),
    (
        "186 2171 3344",
        "陈思琪",
        "陈小姐",
        BirthdayDate("solar", 2, 29, year=1996),
        True,
        "zh",
        "xuhui",
        {
            "preferences": {
                "flowers": ["tulip", "peony"],
                "colours": ["pink", "champagne"],
                "styles": ["korean"],
                "budget": "100-200",
            },
            "sensitive": {"consent": True, "allergies": [], "pets": ["dog"]},
        },
        None,
    ),
    (
        "emma.clarke@example.com",
        "Emma Clarke",
        "Emma",
        BirthdayDate("solar", 11, 30),
        True,
        "en",
        "jingan",
        {"preferences": {"flowers": ["sunflower", "eucalyptus"], "colours": ["yellow"], "styles": ["european"]}},
        "Works nearby; prefers English; likes wrapping in kraft paper",
    ),
]


# (member's contact, days ago, store, lines as (category, name, quantity, yuan), payment, points redeemed)
DEMO_SALES = [
    ("138 0013 8000", 160, "jingan", [("bouquet", "白色绣球花束", 1, 268)], "wechat-pay", 0),
    (
        "138 0013 8000",
        75,
        "jingan",
        [("cut-flowers", "去蕊白百合 10枝", 1, 158), ("accessory", "玻璃花瓶", 1, 88)],
        "alipay",
        0,
    ),
    ("138 0013 8000", 12, "jingan", [("bouquet", "办公室周花", 1, 199)], "wechat-pay", 300),
    (
        "139 1234 5678",
        400,
        "jingan",
        [("bouquet", "红玫瑰 99枝", 1, 2099), ("delivery-fee", "同城配送", 1, 30)],
        "bank-card",
        0,
    ),
    (
        "139 1234 5678",
        35,
        "jingan",
        [("bouquet", "红玫瑰 33枝", 1, 899), ("delivery-fee", "同城配送", 1, 30)],
        "wechat-pay",
        0,
    ),
    ("136 6188 2020", 90, "xuhui", [("potted-plant", "蝴蝶兰 三株", 1, 380)], "cash", 0),
    (
        "136 6188 2020",
        20,
        "xuhui",
        [("potted-plant", "发财树 中号", 1, 260), ("potted-plant", "绿萝", 2, 35)],
        "alipay",
        0,
    ),
    ("186 2171 3344", 30, "xuhui", [("bouquet", "粉色郁金香花束", 1, 168)], "wechat-pay", 0),
    ("emma.clarke@example.com", 8, "jingan", [("bouquet", "Sunflowers and eucalyptus", 1, 188)], "alipay", 0),
]


# Who joined with whose referral code: (the friend's contact, the referrer's contact).
DEMO_REFERRALS = [("186 2171 3344", "138 0013 8000")]

# The rewards catalog: (id, name zh, name en, kind, points, value in yuan, tiers, stock, per-member limit)
DEMO_REWARDS = [
    ("wrap", "包装升级", "Packaging upgrade", "packaging-upgrade", 300, 0, [], None, None),
    ("delivery", "免配送费券", "Free delivery", "free-delivery", 500, 30, [], None, 2),
    ("vase", "玻璃花瓶", "Glass vase", "gift", 800, 0, [], 20, 1),
    ("twenty", "20元代金券", "20 yuan off", "money-off", 2000, 20, [], None, None),
    ("workshop", "周末花艺课名额", "Weekend floristry workshop seat", "workshop", 3000, 0, ["silver", "gold"], 8, 1),
]

# Coupons members have taken: (member's contact, reward id)
DEMO_COUPONS = [("138 0013 8000", "wrap"), ("139 1234 5678", "delivery")]


# The catalog: (id, kind, name zh, name en, yuan, illustration, recipe, deliverable, occasions)
DEMO_CATALOG = [
    (
        "red-roses-11",
        "bouquet",
        "11枝红玫瑰",
        "Eleven red roses",
        199,
        "rose",
        [("rose-red", 11), ("eucalyptus", 2), ("babys-breath", 3)],
        True,
        ["love", "anniversary"],
    ),
    (
        "red-roses-33",
        "bouquet",
        "33枝红玫瑰",
        "Thirty-three red roses",
        599,
        "rose",
        [("rose-red", 33), ("eucalyptus", 5)],
        True,
        ["love", "anniversary"],
    ),
    (
        "carnations-mum",
        "bouquet",
        "康乃馨感恩花束",
        "Carnations for mother",
        168,
        "carnation",
        [("carnation", 12), ("lisianthus", 3), ("eucalyptus", 2)],
        True,
        ["mothers-day", "birthday"],
    ),
    (
        "white-lilies",
        "bouquet",
        "香水百合花束",
        "Oriental lilies",
        239,
        "lily",
        [("lily", 5), ("eucalyptus", 3), ("babys-breath", 2)],
        True,
        ["birthday", "congratulations"],
    ),
    (
        "sunflowers",
        "bouquet",
        "向日葵花束",
        "Sunflowers",
        159,
        "sunflower",
        [("sunflower", 5), ("eucalyptus", 2)],
        True,
        ["congratulations", "get-well", "teachers-day"],
    ),
    (
        "pink-tulips",
        "bouquet",
        "粉色郁金香",
        "Pink tulips",
        179,
        "tulip",
        [("tulip", 10), ("eucalyptus", 2)],
        True,
        ["birthday", "love", "everyday"],
    ),
    (
        "orchid-pot",
        "potted-plant",
        "蝴蝶兰 三株",
        "Phalaenopsis, three stems",
        380,
        "orchid",
        [("orchid", 3)],
        False,
        ["congratulations", "mothers-day"],
    ),
    (
        "money-tree",
        "potted-plant",
        "发财树 中号",
        "Money tree (medium)",
        260,
        "green-plant",
        [("green-plant", 1)],
        True,
        ["congratulations", "everyday"],
    ),
]

# Bookings: (key, member's contact or None, days ahead or a peak day's key, window, mode, item, occasion, card)
DEMO_BOOKINGS = [
    ("zhang-office", "138 0013 8000", 1, "16:00-18:00", "pickup", "white-lilies", "everyday", None),
    (
        "wang-eve",
        "139 1234 5678",
        "christmas-eve",
        "18:00-20:00",
        "delivery",
        "red-roses-33",
        "love",
        "平安夜快乐，爱你。",
    ),
    ("li-mother", "136 6188 2020", 2, "10:00-12:00", "delivery", "carnations-mum", "birthday", "妈妈生日快乐！"),
    ("chen-eve", "186 2171 3344", "christmas-eve", "14:00-16:00", "pickup", "pink-tulips", "love", None),
]
DEMO_RECIPIENT = {
    "name": "王太太",
    "phone": "139 1234 0000",
    "address": {
        "province": "上海市",
        "city": "上海市",
        "district": "静安区",
        "street": "愚园路 88 弄",
        "building_room": "3号 502",
    },
}


# The gift notebook: (member's contact, person, relationship, kind, calendar, month, day, days ahead, flowers)
DEMO_OCCASIONS = [
    ("138 0013 8000", "妈妈", "mother", "birthday", "lunar", 8, 15, 7, ["lily", "carnation"]),
    ("139 1234 5678", "太太", "spouse", "anniversary", "solar", 10, 18, 10, ["rose"]),
    ("139 1234 5678", "太太", "spouse", "birthday", "solar", 12, 20, 7, ["rose", "peony"]),
    ("136 6188 2020", "老伴", "spouse", "memorial", "solar", 4, 4, 3, []),
    ("186 2171 3344", "林老师", "teacher", "custom", "solar", 9, 10, 5, ["sunflower"]),
]


def _exists(model, key: str) -> bool:
    try:
        model.get(key)
        return True
    except DoesNotExist:
        return False


def seed_stores_and_staff() -> None:
    for store_id, details in DEMO_STORES:
        if find_store(store_id) is None:
            open_store(details, actor="demo", actor_store=None, store_id=store_id)
    contact, name, store = DEMO_MANAGER
    ensure_manager(parse_contact(contact), name, store)
    for contact, name, store in DEMO_CLERKS:
        address = parse_contact(contact)
        if not _exists(StaffContact, f"contact#{address.value}"):
            add_staff(NewStaff(address, name, "staff", store), actor="demo", actor_store=None)


def _member_id(contact: str) -> str:
    return Contact.get(parse_contact(contact).value).member_id


def seed_member(entry: tuple) -> None:
    from shop.referrals import referral_code

    contact_text, name, salutation, birthday, consent, lang, store, details, note = entry
    contact = parse_contact(contact_text)
    if _exists(Contact, contact.value):
        return
    referrer = dict(DEMO_REFERRALS).get(contact_text)
    code = referral_code(_member_id(referrer)) if referrer else None
    new = NewMember(name, consent, lang, birthday, salutation, store, referral=code)
    member = enrol(contact, new, source="demo")
    change_profile(member.member_id, details, source="demo")
    if note:
        add_note(member.member_id, note, Viewer("demo", "小周", "staff", store), lang)


def seed_sales() -> None:
    """Past sales, recorded as the counter records them (exactly once: the keys are fixed)."""
    from datetime import timedelta

    from shop.clock import now, set_clock
    from shop.sales import Line, Sale, record_sale
    from shop.staff import list_staff

    clerks = {member.store_id: member.staff_id for member in list_staff() if member.role == "staff"}
    started = now()
    try:
        for number, (contact, days_ago, store, lines, payment, redeem) in enumerate(DEMO_SALES):
            member_id = _member_id(contact)
            set_clock(lambda days=days_ago: started - timedelta(days=days))
            items = tuple(Line(category, name, quantity, yuan * 100) for category, name, quantity, yuan in lines)
            record_sale(Sale(store, clerks[store], items, payment, member_id, redeem), f"demo-sale-{number}")
    finally:
        set_clock(None)


def seed_rewards_and_rules() -> None:
    """The rewards catalog, a bonus event around today, and coupons two members have taken."""
    from datetime import timedelta

    from shop.dates import today
    from shop.rewards import RewardDetails, add_reward, redeem
    from shop.rules import BonusEvent, load_rules, save_rules
    from shop.tables import Reward, RuleSet

    for reward_id, name_zh, name_en, kind, points, yuan, tiers, stock, limit in DEMO_REWARDS:
        if not _exists_in_chain(Reward, reward_id):
            details = RewardDetails(name_zh, name_en, kind, points, yuan * 100, tuple(tiers), stock, limit, 60)
            add_reward(details, actor="demo", actor_store=None, reward_id=reward_id)
    if not _exists(RuleSet, "loyalty"):
        on = today()
        event = BonusEvent(
            name_zh="店庆双倍积分",
            name_en="Anniversary double points",
            starts_on=on - timedelta(days=3),
            ends_on=on + timedelta(days=11),
            multiplier=2.0,
        )
        save_rules(load_rules().model_copy(update={"events": [event]}), actor="demo", actor_store=None)
    for contact, reward_id in DEMO_COUPONS:
        redeem(_member_id(contact), reward_id, f"demo-coupon-{reward_id}")


# Stored value: the top-up offers (pay, bonus, tier, in yuan), and who topped up and then paid from it:
# (contact, days ago, top-up in yuan, method, the bouquet paid from the balance days later, in yuan)
DEMO_CARD_PLANS = [
    {
        "name_zh": "周花卡 4次",
        "name_en": "Weekly flowers, 4 times",
        "item_id": "pink-tulips",
        "count": 4,
        "cadence": "weekly",
        "price_fen": 59_900,
    },
    {
        "name_zh": "月花卡 12次",
        "name_en": "Monthly flowers, a year",
        "item_id": "sunflowers",
        "count": 12,
        "cadence": "monthly",
        "price_fen": 238_800,
    },
]
DEMO_TOPUP_OFFERS = [(500, 50, None), (1000, 150, None), (3000, 600, "gold")]
DEMO_TOPUPS = [
    ("138 0013 8000", 40, 1000, "wechat-pay", 12, 268),
    ("emma.clarke@example.com", 15, 500, "alipay", 5, 188),
]


def seed_wallet() -> None:
    """The top-up offers (充1000送150), and two members' top-ups and a bouquet each paid from the
    balance, recorded once (the keys are fixed) on the days they happened."""
    from datetime import timedelta

    from shop.clock import now, set_clock
    from shop.sales import Line, Sale, record_sale
    from shop.staff import list_staff
    from shop.tables import RuleSet
    from shop.wallet import CardPlan, TopUpOffer, WalletRules, save_wallet_rules, top_up

    if not _exists(RuleSet, "wallet"):
        offers = [TopUpOffer(pay_fen=p * 100, bonus_fen=b * 100, tier=t) for p, b, t in DEMO_TOPUP_OFFERS]
        plans = [CardPlan(**plan) for plan in DEMO_CARD_PLANS]
        save_wallet_rules(WalletRules(offers=offers, card_plans=plans), actor="demo", actor_store=None)
    clerk = next(member for member in list_staff() if member.role == "staff" and member.store_id == "jingan")
    started = now()
    try:
        for number, (contact, days, yuan, method, paid_days, bouquet) in enumerate(DEMO_TOPUPS):
            member_id = _member_id(contact)
            set_clock(lambda days=days: started - timedelta(days=days))
            top_up(member_id, yuan * 100, method, clerk.staff_id, "jingan", f"demo-topup-{number}")
            set_clock(lambda days=paid_days: started - timedelta(days=days))
            sale = Sale(
                "jingan", clerk.staff_id, (Line("bouquet", "时令花束", 1, bouquet * 100),), "stored-value", member_id
            )
            record_sale(sale, f"demo-wallet-sale-{number}")
    finally:
        set_clock(None)


# Flower cards: (buyer's contact, catalog item, count, cadence, store, window, mode, days until the
# first, the recipient for a family card, its card, price in yuan)
DEMO_FLOWER_CARDS = [
    ("186 2171 3344", "pink-tulips", 4, "weekly", "xuhui", "16:00-18:00", "pickup", 3, None, None, 599),
    (
        "139 1234 5678",
        "sunflowers",
        12,
        "monthly",
        "xuhui",
        "10:00-12:00",
        "delivery",
        5,
        {
            "name": "王妈妈",
            "phone": "13916880000",
            "address": {
                "province": "上海市",
                "city": "上海市",
                "district": "徐汇区",
                "street": "天平路200弄",
                "building_room": "5号 301",
            },
        },
        "妈妈，这个月的花到了，想您。",
        2_388,
    ),
]


def seed_flower_cards() -> None:
    """A weekly card and a family card (a son in Beijing sends his mother flowers every month),
    sold once each (the keys are fixed)."""
    from datetime import timedelta

    from shop.dates import today
    from shop.staff import list_staff
    from shop.subscriptions import Plan, sell

    clerk = next(member for member in list_staff() if member.role == "staff" and member.store_id == "xuhui")
    for number, (contact, item, count, cadence, store, window, mode, days, recipient, card, yuan) in enumerate(
        DEMO_FLOWER_CARDS
    ):
        plan = Plan(
            item, count, cadence, store, window, mode, today() + timedelta(days=days), recipient, card, bool(recipient)
        )
        sell(_member_id(contact), plan, yuan * 100, "wechat-pay", clerk.staff_id, store, f"demo-card-{number}")


# A company ordering on account (月结): its details, the member allowed to order, and this month's orders
DEMO_COMPANY = (
    "静安科技有限公司",
    "上海静安科技有限公司",
    "91310106MA1FL1234X",
    "上海市静安区南京西路1000号20楼",
    "行政部 刘女士",
    "021-6288 1234",
)
DEMO_COMPANY_ORDERS = [("前台每周花艺", 380), ("会议室桌花 ×4", 520)]


def seed_company() -> None:
    """A company with a standing discount and a credit limit, and two orders on its account."""
    from shop.companies import CompanyDetails, add_company, list_companies, order_on_account
    from shop.sales import Line

    if not any(company.name == DEMO_COMPANY[0] for company in list_companies()):
        details = CompanyDetails(*DEMO_COMPANY, 10, 2_000_000, 3, (_member_id("138 0013 8000"),))
        add_company(details, actor="demo", actor_store=None)
    company = next(company for company in list_companies() if company.name == DEMO_COMPANY[0])
    clerk = _member_id_of_clerk()
    for number, (name, yuan) in enumerate(DEMO_COMPANY_ORDERS):
        lines = [Line("event-arrangement", name, 1, yuan * 100)]
        order_on_account(company.company_id, None, lines, clerk, "jingan", f"demo-company-{number}")


def _exists_in_chain(model, key: str) -> bool:
    try:
        model.get("chain", key)
        return True
    except DoesNotExist:
        return False


def seed_bookings() -> None:
    """The catalog, members' bookings for the coming days and Christmas Eve, and a phone order."""
    from datetime import timedelta

    from shop.booking_rules import load_booking_rules
    from shop.bookings import Ask
    from shop.catalog import ItemDetails, add_item
    from shop.dates import today
    from shop.tables import CatalogItem

    for item_id, kind, zh, en, yuan, drawing, recipe, deliverable, occasions in DEMO_CATALOG:
        if not _exists_in_chain(CatalogItem, item_id):
            details = ItemDetails(kind, zh, en, yuan * 100, drawing, tuple(recipe), deliverable, tuple(occasions))
            add_item(details, actor="demo", actor_store=None, item_id=item_id)
    rules, on = load_booking_rules(), today()

    def day_of(when):
        if isinstance(when, int):
            return on + timedelta(days=when)
        peak = next(p for p in rules.peak_days if p.key == when)
        found = peak.on(on.year)
        return found if found and found > on else peak.on(on.year + 1)

    for key, contact, when, window, mode, item, occasion, card in DEMO_BOOKINGS:
        member_id = _member_id(contact)
        recipient = DEMO_RECIPIENT if mode == "delivery" else None
        ask = Ask("jingan", day_of(when), window, mode, ((item, 1),), occasion, recipient, card, member_id=member_id)
        _book_once(ask, member_id, f"demo-booking-{key}", "self")
    clerk = _member_id_of_clerk()
    phone_order = Ask(
        "jingan",
        day_of("christmas-eve"),
        "12:00-14:00",
        "delivery",
        (("red-roses-11", 2),),
        "love",
        {"name": "赵女士", "phone": "137 0000 1111", "address": DEMO_RECIPIENT["address"]},
        "圣诞快乐",
        customer={"name": "赵女士", "phone": "+8613700001111"},
        payment={"status": "deposit", "method": "wechat-pay", "deposit_fen": 10_000},
    )
    _book_once(phone_order, clerk, "demo-booking-phone", f"staff#{clerk}")


def _book_once(ask, principal: str, key: str, by: str) -> None:
    """A demo booking, once: on a later day its date (tomorrow, ...) moves, and the one made on
    the first day stays."""
    from shop.bookings import create_booking
    from shop.idempotency import KeyReused

    try:
        create_booking(ask, principal, key, by)
    except KeyReused:
        pass


def seed_occasions() -> None:
    """Each member's notebook, once (a member who already has entries keeps them)."""
    from shop.occasions import add_occasion
    from shop.tables import Occasion

    for contact, person, relationship, kind, calendar, month, day, ahead, flowers in DEMO_OCCASIONS:
        member_id = _member_id(contact)
        if any(o.person == person and o.kind == kind for o in Occasion.query(member_id)):
            continue
        fields = {"person": person, "relationship": relationship, "kind": kind, "remind_days": ahead}
        fields |= {"flowers": flowers, "label": "教师节" if kind == "custom" else None}
        add_occasion(member_id, fields | {"date": {"calendar": calendar, "month": month, "day": day}})


# Bought for a festival last year (so the daily job invites them back): (contact, festival, item, mode)
DEMO_FESTIVAL_BUYERS = [
    ("136 6188 2020", "mothers-day", "carnations-mum", "pickup"),
    ("138 0013 8000", "mothers-day", "white-lilies", "pickup"),
    ("139 1234 5678", "qixi", "red-roses-33", "delivery"),
]


def seed_festival_history() -> None:
    """Last year's festival bookings, made and handed over as the shop would have then (the
    clock set back), which leave this year's invitations in the daily job's index."""
    from datetime import datetime, timedelta

    from shop.booking_rules import load_booking_rules
    from shop.bookings import Ask, change_status, find_booking
    from shop.clock import set_clock
    from shop.dates import today
    from shop.sales import derived_id
    from shop.settings import get_settings

    rules, on, zone, clerk = load_booking_rules(), today(), get_settings().time_zone, _member_id_of_clerk()
    for contact, festival, item, mode in DEMO_FESTIVAL_BUYERS:
        peak = next(p for p in rules.peak_days if p.key == festival)
        day = peak.on(on.year) if peak.on(on.year) < on else peak.on(on.year - 1)
        member_id = _member_id(contact)
        recipient = DEMO_RECIPIENT if mode == "delivery" else None
        ask = Ask("jingan", day, "14:00-16:00", mode, ((item, 1),), None, recipient, None, member_id=member_id)
        key = f"demo-festival-{festival}-{day.year}"
        try:
            set_clock(
                lambda day=day: (
                    datetime.combine(day - timedelta(days=10), datetime.min.time(), zone) + timedelta(hours=10)
                )
            )
            _book_once(ask, member_id, key, "self")
            set_clock(lambda day=day: datetime.combine(day, datetime.min.time(), zone) + timedelta(hours=11))
            booked = find_booking(derived_id(member_id, f"booking:{key}"))
            if booked is not None and booked.status != "completed":
                change_status(booked.booking_id, "completed", clerk, None)
        finally:
            set_clock(None)


# Plants members added on "my plants" (those bought at the counter come with the demo sales):
# (contact, guide, nickname, days since it came home, days since last watered or None, digest)
DEMO_PLANTS = [
    ("186 2171 3344", "monstera", "客厅的龟背竹", 60, 9, "monthly"),
    ("emma.clarke@example.com", "peace-lily", "Office peace lily", 45, 2, "weekly"),
    ("emma.clarke@example.com", "succulents", None, 120, 15, "weekly"),
]


def seed_plants() -> None:
    """Plants members keep, once (a member with that plant already keeps theirs)."""
    from datetime import timedelta

    from shop.dates import today
    from shop.plants import add_plant, care_done, set_digest
    from shop.tables import Member, Plant

    for contact, guide, nickname, days, watered, digest in DEMO_PLANTS:
        member = Member.get(_member_id(contact))
        if any(plant.guide == guide for plant in Plant.query(member.member_id)):
            continue
        if member.care_digest != digest:
            set_digest(member, digest, today())
        plant = add_plant(member, guide, nickname, today() - timedelta(days=days))
        if watered is not None:
            care_done(member.member_id, plant.plant_id, "water", today() - timedelta(days=watered))


# Staff's own tags and members' ratings of their recent purchases: (contact, tags); (contact, rating, comment)
DEMO_TAGS = [("138 0013 8000", ["爱百合", "办公室周花"]), ("139 1234 5678", ["纪念日客户"])]
DEMO_RATINGS = [
    ("138 0013 8000", 5, "百合开得很好，办公室都是香味"),
    ("186 2171 3344", 2, "郁金香第二天就蔫了"),
    ("emma.clarke@example.com", 4, "Lovely sunflowers, well wrapped"),
]
DEMO_SEGMENT = "上次母亲节买过·之后未预订"


def seed_insight() -> None:
    """Staff's tags, ratings (one low, with its follow-up open), last year's Mother's Day buyers
    who have not booked this year as a counted segment, a draft campaign to them, and the
    members' census for the dashboard."""
    from datetime import timedelta

    from shop.booking_rules import load_booking_rules
    from shop.campaigns import CampaignDetails, create_campaign, list_campaigns
    from shop.dates import today
    from shop.feedback import AlreadyRated, rate
    from shop.reports import take_census
    from shop.segments import Criteria, evaluate, list_segments, save_segment
    from shop.tables import Purchase
    from shop.tags import set_tags

    for contact, tags in DEMO_TAGS:
        set_tags(_member_id(contact), tags, "demo", None)
    for contact, rating, comment in DEMO_RATINGS:
        member_id = _member_id(contact)
        latest = max(Purchase.by_member.query(member_id), key=lambda p: p.sold_at)
        try:
            rate(member_id, f"purchase#{latest.purchase_id}", rating, comment)
        except AlreadyRated:
            pass
    on = today()
    segment = next((s for s in list_segments() if s.name == DEMO_SEGMENT), None)
    if segment is None:
        mothers_day = next(p for p in load_booking_rules().peak_days if p.key == "mothers-day")
        last = mothers_day.on(on.year) if mothers_day.on(on.year) <= on else mothers_day.on(on.year - 1)
        # bought for the last Mother's Day, and no booking made since: invite them for the next one
        criteria = Criteria(festivals=[f"mothers-day#{last.year}"], no_booking_since=last + timedelta(days=1))
        segment = save_segment(DEMO_SEGMENT, criteria, "demo")
        evaluate(segment.segment_id, segment.run_id)  # at once, so the page shows it counted
    if not list_campaigns():
        details = CampaignDetails(
            "母亲节早鸟邀请",
            segment.segment_id,
            "sms",
            "{{ name }}，今年母亲节的花可以预订了：{{ offer }}，{{ until }}前有效。{{ link }}",
            "{{ name }}, Mother's Day flowers can be booked now: {{ offer }}, until {{ until }}. {{ link }}",
            {"kind": "points", "multiplier": 2},
            on + timedelta(days=7),
            10,
            14,
        )
        create_campaign(details, "demo", None)
    take_census()


def _member_id_of_clerk() -> str:
    from shop.staff import list_staff

    return next(member.staff_id for member in list_staff() if member.role == "staff" and member.store_id == "jingan")


def seed_demo_shop(progress=None) -> None:
    seed_stores_and_staff()
    if progress:
        progress()
    for entry in DEMO_MEMBERS:
        seed_member(entry)
        if progress:
            progress()
    seed_sales()
    if progress:
        progress()
    seed_rewards_and_rules()
    if progress:
        progress()
    seed_bookings()
    seed_festival_history()
    seed_occasions()
    seed_plants()
    seed_wallet()
    seed_flower_cards()
    seed_company()
    seed_insight()
    if progress:
        progress()


SEED_STEPS = 4 + len(DEMO_MEMBERS)
