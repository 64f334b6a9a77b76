"""The points function: a member's points, rewards, coupons and referral code; the counter's
sales, refunds and adjustments; stored value; corporate accounts; the rewards catalog and the
loyalty rules. The counter and the
rewards are imported by the routes that use them: a container serving points pages never loads them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from pydantic import StringConstraints

from points.requests import (
    AdjustmentRequest,
    BulkOrderRequest,
    CompanyOrderRequest,
    CompanyPaymentRequest,
    CompanyRequest,
    EmployeesRequest,
    RefundRequest,
    RewardChange,
    RewardRequest,
    SaleRequest,
    StatementConfirmation,
    TierRequest,
    TopUpRequest,
    WalletRefundRequest,
    WalletRulesRequest,
)
from shop.idempotency import once
from shop.points import member_for_points, points_view
from shop.rules import LoyaltyRules, load_rules
from web.access import MANAGER, MEMBER, PUBLIC, STAFF, principal, requires
from web.app import answer, handler_for, idempotency_key, make_app, request_lang
from web.requests import CodeWord, IdText, NoFields, fen
from web.views import qr_svg

app = make_app()


def _lang():
    return request_lang(app.current_event.headers)


def _site() -> str:
    from shop.settings import get_settings

    return get_settings().site_url or f"https://{app.current_event.request_context.domain_name}"


# --- the member's own ------------------------------------------------------------------------


@app.get("/api/me/points", middlewares=[requires(MEMBER)])
def my_points():
    return points_view(member_for_points(principal(app).id), load_rules(), _lang(), with_history=True)


@app.get("/api/me/rewards", middlewares=[requires(MEMBER)])
def my_rewards():
    from shop import rewards

    return rewards.rewards_for_member(principal(app).id, _lang())


@app.post("/api/me/rewards/<reward_id>/redemptions", middlewares=[requires(MEMBER)])
def redeem(reward_id: IdText, request: Annotated[NoFields | None, Body()] = None):
    from shop import rewards

    member_id, key = principal(app).id, idempotency_key(app)

    def run() -> dict:
        taken = rewards.redeem(member_id, reward_id, key)
        return {"coupon": rewards.coupon_view(taken["coupon"], _lang()), "balance": taken["balance"]}

    return answer(201, once(member_id, "reward", key, {"reward": reward_id}, run, app.lambda_context))


@app.get("/api/me/coupons", middlewares=[requires(MEMBER)])
def my_coupons():
    from shop import rewards

    return {"coupons": [rewards.coupon_view(c, _lang()) for c in rewards.member_coupons(principal(app).id)]}


@app.get("/api/me/coupons/<code>/qr", middlewares=[requires(MEMBER)])
def coupon_qr(code: CodeWord):
    from shop import rewards
    from shop.errors import NotFound

    coupon = rewards.find_coupon(code)
    if coupon.member_id != principal(app).id:
        raise NotFound()
    return qr_svg(coupon.code, coupon.name_zh)


@app.get("/api/me/referral", middlewares=[requires(MEMBER)])
def my_referral():
    from shop.referrals import joined_with, referral_code

    code = referral_code(principal(app).id)
    return {
        "code": code,
        "url": f"{_site()}/join/?ref={code}",
        "joined": joined_with(code),
        "bonus_points": load_rules().referral_bonus,
    }


@app.get("/api/me/referral/qr", middlewares=[requires(MEMBER)])
def referral_qr():
    from shop.referrals import referral_code

    return qr_svg(f"{_site()}/join/?ref={referral_code(principal(app).id)}", "invite")


# --- the counter -------------------------------------------------------------------------------


def _sale(request: SaleRequest):
    from shop import sales

    who = principal(app)
    lines = tuple(sales.Line(line.category, line.name, line.quantity, fen(line.unit_price)) for line in request.lines)
    return sales.Sale(
        who.store_id or "",
        who.id,
        lines,
        request.payment_method,
        request.member_id,
        request.redeem_points,
        request.note,
        request.coupon,
    )


@app.post("/api/staff/purchases/preview", middlewares=[requires(STAFF)])
def preview_sale(request: Annotated[SaleRequest, Body()]):
    from shop import sales

    priced, member = sales.preview(_sale(request))
    result = asdict(priced)
    if member is not None:
        result["member_points"] = points_view(member, load_rules(), _lang())
    return result


@app.post("/api/staff/purchases", middlewares=[requires(STAFF)])
def record_sale(request: Annotated[SaleRequest, Body()]):
    from shop import sales

    sale, key = _sale(request), idempotency_key(app)
    done = once(sale.staff_id, "sale", key, request.payload(), lambda: sales.record_sale(sale, key), app.lambda_context)
    return answer(201, done)


@app.get("/api/staff/purchases/<purchase_id>", middlewares=[requires(STAFF)])
def purchase(purchase_id: IdText):
    from shop import sales

    return sales.get_receipt(purchase_id)


@app.post("/api/staff/purchases/<purchase_id>/refunds", middlewares=[requires(STAFF)])
def refund(purchase_id: IdText, request: Annotated[RefundRequest, Body()]):
    from shop import sales

    who, key = principal(app), idempotency_key(app)
    amount = fen(request.amount)
    payload = {"purchase": purchase_id, **request.model_dump()}
    done = once(
        who.id,
        "refund",
        key,
        payload,
        lambda: sales.refund(purchase_id, amount, request.reason, who.id, who.store_id, key),
    )
    return answer(201, done)


@app.get("/api/staff/coupons/<code>", middlewares=[requires(STAFF)])
def find_coupon(code: CodeWord):
    from shop import rewards

    coupon = rewards.find_coupon(code)
    member = member_for_points(coupon.member_id)
    holder = {"id": member.member_id, "name": member.name, "salutation": member.salutation}
    return {**rewards.coupon_view(coupon, _lang()), "member": holder}


# --- managers: adjustments, tiers, rewards, rules ----------------------------------------------


@app.post("/api/staff/members/<member_id>/adjustments", middlewares=[requires(MANAGER)])
def adjust(member_id: IdText, request: Annotated[AdjustmentRequest, Body()]):
    from shop import sales

    who = principal(app)
    return answer(201, sales.adjust(member_id, request.points, request.reason, who.id, who.store_id))


@app.put("/api/staff/members/<member_id>/tier", middlewares=[requires(MANAGER)])
def set_tier(member_id: IdText, request: Annotated[TierRequest, Body()]):
    from shop import card
    from shop.points import set_tier as keep_tier

    who = principal(app)
    keep_tier(member_id, request.tier, request.reason, request.until, who.actor, who.store_id)
    return card.read_card(member_id, card.Viewer(who.id, who.name, who.role, who.store_id), _lang())


@app.get("/api/staff/rewards", middlewares=[requires(STAFF)])
def list_rewards():
    from shop import rewards

    return {"rewards": [rewards.reward_view(reward, _lang()) for reward in rewards.list_rewards()]}


@app.post("/api/staff/rewards", middlewares=[requires(MANAGER)])
def add_reward(request: Annotated[RewardRequest, Body()]):
    from shop import rewards

    who = principal(app)
    reward = rewards.add_reward(rewards.RewardDetails(**request.details()), who.actor, who.store_id)
    return answer(201, rewards.reward_view(reward, _lang()))


@app.patch("/api/staff/rewards/<reward_id>", middlewares=[requires(MANAGER)])
def change_reward(reward_id: IdText, request: Annotated[RewardChange, Body()]):
    from shop import rewards

    who = principal(app)
    reward = rewards.change_reward(reward_id, request.changes(), who.actor, who.store_id)
    return rewards.reward_view(reward, _lang())


@app.get("/api/staff/rules", middlewares=[requires(STAFF)])
def rules():
    return load_rules().model_dump(mode="json")


@app.put("/api/staff/rules", middlewares=[requires(MANAGER)])
def change_rules(request: Annotated[LoyaltyRules, Body()]):
    from shop.rules import save_rules

    who = principal(app)
    return save_rules(request, who.actor, who.store_id).model_dump(mode="json")


# --- stored value (储值) -------------------------------------------------------------------------


def _wallet_rules_view(rules) -> dict:
    return {
        "cap_fen": rules.cap_fen,
        "offers": [o.model_dump() for o in rules.offers],
        "card_plans": [plan.model_dump() for plan in rules.card_plans],
    }


@app.get("/api/me/wallet", middlewares=[requires(MEMBER)])
def my_wallet():
    from shop import wallet
    from shop.members import get_member

    return wallet.wallet_view(get_member(principal(app).id)) | {"rules": _wallet_rules_view(wallet.load_wallet_rules())}


@app.post("/api/staff/topups", middlewares=[requires(STAFF)])
def top_up(request: Annotated[TopUpRequest, Body()]):
    from shop import wallet

    who, key = principal(app), idempotency_key(app)
    amount = fen(request.amount)
    done = once(
        who.id,
        "topup",
        key,
        request.payload(),
        lambda: wallet.top_up(request.member_id, amount, request.method, who.id, who.store_id, key),
    )
    return answer(201, done)


@app.get("/api/staff/members/<member_id>/wallet", middlewares=[requires(STAFF)])
def member_wallet(member_id: IdText):
    from shop import wallet

    return wallet.wallet_view(member_for_points(member_id))


@app.post("/api/staff/members/<member_id>/wallet/refund", middlewares=[requires(MANAGER)])
def refund_wallet(member_id: IdText, request: Annotated[WalletRefundRequest, Body()]):
    from shop import wallet

    who = principal(app)
    return answer(201, wallet.refund_principal(member_id, request.reason, who.id, who.store_id))


@app.get("/api/staff/wallet-rules", middlewares=[requires(STAFF)])  # clerks tell customers the offers
def wallet_rules():
    from shop import wallet

    return _wallet_rules_view(wallet.load_wallet_rules())


@app.put("/api/staff/wallet-rules", middlewares=[requires(MANAGER)])
def change_wallet_rules(request: Annotated[WalletRulesRequest, Body()]):
    from shop import wallet

    who = principal(app)
    return _wallet_rules_view(wallet.save_wallet_rules(request.rules(), who.actor, who.store_id))


# --- corporate accounts (企业客户, 月结) -------------------------------------------------------------

Month = Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]


@app.get("/api/staff/companies", middlewares=[requires(STAFF)])
def companies():
    from shop import companies as corporate

    return {"companies": [corporate.company_view(c) for c in corporate.list_companies()]}


@app.post("/api/staff/companies", middlewares=[requires(MANAGER)])
def add_company(request: Annotated[CompanyRequest, Body()]):
    from shop import companies as corporate

    who = principal(app)
    return answer(201, corporate.company_view(corporate.add_company(request.details(), who.actor, who.store_id)))


@app.get("/api/staff/companies/<company_id>", middlewares=[requires(STAFF)])
def company(company_id: IdText):
    from shop import companies as corporate

    return corporate.company_view(corporate.get_company(company_id))


@app.put("/api/staff/companies/<company_id>", middlewares=[requires(MANAGER)])
def change_company(company_id: IdText, request: Annotated[CompanyRequest, Body()]):
    from shop import companies as corporate

    who = principal(app)
    return corporate.company_view(corporate.change_company(company_id, request.details(), who.actor, who.store_id))


@app.post("/api/staff/companies/<company_id>/orders", middlewares=[requires(STAFF)])
def order_on_account(company_id: IdText, request: Annotated[CompanyOrderRequest, Body()]):
    from shop import companies as corporate
    from shop import sales

    who, key = principal(app), idempotency_key(app)
    lines = [sales.Line(line.category, line.name, line.quantity, fen(line.unit_price)) for line in request.lines]
    payload = {"company": company_id, **request.payload()}
    done = once(
        who.id,
        "company-order",
        key,
        payload,
        lambda: corporate.order_on_account(company_id, request.ordered_by, lines, who.id, who.store_id or "", key),
    )
    return answer(201, done)


@app.post("/api/staff/companies/<company_id>/bulk-orders", middlewares=[requires(STAFF)])
def bulk_order(company_id: IdText, request: Annotated[BulkOrderRequest, Body()]):
    from shop import companies as corporate

    who, key = principal(app), idempotency_key(app)
    payload = {"company": company_id, **request.payload()}
    done = once(
        who.id,
        "company-bulk",
        key,
        payload,
        lambda: corporate.bulk_order(company_id, request.bulk_rows(), who.id, request.store, key),
    )
    return answer(201, done)


@app.put("/api/staff/companies/<company_id>/employees", middlewares=[requires(MANAGER)])
def keep_employees(company_id: IdText, request: Annotated[EmployeesRequest, Body()]):
    from shop import companies as corporate

    who = principal(app)
    kept = corporate.keep_employees(company_id, request.plan(), request.people(), who.actor, who.store_id)
    return {"employees": kept}


@app.get("/api/staff/companies/<company_id>/employees", middlewares=[requires(STAFF)])
def employees(company_id: IdText):
    from shop import companies as corporate

    return {"employees": corporate.employees_view(company_id)}


@app.post("/api/staff/companies/<company_id>/payments", middlewares=[requires(MANAGER)])
def company_payment(company_id: IdText, request: Annotated[CompanyPaymentRequest, Body()]):
    from shop import companies as corporate

    who = principal(app)
    return answer(
        201, corporate.record_payment(company_id, fen(request.amount), request.month, who.actor, who.store_id)
    )


@app.get("/api/staff/companies/<company_id>/statements/<month>", middlewares=[requires(STAFF)])
def company_statement(company_id: IdText, month: Month):
    from aws_lambda_powertools.event_handler import Response

    from shop import companies as corporate

    document = corporate.statement(company_id, month)
    if app.current_event.get_query_string_value("format") == "csv":
        disposition = f'attachment; filename="statement-{company_id}-{month}.csv"'
        headers = {"Content-Disposition": disposition}
        return Response(200, "text/csv; charset=utf-8", corporate.statement_csv(document), headers=headers)
    return document


@app.post("/api/statements/confirm", middlewares=[requires(PUBLIC)])
def confirm_statement(request: Annotated[StatementConfirmation, Body()]):
    from shop import companies as corporate

    return corporate.confirm_statement(request.token)


lambda_handler = handler_for(app)
