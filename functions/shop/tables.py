"""The pynamodb models, one table per aggregate, and the one function that binds them to tables.

Table names come from template.yaml through environment variables (MEMBERS_TABLE, ...), so a
model's `Meta.table_name` starts empty and `bind_tables()` fills it once, at start.
"""

from __future__ import annotations

from functools import lru_cache

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.connection import Connection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from shop.settings import get_settings


class ShopModel(Model):
    """A model whose table is named by template.yaml; `table` is the template's logical name."""

    table: str = ""

    class Meta:
        table_name: str | None = None


# --- Members and how to reach them ------------------------------------------------------------


class Birthday(MapAttribute):
    calendar = UnicodeAttribute()  # solar | lunar
    month = NumberAttribute()
    day = NumberAttribute()
    leap_month = BooleanAttribute(default=False)
    year = NumberAttribute(null=True)


class Consent(MapAttribute):
    granted = BooleanAttribute()
    at = UTCDateTimeAttribute()
    source = UnicodeAttribute()  # where it was given: join page, profile, counter, opt-out link


class MarketingConsent(MapAttribute):
    """Consent to marketing, per channel, with when and where it was given or withdrawn."""

    sms = Consent(null=True)
    email = Consent(null=True)


class Preferences(MapAttribute):
    flowers = ListAttribute(of=UnicodeAttribute, default=list)
    colours = ListAttribute(of=UnicodeAttribute, default=list)
    styles = ListAttribute(of=UnicodeAttribute, default=list)
    budget = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)


class Sensitive(MapAttribute):
    """Allergies and pets: sensitive personal information, kept only with its own consent."""

    consented_at = UTCDateTimeAttribute()
    allergies = ListAttribute(of=UnicodeAttribute, default=list)
    pets = ListAttribute(of=UnicodeAttribute, default=list)


class StaffNote(MapAttribute):
    at = UTCDateTimeAttribute()
    by = UnicodeAttribute()  # staff id
    by_name = UnicodeAttribute()
    store = UnicodeAttribute(null=True)
    text = UnicodeAttribute()


class ByLastFour(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_last4"
        projection = AllProjection()

    search_last4 = UnicodeAttribute(hash_key=True)


class ByName(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_name"
        projection = AllProjection()

    search_name_key = UnicodeAttribute(hash_key=True)
    search_name = UnicodeAttribute(range_key=True)


class ByInitials(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_initials"
        projection = AllProjection()

    search_initials_key = UnicodeAttribute(hash_key=True)
    search_initials = UnicodeAttribute(range_key=True)


class Member(ShopModel):
    table = "Members"

    class Meta:
        table_name = None

    member_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    salutation = UnicodeAttribute(null=True)  # how to address them: 张姐, 王先生
    contacts = ListAttribute(of=UnicodeAttribute, default=list)
    birthday = Birthday(null=True)
    preferences = Preferences(null=True)
    sensitive = Sensitive(null=True)
    marketing = MarketingConsent(default=MarketingConsent)
    lang = UnicodeAttribute(default="zh")
    home_store = UnicodeAttribute(null=True)
    invited_by = UnicodeAttribute(null=True)  # the staff member who invited them
    age_confirmed_at = UTCDateTimeAttribute(null=True)
    joined_at = UTCDateTimeAttribute()
    notes = ListAttribute(of=StaffNote, default=list)
    erased_at = UTCDateTimeAttribute(null=True)
    # Raised on logout or erasure; a session token carrying an older version is refused.
    token_version = NumberAttribute(default=1)
    # Points and spend.
    buckets = MapAttribute(default=dict)  # expiry day (YYYY-MM-DD) -> spendable points
    debt = NumberAttribute(default=0)  # points a refund took back after they were spent
    spend_by_month = MapAttribute(default=dict)  # YYYY-MM -> fen spent, for the rolling 12 months
    purchase_count = NumberAttribute(default=0)
    first_purchase_day = UnicodeAttribute(null=True)
    last_purchase_day = UnicodeAttribute(null=True)
    categories = ListAttribute(of=UnicodeAttribute, default=list)  # bought at least once
    purchase_days = ListAttribute(of=UnicodeAttribute, default=list)  # the last 12 days they bought on
    occasion_purchases = NumberAttribute(default=0)  # purchases that were bookings for an occasion
    tier = UnicodeAttribute(default="regular")
    tier_reviewed_on = UnicodeAttribute(null=True)
    tier_override = MapAttribute(null=True)  # a manager's tier: {tier, reason, until, by}
    rewards_taken = MapAttribute(default=dict)  # reward id -> coupons taken, for per-member limits
    referral_code = UnicodeAttribute(null=True)  # their own code for inviting friends
    referred_by = UnicodeAttribute(null=True)  # the member whose code they joined with
    care_digest = UnicodeAttribute(default="monthly")  # their plants' care digest: monthly | weekly | off
    wallet_principal = NumberAttribute(default=0)  # stored value paid in, not yet spent (fen)
    wallet_bonus = NumberAttribute(default=0)  # stored value given with top-ups, not yet spent (fen)
    # What staff and the campaigns know of them (issue 8): their own tags, kept by staff, and the
    # summary the automatic tags and segments are computed from.
    tags = ListAttribute(of=UnicodeAttribute, default=list)  # staff's tags: 爱百合, 婚礼客户
    first_purchase_fen = NumberAttribute(null=True)  # the first purchase's total
    category_counts = MapAttribute(default=dict)  # category -> purchases that had it
    festivals = UnicodeSetAttribute(null=True)  # <festival>#<year> booked or bought for: mothers-day#2025
    last_booked_on = UnicodeAttribute(null=True)  # the last day they made a booking
    campaigns = MapAttribute(default=dict)  # campaign id -> {group, until, multiplier, converted}
    # Every full write of a member is conditional on the version it read (optimistic locking).
    version = VersionAttribute()
    # Search keys, derived from the name and phone whenever they change (sparse indexes).
    search_last4 = UnicodeAttribute(null=True)
    search_name_key = UnicodeAttribute(null=True)
    search_name = UnicodeAttribute(null=True)
    search_initials_key = UnicodeAttribute(null=True)
    search_initials = UnicodeAttribute(null=True)
    by_last4 = ByLastFour()
    by_name = ByName()
    by_initials = ByInitials()


class Contact(ShopModel):
    """A phone number (E.164) or email address that belongs to exactly one member."""

    table = "Contacts"

    class Meta:
        table_name = None

    contact = UnicodeAttribute(hash_key=True)
    member_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # phone | email | referral (key ref:<CODE>, keeps codes unique)
    verified_at = UTCDateTimeAttribute()
    joined = NumberAttribute(default=0)  # referral codes: members who joined with it


# --- Stores and staff -------------------------------------------------------------------------


class Store(ShopModel):
    table = "Stores"

    class Meta:
        table_name = None

    chain = UnicodeAttribute(hash_key=True, default="chain")  # one partition: the list is a Query
    store_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    address = UnicodeAttribute()
    phone = UnicodeAttribute()
    hours = UnicodeAttribute()  # opening hours as the shop writes them: 每天 9:00-21:00
    created_at = UTCDateTimeAttribute()


class ByStore(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_store"
        projection = AllProjection()

    store_id = UnicodeAttribute(hash_key=True)


class StaffMember(ShopModel):
    table = "Staff"

    class Meta:
        table_name = None

    staff_id = UnicodeAttribute(hash_key=True)
    contact = UnicodeAttribute()  # E.164 phone or lower-case email, their own
    name = UnicodeAttribute()
    role = UnicodeAttribute()  # staff | manager
    store_id = UnicodeAttribute()
    active = BooleanAttribute(default=True)
    token_version = NumberAttribute(default=1)
    created_at = UTCDateTimeAttribute()
    by_store = ByStore()


class StaffContact(ShopModel):
    """Keeps a staff contact unique and finds its owner at sign-in: staff_id = contact#<contact>."""

    table = "Staff"

    class Meta:
        table_name = None

    staff_id = UnicodeAttribute(hash_key=True)
    owner = UnicodeAttribute()


# --- Points: the ledger, sales, per-store counters, rules -----------------------------------


class LedgerEntry(ShopModel):
    """One movement of points, keyed by its source (earn#<purchase>, redeem#<purchase>, ...):
    written with attribute_not_exists, so a source moves points once."""

    table = "Ledger"

    class Meta:
        table_name = None

    member_id = UnicodeAttribute(hash_key=True)
    source = UnicodeAttribute(range_key=True)
    at = UTCDateTimeAttribute()
    kind = UnicodeAttribute()  # earn | redeem | refund | lapse | adjust | reward | referral
    points = NumberAttribute()  # signed
    reason = UnicodeAttribute(null=True)
    purchase_id = UnicodeAttribute(null=True)
    rules = ListAttribute(of=MapAttribute, default=list)  # [{rule, points}] for an earn
    balance_after = NumberAttribute()


class PurchaseLine(MapAttribute):
    category = UnicodeAttribute()
    name = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_fen = NumberAttribute()


class ByMember(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_member"
        projection = AllProjection()

    member_id = UnicodeAttribute(hash_key=True)
    sold_at = UTCDateTimeAttribute(range_key=True)


class Purchase(ShopModel):
    table = "Purchases"

    class Meta:
        table_name = None

    purchase_id = UnicodeAttribute(hash_key=True)
    member_id = UnicodeAttribute(null=True)  # none for a walk-in
    store_id = UnicodeAttribute()
    staff_id = UnicodeAttribute()
    sold_at = UTCDateTimeAttribute()
    lines = ListAttribute(of=PurchaseLine)
    payment_method = UnicodeAttribute()
    subtotal_fen = NumberAttribute()
    discount_fen = NumberAttribute()
    redeemed_points = NumberAttribute(default=0)
    redeemed_fen = NumberAttribute(default=0)
    total_fen = NumberAttribute()
    points_earned = NumberAttribute(default=0)
    points_taken_back = NumberAttribute(default=0)
    refunded_fen = NumberAttribute(default=0)
    note = UnicodeAttribute(null=True)
    fingerprint = UnicodeAttribute(null=True)  # what was asked: a reused key with another sale is refused
    coupon = MapAttribute(null=True)  # the coupon used: {code, kind, name_zh, name_en, off_fen}
    campaigns = ListAttribute(of=UnicodeAttribute, default=list)  # campaign#group it counted for
    by_member = ByMember()


class StoreDayStats(ShopModel):
    """Per-store, per-day counters, sharded (a random shard of N) and summed when read."""

    table = "Stats"

    class Meta:
        table_name = None

    key = UnicodeAttribute(hash_key=True)  # <store>#<day>
    shard = NumberAttribute(range_key=True)
    sales_fen = NumberAttribute(default=0)
    purchases = NumberAttribute(default=0)
    members_served = NumberAttribute(default=0)
    points_issued = NumberAttribute(default=0)
    points_redeemed = NumberAttribute(default=0)
    joins = NumberAttribute(default=0)  # members who joined at this store
    active_members = NumberAttribute(default=0)  # members' first purchase of the month
    repeat_members = NumberAttribute(default=0)  # members' second purchase day of the month
    refunded_fen = NumberAttribute(default=0)
    tier_ups = NumberAttribute(default=0)
    tier_downs = NumberAttribute(default=0)
    ratings = NumberAttribute(default=0)
    rating_sum = NumberAttribute(default=0)
    ratings_low = NumberAttribute(default=0)  # 2 or less
    # sales by category and by payment method (fen): one attribute each, so a sale adds to them
    sales_bouquet = NumberAttribute(default=0)
    sales_cut_flowers = NumberAttribute(default=0)
    sales_potted_plant = NumberAttribute(default=0)
    sales_event_arrangement = NumberAttribute(default=0)
    sales_accessory = NumberAttribute(default=0)
    sales_delivery_fee = NumberAttribute(default=0)
    paid_wechat_pay = NumberAttribute(default=0)
    paid_alipay = NumberAttribute(default=0)
    paid_cash = NumberAttribute(default=0)
    paid_bank_card = NumberAttribute(default=0)
    paid_stored_value = NumberAttribute(default=0)
    paid_on_account = NumberAttribute(default=0)
    paid_other = NumberAttribute(default=0)


class CampaignStats(ShopModel):
    """A campaign's results, sharded like the stores' counters: the contacted and held-out
    groups' sizes, conversions and revenue within the attribution window."""

    table = "Stats"

    class Meta:
        table_name = None

    key = UnicodeAttribute(hash_key=True)  # campaign#<id>
    shard = NumberAttribute(range_key=True)
    contacted = NumberAttribute(default=0)
    delivered = NumberAttribute(default=0)
    contacted_converted = NumberAttribute(default=0)
    contacted_revenue_fen = NumberAttribute(default=0)
    held_out = NumberAttribute(default=0)
    held_out_converted = NumberAttribute(default=0)
    held_out_revenue_fen = NumberAttribute(default=0)
    no_consent = NumberAttribute(default=0)
    capped = NumberAttribute(default=0)


class RuleSet(ShopModel):
    table = "Rules"

    class Meta:
        table_name = None

    rule_set = UnicodeAttribute(hash_key=True)
    document = UnicodeAttribute()  # the rules as JSON (shop.rules.LoyaltyRules)
    changed_at = UTCDateTimeAttribute()
    changed_by = UnicodeAttribute()


class Reward(ShopModel):
    """An item of the rewards catalog: one partition for the chain, so the list is a Query."""

    table = "Rewards"

    class Meta:
        table_name = None

    chain = UnicodeAttribute(hash_key=True, default="chain")
    reward_id = UnicodeAttribute(range_key=True)
    name_zh = UnicodeAttribute()
    name_en = UnicodeAttribute()
    kind = UnicodeAttribute()  # gift | packaging-upgrade | free-delivery | money-off | workshop
    points_cost = NumberAttribute()
    value_fen = NumberAttribute(default=0)  # money-off and free-delivery
    eligible_tiers = ListAttribute(of=UnicodeAttribute, default=list)  # empty: every tier
    stock = NumberAttribute(null=True)  # none: unlimited
    per_member_limit = NumberAttribute(null=True)  # none: no limit
    valid_days = NumberAttribute(default=90)
    active = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute()


class CouponsByMember(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_member"
        projection = AllProjection()

    member_id = UnicodeAttribute(hash_key=True)
    issued_at = UTCDateTimeAttribute(range_key=True)


class Coupon(ShopModel):
    """A reward a member took with points: a code staff take at the counter, used once."""

    table = "Coupons"

    class Meta:
        table_name = None

    code = UnicodeAttribute(hash_key=True)
    member_id = UnicodeAttribute()
    reward_id = UnicodeAttribute()
    redemption_id = UnicodeAttribute()
    name_zh = UnicodeAttribute()
    name_en = UnicodeAttribute()
    kind = UnicodeAttribute()
    value_fen = NumberAttribute(default=0)
    points = NumberAttribute()
    issued_at = UTCDateTimeAttribute()
    expires_on = UnicodeAttribute()  # the last business day it can be used (YYYY-MM-DD)
    status = UnicodeAttribute(default="issued")  # issued | used
    used_at = UTCDateTimeAttribute(null=True)
    purchase_id = UnicodeAttribute(null=True)
    by_member = CouponsByMember()


# --- Bookings: the catalog, places per slot, bookings, the recipients a member sends to -------


class CatalogItem(ShopModel):
    """A bouquet style or a potted plant to book: one partition for the chain."""

    table = "Catalog"

    class Meta:
        table_name = None

    chain = UnicodeAttribute(hash_key=True, default="chain")
    item_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()  # bouquet | potted-plant
    name_zh = UnicodeAttribute()
    name_en = UnicodeAttribute()
    description_zh = UnicodeAttribute(null=True)
    description_en = UnicodeAttribute(null=True)
    price_fen = NumberAttribute()
    illustration = UnicodeAttribute()
    recipe = ListAttribute(of=MapAttribute, default=list)  # [{variety, stems}]
    deliverable = BooleanAttribute(default=True)
    occasions = ListAttribute(of=UnicodeAttribute, default=list)
    active = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute()


class Slot(ShopModel):
    """Places taken in one window of one day at one store, per mode; the item exists once a
    place is taken (a month of a store is one Query). `*_general` counts places taken by
    members who are not Gold: on a peak day they may not take the Gold share."""

    table = "Slots"

    class Meta:
        table_name = None

    store_id = UnicodeAttribute(hash_key=True)
    slot = UnicodeAttribute(range_key=True)  # <YYYY-MM-DD>#<HH:MM-HH:MM>
    pickup_taken = NumberAttribute(default=0)
    pickup_general = NumberAttribute(default=0)
    delivery_taken = NumberAttribute(default=0)
    delivery_general = NumberAttribute(default=0)


class ByStoreDay(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_store_day"
        projection = AllProjection()

    store_day = UnicodeAttribute(hash_key=True)  # <store>#<YYYY-MM-DD>
    window_booking = UnicodeAttribute(range_key=True)  # <window>#<booking id>


class BookingsByMember(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_member"
        projection = AllProjection()

    member_id = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)


class Booking(ShopModel):
    table = "Bookings"

    class Meta:
        table_name = None

    booking_id = UnicodeAttribute(hash_key=True)  # derived from who asked and the request key
    member_id = UnicodeAttribute(null=True)  # none: a customer who is not a member
    customer = MapAttribute(null=True)  # {name, phone} for a staff-entered order without a member
    store_id = UnicodeAttribute()
    day = UnicodeAttribute()
    window = UnicodeAttribute()
    mode = UnicodeAttribute()  # pickup | delivery
    place = UnicodeAttribute()  # general | gold: which places it took
    items = ListAttribute(of=MapAttribute)  # [{item_id, name_zh, name_en, quantity, unit_fen, kind, recipe}]
    occasion = UnicodeAttribute(null=True)
    occasion_id = UnicodeAttribute(null=True)  # the notebook's entry it was booked for
    recipient = MapAttribute(null=True)  # {name, phone, address: {province, city, district, street, building_room}}
    card_message = UnicodeAttribute(null=True)
    options = MapAttribute(default=dict)  # {anonymous, no_call}
    notes = UnicodeAttribute(null=True)
    price = MapAttribute(
        default=dict
    )  # {subtotal_fen, early_bird_fen, discount_percent, discount_fen, total_fen, points}
    warnings = ListAttribute(of=MapAttribute, default=list)  # [{kind, item_id, code}]
    payment = MapAttribute(default=dict)  # {status, method, deposit_fen}
    status = UnicodeAttribute()
    hold_until = UTCDateTimeAttribute(null=True)
    history = ListAttribute(of=MapAttribute, default=list)  # [{at, status, by, reason}]
    photos = MapAttribute(default=dict)  # {before: key, handover: key} in the photos bucket
    purchase_id = UnicodeAttribute(null=True)
    subscription_id = UnicodeAttribute(null=True)  # a flower card's period: prepaid, no second sale
    company_id = UnicodeAttribute(null=True)  # a company's order: charged to its account when ordered
    fingerprint = UnicodeAttribute()
    created_by = UnicodeAttribute()  # self | staff#<id> | subscription
    created_at = UTCDateTimeAttribute()
    store_day = UnicodeAttribute()
    window_booking = UnicodeAttribute()
    version = VersionAttribute()
    by_store_day = ByStoreDay()
    by_member = BookingsByMember()


class Recipient(ShopModel):
    """Someone a member sends flowers to, with the address (decision 13: only for delivery and
    the member's own reminders)."""

    table = "Recipients"

    class Meta:
        table_name = None

    member_id = UnicodeAttribute(hash_key=True)
    recipient_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    address = MapAttribute(null=True)
    created_at = UTCDateTimeAttribute()


# --- The gift notebook: the people a member buys for, and their dates -------------------------


class OccasionDate(MapAttribute):
    calendar = UnicodeAttribute()  # solar | lunar
    month = NumberAttribute()
    day = NumberAttribute()
    leap_month = BooleanAttribute(default=False)
    year = NumberAttribute(null=True)


class Occasion(ShopModel):
    table = "Occasions"

    class Meta:
        table_name = None

    member_id = UnicodeAttribute(hash_key=True)
    occasion_id = UnicodeAttribute(range_key=True)
    person = UnicodeAttribute()
    relationship = UnicodeAttribute()
    kind = UnicodeAttribute()  # birthday | anniversary | memorial | custom
    label = UnicodeAttribute(null=True)
    date = OccasionDate()
    remind_days = NumberAttribute(default=7)
    flowers = ListAttribute(of=UnicodeAttribute, default=list)
    recipient_id = UnicodeAttribute(null=True)
    paused = BooleanAttribute(default=False)
    next_on = UnicodeAttribute()  # the next date (business time zone)
    created_at = UTCDateTimeAttribute()


# --- Stored value (储值): the member's principal and bonus move only with an entry here -------


class WalletEntry(ShopModel):
    """One movement of stored value, keyed by its source (topup#<id>, sale#<purchase>,
    refund#<n>): written with attribute_not_exists, so a source moves money once. Signed fen."""

    table = "Wallet"

    class Meta:
        table_name = None

    member_id = UnicodeAttribute(hash_key=True)
    source = UnicodeAttribute(range_key=True)
    at = UTCDateTimeAttribute()
    kind = UnicodeAttribute()  # topup | pay | refund
    principal = NumberAttribute()
    bonus = NumberAttribute()
    balance_after = NumberAttribute()
    method = UnicodeAttribute(null=True)  # how a top-up was paid (wechat-pay, cash, ...)
    purchase_id = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)  # a refund's reason, as staff typed it
    staff_id = UnicodeAttribute(null=True)
    store_id = UnicodeAttribute(null=True)


# --- Flower subscriptions (周花卡, 次卡) and family flower cards (亲情花卡) ----------------------


class Subscription(ShopModel):
    """A prepaid plan of `count` bouquets, one per period; each period becomes a booking."""

    table = "Subscriptions"

    class Meta:
        table_name = None

    member_id = UnicodeAttribute(hash_key=True)  # who paid (and is told of each delivery)
    subscription_id = UnicodeAttribute(range_key=True)
    purchase_id = UnicodeAttribute()  # the sale that paid for it
    item_id = UnicodeAttribute()  # the catalog item each period brings
    count = NumberAttribute()
    used = NumberAttribute(default=0)  # periods booked
    skipped = NumberAttribute(default=0)  # periods the member skipped (or missed while paused)
    cadence = UnicodeAttribute()  # weekly | fortnightly | monthly
    store_id = UnicodeAttribute()
    window = UnicodeAttribute()
    mode = UnicodeAttribute()  # pickup | delivery
    starts_on = UnicodeAttribute()
    next_on = UnicodeAttribute()  # the day of the next period to book
    skips = ListAttribute(of=UnicodeAttribute, default=list)  # period days the member skips
    paused = BooleanAttribute(default=False)
    cancelled = BooleanAttribute(default=False)
    recipient = MapAttribute(null=True)  # {name, phone, address}
    card_message = UnicodeAttribute(null=True)
    family = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()


# --- Corporate accounts (企业客户): orders on account, settled monthly ---------------------------


class Company(ShopModel):
    table = "Companies"

    class Meta:
        table_name = None

    chain = UnicodeAttribute(hash_key=True, default="chain")
    company_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    invoice_title = UnicodeAttribute()  # 发票抬头
    tax_id = UnicodeAttribute()  # 纳税人识别号
    address = UnicodeAttribute()
    contact_name = UnicodeAttribute()  # who confirms the monthly statement
    contact_phone = UnicodeAttribute()
    discount_percent = NumberAttribute(default=0)  # the standing discount
    credit_limit_fen = NumberAttribute(default=0)
    owed_fen = NumberAttribute(default=0)  # ordered on account, not yet paid
    rebate_percent = NumberAttribute(default=0)  # on the year's spend, instead of points
    spend_by_year = MapAttribute(default=dict)  # YYYY -> fen
    members = ListAttribute(of=UnicodeAttribute, default=list)  # members who may order on its account
    created_at = UTCDateTimeAttribute()


class CompanyEntry(ShopModel):
    """A company's order, payment or statement confirmation, under its month (`YYYY-MM#...`)."""

    table = "CompanyEntries"

    class Meta:
        table_name = None

    company_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)  # YYYY-MM#order#<purchase> | YYYY-MM#payment#<id> | YYYY-MM#confirmation
    kind = UnicodeAttribute()  # order | payment | confirmation
    at = UTCDateTimeAttribute()
    amount_fen = NumberAttribute()  # an order's total; a payment negative
    purchase_id = UnicodeAttribute(null=True)
    member_id = UnicodeAttribute(null=True)  # the company's member who ordered
    staff_id = UnicodeAttribute(null=True)
    store_id = UnicodeAttribute(null=True)


class Employee(ShopModel):
    """A company's employee whose birthday gets flowers on the company's account (the company's
    own list, uploaded by staff; not a member)."""

    table = "Employees"

    class Meta:
        table_name = None

    company_id = UnicodeAttribute(hash_key=True)
    employee_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    phone = UnicodeAttribute()
    address = MapAttribute()  # {province, city, district, street, building_room}
    month = NumberAttribute()
    day = NumberAttribute()
    plan = MapAttribute()  # {store_id, window, item_id, days_ahead, card_message}


# --- Plants a member owns, and their care (decision 9) -----------------------------------------


class Plant(ShopModel):
    """A potted plant a member keeps: bought at the counter (matched to a care guide) or added on
    "my plants". Its care is due on its guide's schedule, counted from the last time it was done."""

    table = "Plants"

    class Meta:
        table_name = None

    member_id = UnicodeAttribute(hash_key=True)
    plant_id = UnicodeAttribute(range_key=True)
    guide = UnicodeAttribute()  # the care guide's slug
    nickname = UnicodeAttribute(null=True)  # 客厅的绿萝
    acquired_on = UnicodeAttribute()
    source = UnicodeAttribute()  # counter | member
    purchase_id = UnicodeAttribute(null=True)  # the sale it came from
    watered_on = UnicodeAttribute(null=True)
    fed_on = UnicodeAttribute(null=True)
    water_snoozed_until = UnicodeAttribute(null=True)
    feed_snoozed_until = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


# --- Messages sent by the daily job (decision 7): at most once, under a deterministic key -------


class MessagesByMember(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_member"
        projection = AllProjection()

    member_id = UnicodeAttribute(hash_key=True)
    claimed_at = UTCDateTimeAttribute(range_key=True)


class MessagesByDay(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_day"
        projection = AllProjection()

    day = UnicodeAttribute(hash_key=True)
    claimed_at = UTCDateTimeAttribute(range_key=True)


class Message(ShopModel):
    table = "Messages"

    class Meta:
        table_name = None

    message_key = UnicodeAttribute(hash_key=True)  # <member>#<reason>#<due day>
    member_id = UnicodeAttribute()
    reason = UnicodeAttribute()  # points-notice:<expiry>, ...
    marketing = BooleanAttribute()
    template = UnicodeAttribute()
    channel = UnicodeAttribute(null=True)  # sms | email; none when skipped
    status = UnicodeAttribute()  # pending | sending | sent | failed | skipped
    why = UnicodeAttribute(null=True)  # why skipped: no-consent, cap, held-out, gone
    params = MapAttribute(default=dict)  # the template's words (a person's name, a coupon's code)
    tries = NumberAttribute(default=0)
    claimed_at = UTCDateTimeAttribute()
    sent_at = UTCDateTimeAttribute(null=True)
    day = UnicodeAttribute(null=True)  # the business day it was decided (the sent log of a day)
    by_member = MessagesByMember()
    by_day = MessagesByDay()


# --- Everything scheduled (decision 3) --------------------------------------------------------


class ByDue(GlobalSecondaryIndex):
    """Sparse: only items still to do carry `due_key` (<YYYY-MM-DD>#<shard>)."""

    class Meta:
        index_name = "by_due"
        projection = AllProjection()

    due_key = UnicodeAttribute(hash_key=True)
    reminder_id = UnicodeAttribute(range_key=True)


class Reminder(ShopModel):
    table = "Reminders"

    class Meta:
        table_name = None

    reminder_id = UnicodeAttribute(hash_key=True)  # <kind>#<member>#<what>
    kind = UnicodeAttribute()  # points-lapse | booking-reminder | booking-hold
    member_id = UnicodeAttribute()  # the member, or for a booking without a member, the booking
    due_on = UnicodeAttribute()
    due_key = UnicodeAttribute(null=True)  # removed when done: the item leaves the index
    done_at = UTCDateTimeAttribute(null=True)
    claimed_at = UTCDateTimeAttribute(null=True)  # a message is claimed before it is sent: at most once
    by_due = ByDue()


class DailyRun(ShopModel):
    """The daily job's own record: the last business day it finished."""

    table = "Reminders"

    class Meta:
        table_name = None

    reminder_id = UnicodeAttribute(hash_key=True)  # run#daily
    last_day = UnicodeAttribute()
    finished_at = UTCDateTimeAttribute()


# --- One-time codes and their limits (no contact is stored in clear here) --------------------


class SignInCode(ShopModel):
    table = "AuthCodes"

    class Meta:
        table_name = None

    key = UnicodeAttribute(hash_key=True)  # code#<purpose>#<keyed digest of the contact>
    code_hash = UnicodeAttribute()
    tries = NumberAttribute(default=0)
    expires_at = TTLAttribute()


class SendLog(ShopModel):
    """When codes were sent to one contact or one client address, for the rate limits."""

    table = "AuthCodes"

    class Meta:
        table_name = None

    key = UnicodeAttribute(hash_key=True)  # sends#contact#<digest> | sends#address#<digest>
    sent_at = ListAttribute(of=NumberAttribute, default=list)
    version = VersionAttribute()
    expires_at = TTLAttribute()


class DailyBudget(ShopModel):
    table = "AuthCodes"

    class Meta:
        table_name = None

    key = UnicodeAttribute(hash_key=True)  # budget#<channel>#<business day>
    used = NumberAttribute(default=0)
    expires_at = TTLAttribute()


# --- Who did what, when -----------------------------------------------------------------------


class AuditEntry(ShopModel):
    table = "Audit"

    class Meta:
        table_name = None

    subject = UnicodeAttribute(hash_key=True)  # member#<id>, staff#<id>, ...
    entry = UnicodeAttribute(range_key=True)  # <ISO time>#<random>
    action = UnicodeAttribute()
    actor = UnicodeAttribute()  # self, staff#<id>, system
    store = UnicodeAttribute(null=True)  # the store the actor works at
    details = MapAttribute(default=dict)


# --- Insight (issue 8): segments, campaigns, feedback and the stored report figures ------------


class Segment(ShopModel):
    """A manager's segment: its criteria, and the state of its latest evaluation (a background job
    over the members' summaries; its matches are kept in SegmentMembers under the run)."""

    table = "Segments"

    class Meta:
        table_name = None

    chain = UnicodeAttribute(hash_key=True, default="chain")
    segment_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    criteria = UnicodeAttribute()  # JSON (shop.segments.Criteria)
    status = UnicodeAttribute(default="queued")  # queued | running | ready | failed
    run_id = UnicodeAttribute(null=True)  # the run being evaluated, or the one ready
    done = NumberAttribute(default=0)  # parts of the members table read, of `parts`
    parts = NumberAttribute(default=0)
    count = NumberAttribute(null=True)
    sample = ListAttribute(of=UnicodeAttribute, default=list)  # a few member ids, for a preview
    evaluated_at = UTCDateTimeAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class SegmentMember(ShopModel):
    """One member matched by one evaluation run (ids only; the run expires after 30 days)."""

    table = "SegmentMembers"

    class Meta:
        table_name = None

    run = UnicodeAttribute(hash_key=True)  # <segment id>#<run id>
    member_id = UnicodeAttribute(range_key=True)
    expires_at = TTLAttribute()


class Campaign(ShopModel):
    table = "Campaigns"

    class Meta:
        table_name = None

    chain = UnicodeAttribute(hash_key=True, default="chain")
    campaign_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    segment_id = UnicodeAttribute()
    channel = UnicodeAttribute()  # sms | email | any: the members' consented channel
    text_zh = UnicodeAttribute()  # a message template with variables: {{ name }}, {{ offer }}, ...
    text_en = UnicodeAttribute()
    offer = MapAttribute(default=dict)  # {kind: none | coupon | points, reward_id, multiplier}
    send_on = UnicodeAttribute()
    holdout_percent = NumberAttribute()
    attribution_days = NumberAttribute()
    status = UnicodeAttribute(default="draft")  # draft | confirmed | sent | cancelled
    audience = NumberAttribute(null=True)  # members in the segment when it was sent
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    confirmed_by = UnicodeAttribute(null=True)
    confirmed_at = UTCDateTimeAttribute(null=True)
    sent_at = UTCDateTimeAttribute(null=True)


class FeedbackByMember(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_member"
        projection = AllProjection()

    member_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class OpenFollowUps(GlobalSecondaryIndex):
    class Meta:
        index_name = "open_follow_ups"
        projection = AllProjection()

    follow_up_store = UnicodeAttribute(hash_key=True)  # the store, while the follow-up is open
    created_at = UTCDateTimeAttribute(range_key=True)


class Feedback(ShopModel):
    """A member's rating of a purchase or a booking: one per thing rated."""

    table = "Feedback"

    class Meta:
        table_name = None

    feedback_id = UnicodeAttribute(hash_key=True)  # <member>#<purchase|booking>#<id>
    member_id = UnicodeAttribute()
    subject = UnicodeAttribute()  # purchase#<id> | booking#<id>
    store_id = UnicodeAttribute()
    rating = NumberAttribute()
    comment = UnicodeAttribute(null=True)
    what = UnicodeAttribute(null=True)  # what was rated, in words: 白色绣球花束
    subject_day = UnicodeAttribute(null=True)  # the day it was bought or delivered
    created_at = UTCDateTimeAttribute()
    suggestion = MapAttribute(null=True)  # {flower, kind: likes | avoid, status: open | accepted | dismissed}
    follow_up = MapAttribute(null=True)  # {status: open | closed, note, by, at}
    follow_up_store = UnicodeAttribute(null=True)
    by_member = FeedbackByMember()
    open_follow_ups = OpenFollowUps()


class ReportFigures(ShopModel):
    """Figures a background job computed for one day and one scope (a store or the chain): the
    members' census, the day's outreach. Read by the dashboard with a Query, never recomputed."""

    table = "Reports"

    class Meta:
        table_name = None

    key = UnicodeAttribute(hash_key=True)  # census#<store|chain> | outreach#chain
    day = UnicodeAttribute(range_key=True)
    figures = MapAttribute(default=dict)
    computed_at = UTCDateTimeAttribute()


MODELS: tuple[type[ShopModel], ...] = (
    Member,
    Contact,
    LedgerEntry,
    Purchase,
    StoreDayStats,
    RuleSet,
    Reward,
    Coupon,
    Reminder,
    DailyRun,
    CatalogItem,
    Slot,
    Booking,
    Recipient,
    Store,
    StaffMember,
    StaffContact,
    SignInCode,
    SendLog,
    DailyBudget,
    AuditEntry,
    Message,
    Occasion,
    Plant,
    WalletEntry,
    Subscription,
    Company,
    CompanyEntry,
    Employee,
    CampaignStats,
    Segment,
    SegmentMember,
    Campaign,
    Feedback,
    ReportFigures,
)


_botocore_session = None


def _one_botocore_session():
    """pynamodb opens a botocore session per model, and each loads DynamoDB's service model
    anew (about 0.2 s apiece); one shared session loads it once per container."""
    global _botocore_session
    if _botocore_session is None:
        from botocore.session import get_session

        _botocore_session = get_session()
    return _botocore_session


def bind_tables() -> None:
    """Point every model at the table the environment names, and drop cached connections."""
    import pynamodb.connection.base

    global _botocore_session
    _botocore_session = None  # a session keeps the endpoint it first read from the environment
    pynamodb.connection.base.get_session = _one_botocore_session
    settings = get_settings()
    for model in MODELS:
        model.Meta.table_name = settings.table_name(model.table)
        model._connection = None
    transaction_connection.cache_clear()
    import sys

    # caches bound to the old tables, in modules already loaded (a cold start loads neither)
    if "shop.idempotency" in sys.modules:
        sys.modules["shop.idempotency"].forget_layer()
    if "shop.rules" in sys.modules:
        sys.modules["shop.rules"].forget_rules()


@lru_cache(maxsize=1)
def transaction_connection() -> Connection:
    """The connection transactions go through (one client, not one per transaction)."""
    return Connection()
