"""Races on DynamoDB Local (moto is not safe for these): guesses, double use, double joins, resends."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from shop.codes import MEMBER_SIGN_IN, check_code, code_key, request_code
from shop.contacts import parse_contact
from shop.errors import CodeInvalid, ShopError, TooManyCodes
from shop.members import NewMember, join, sign_in
from shop.tables import Contact, Member, SignInCode
from tests.support import last_code

PHONE = parse_contact("13800138000")


def _race(count: int, attempt) -> list[object]:
    def outcome(n):
        try:
            return attempt(n)
        except ShopError as error:
            return error

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(outcome, range(count)))


@pytest.fixture
def code(local_shop):
    request_code(PHONE, MEMBER_SIGN_IN, "203.0.113.1", "zh")
    return last_code(local_shop / "outbox.jsonl", PHONE.value)


def test_forty_concurrent_wrong_guesses_spend_five_tries_in_all(code):
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    results = _race(40, lambda n: check_code(PHONE, MEMBER_SIGN_IN, wrong))
    assert all(isinstance(r, CodeInvalid) for r in results)
    stored = SignInCode.get(code_key(PHONE, MEMBER_SIGN_IN), consistent_read=True)
    assert stored.tries == 5
    with pytest.raises(CodeInvalid):
        check_code(PHONE, MEMBER_SIGN_IN, code)  # the right code is dead now too


def test_the_same_code_used_by_many_joins_at_once_makes_one_member(code):
    new = NewMember("张姐", False, "zh")
    results = _race(12, lambda n: join(PHONE, code, new))
    joined = [r for r in results if not isinstance(r, ShopError)]
    assert len(joined) == 1, results
    assert all(isinstance(r, CodeInvalid) for r in results if isinstance(r, ShopError))
    link = Contact.get(PHONE.value, consistent_read=True)
    assert link.member_id == joined[0].member.member_id


def test_the_same_code_used_by_many_sign_ins_at_once_signs_in_once(code, local_shop):
    from shop.members import enrol

    enrol(PHONE, NewMember("张姐", False, "zh"), source="test")
    results = _race(12, lambda n: sign_in(PHONE, code))
    assert sum(1 for r in results if isinstance(r, Member)) == 1
    assert sum(1 for r in results if isinstance(r, CodeInvalid)) == 11


def test_concurrent_requests_for_codes_send_one_a_minute(local_shop):
    results = _race(10, lambda n: request_code(PHONE, MEMBER_SIGN_IN, f"203.0.113.{n}", "zh"))
    assert sum(1 for r in results if r is None) == 1
    assert sum(1 for r in results if isinstance(r, TooManyCodes)) == 9
