"""The resolver every function uses, and the one place where errors become HTTP answers.

Answers are JSON: `{"error": <code>, "message": <in the request's language>}`, with `fields`
for invalid input. Bodies over 64 KiB get 413 and writes without `Content-Type:
application/json` get 415 before anything is parsed; an unexpected error is a 500 with a
fixed body and the request id, its details only in the log.
"""

from __future__ import annotations

import base64
import json
import traceback
from collections.abc import Callable

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestValidationError,
)

from shop import errors
from shop.i18n import N_, Lang, negotiate, translate
from shop.settings import get_settings
from web.observability import logger

# Every domain refusal, by its code, and the HTTP status it answers with (400 when not listed).
STATUS = {
    "not_signed_in": 401,
    "forbidden": 403,
    "not_found": 404,
    "not_a_member": 404,
    "conflict": 409,
    "too_many_tags": 409,
    "segment_busy": 409,
    "segment_not_counted": 409,
    "template_invalid": 400,
    "campaign_not_draft": 409,
    "campaign_sent": 409,
    "send_date_gone": 400,
    "already_rated": 409,
    "not_rateable": 404,
    "follow_up_closed": 409,
    "contact_taken": 409,
    "too_many_contacts": 409,
    "not_enough_points": 409,
    "in_progress": 409,
    "idempotency_key_reused": 409,
    "reward_out_of_stock": 409,
    "reward_limit_reached": 409,
    "reward_not_for_tier": 409,
    "coupon_not_usable": 409,
    "slot_full": 409,
    "past_cutoff": 409,
    "day_closed": 409,
    "not_deliverable": 409,
    "too_late_to_cancel": 409,
    "wrong_status": 409,
    "address_needed": 422,
    "too_many_occasions": 409,
    "too_many_plants": 409,
    "balance_too_low": 409,
    "balance_cap_reached": 409,
    "balance_to_settle": 409,
    "subscription_ended": 409,
    "credit_limit_reached": 409,
    "not_allowed_to_order": 422,
    "no_such_guide": 422,
    "consent_needed": 422,
    "unknown_store": 422,
    "too_much_redeemed": 422,
    "refund_too_large": 422,
    "too_many_codes": 429,
    "code_budget_spent": 429,
    "unavailable": 503,
}
CHANGING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# What a person reads for each kind of invalid field (pydantic's error types).
FIELD_PROBLEMS = {
    "missing": N_("This field is required."),
    "extra_forbidden": N_("This field is not allowed."),
    "string_too_long": N_("Too long: at most {max_length} characters."),
    "string_too_short": N_("Too short: at least {min_length} characters."),
    "too_long": N_("Too many items: at most {max_length}."),
    "literal_error": N_("Not one of the allowed values."),
    "enum": N_("Not one of the allowed values."),
    "greater_than_equal": N_("Too small: at least {ge}."),
    "less_than_equal": N_("Too large: at most {le}."),
    "greater_than": N_("Too small."),
    "less_than": N_("Too large."),
    "string_pattern_mismatch": N_("Not in the expected format."),
    "invalid_date": N_("There is no such date."),
    "date_order": N_("The end date is before the start date."),
}
TYPE_PROBLEM = N_("Wrong kind of value.")
VALUE_PROBLEM = N_("This value is not valid.")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def make_app() -> APIGatewayHttpResolver:
    """An entry module's resolver, its error answers, and its models bound to the tables the
    template hands the function (once, at start)."""
    from shop.tables import bind_tables

    bind_tables()
    app = APIGatewayHttpResolver(enable_validation=True, serializer=_dumps)

    def lang() -> Lang:
        return request_lang(app.current_event.headers)

    @app.exception_handler(errors.ShopError)
    def shop_error(error: errors.ShopError) -> Response:
        message = translate(lang(), error.message, **error.params)
        return _error(STATUS.get(error.code, 400), error.code, message)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response:
        problems = error.errors()
        if any(problem["type"] == "json_invalid" for problem in problems):
            return _error(400, "invalid_json", translate(lang(), "The request body is not valid JSON."))
        fields = [_field_problem(problem, lang()) for problem in problems]
        return _error(422, "invalid_request", translate(lang(), "Please check the highlighted fields."), fields)

    @app.not_found
    def not_found(_: NotFoundError) -> Response:
        return _error(404, "not_found", translate(lang(), "There is nothing here."))

    @app.exception_handler(Exception)
    def unexpected(error: Exception) -> Response:
        request_id = getattr(app.lambda_context, "aws_request_id", "")
        return answer(500, _unexpected_body(error, lang(), request_id))

    return app


def client_address(event) -> str:
    """Who is asking, for the per-address limits: behind CloudFront the viewer's address comes in
    `CloudFront-Viewer-Address` (address:port), otherwise API Gateway's source address."""
    viewer = event.headers.get("cloudfront-viewer-address")
    if viewer:
        return viewer.rsplit(":", 1)[0].strip("[]")
    return event.request_context.http.source_ip or "unknown"


def _unexpected_body(error: Exception, lang: Lang, request_id: str) -> dict:
    """Logs the frames, not the message (an exception's text can carry a phone number or a key),
    and gives the client a fixed body with the request id."""
    frames = [
        f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno} {frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
    ]
    logger.error("unexpected error", extra={"error_type": type(error).__name__, "frames": frames[-8:]})
    message = translate(lang, "Something went wrong on our side.")
    return {"error": "internal", "message": message, "request_id": request_id}


def request_lang(headers: dict) -> Lang:
    return negotiate((headers or {}).get("accept-language"))


def _field_problem(problem: dict, lang: Lang) -> dict:
    kind = problem.get("type", "")
    message = FIELD_PROBLEMS.get(kind)
    if message is None:
        message = TYPE_PROBLEM if kind.endswith(("_type", "_parsing")) else VALUE_PROBLEM
    location = [str(part) for part in problem.get("loc", ()) if part != "body"]
    return {"field": ".".join(location), "problem": kind, "message": translate(lang, message, **problem.get("ctx", {}))}


def idempotency_key(app: APIGatewayHttpResolver) -> str | None:
    """The request's `Idempotency-Key` (1 to 100 characters), or None (the write is then refused)."""
    key = (app.current_event.headers.get("idempotency-key") or "").strip()
    return key if 0 < len(key) <= 100 else None


def answer(status: int, body: dict, cookies: list | None = None) -> Response:
    """A JSON answer; every route and error handler answers through here."""
    return Response(status, "application/json", _dumps(body), cookies=cookies)


def _error(status: int, code: str, message: str, fields: list | None = None) -> Response:
    body: dict = {"error": code, "message": message}
    if fields:
        body["fields"] = fields
    return answer(status, body)


def _early_refusal(event: dict) -> dict | None:
    """Refuse what must never reach parsing: huge bodies and writes that are not JSON."""
    headers = {key.lower(): value for key, value in (event.get("headers") or {}).items()}
    method = event.get("requestContext", {}).get("http", {}).get("method", "GET").upper()
    body = event.get("body") or ""
    size = len(base64.b64decode(body)) if event.get("isBase64Encoded") else len(body.encode())
    lang = request_lang(headers)
    from shop.keys import through_cloudfront

    if not through_cloudfront(headers.get("x-origin-verify")):
        status, code, message = 403, "not_through_the_site", N_("Use the shop's site to reach this service.")
    elif size > get_settings().max_body_bytes:
        status, code, message = 413, "too_large", N_("The request is too large.")
    elif method in CHANGING_METHODS and headers.get("content-type", "").split(";")[0].strip() != "application/json":
        status, code, message = 415, "json_only", N_("Send the request as JSON (Content-Type: application/json).")
    else:
        return None
    return _raw_answer(status, code, translate(lang, message))


def _raw_answer(status: int, code: str, message: str) -> dict:
    return _raw(status, {"error": code, "message": message})


def _raw(status: int, body: dict) -> dict:
    """An answer in Lambda's own shape, for refusals made before the resolver runs."""
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": _dumps(body)}


def handler_for(app: APIGatewayHttpResolver) -> Callable[[dict, object], dict]:
    """The Lambda handler of an entry module: refuse early, check the session against the role the
    route declares (before any body is parsed: no session is a 401, whatever the body), resolve."""
    from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

    from web.access import PUBLIC, authenticate, declared_roles

    roles = declared_roles(app)

    @logger.inject_lambda_context(clear_state=True)
    def lambda_handler(event: dict, context: object) -> dict:
        refusal = _early_refusal(event)
        if refusal:
            return refusal
        role = roles.get(event.get("routeKey", ""), PUBLIC)
        if role != PUBLIC:
            request = APIGatewayProxyEventV2(event)
            lang = request_lang(request.headers)
            try:
                app.append_context(principal=authenticate(request, role))
            except errors.ShopError as error:
                return _raw_answer(STATUS.get(error.code, 400), error.code, translate(lang, error.message))
            except Exception as error:  # sign-in and access fail closed
                body = _unexpected_body(error, lang, getattr(context, "aws_request_id", ""))
                return _raw(500, body)
        return app.resolve(event, context)

    return lambda_handler
