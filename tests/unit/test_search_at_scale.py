"""Finding a member among 10,000 goes through indexes: a Query, never a Scan."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玲红梅建国志强晓东海燕"


@pytest.fixture
def ten_thousand_members(shop):
    from shop.search_keys import search_keys
    from shop.tables import Member

    rng = random.Random(20261122)
    made = []
    joined = datetime(2025, 1, 1, tzinfo=UTC)
    with Member.batch_write() as batch:
        for n in range(10_000):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            phone = f"+861{rng.choice('3589')}{rng.randrange(10**9):09d}"
            member = Member(
                member_id=f"m{n:05d}", name=name, contacts=[phone], joined_at=joined, **search_keys(name, [phone])
            )
            batch.save(member)
            made.append(member)
    return made


@pytest.fixture
def operations(monkeypatch):
    from pynamodb.connection.base import Connection

    seen: list[str] = []
    dispatch = Connection.dispatch

    def recording(self, operation_name, operation_kwargs):
        seen.append(operation_name)
        return dispatch(self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "dispatch", recording)
    return seen


def test_last_four_digits_name_prefix_and_initials_through_queries(ten_thousand_members, operations):
    from shop.search import MOST, find_members
    from shop.search_keys import pinyin_initials

    target = ten_thousand_members[4321]
    cases = [
        (target.contacts[0][-4:], lambda m: m.contacts[0].endswith(target.contacts[0][-4:])),
        (target.name, lambda m: m.name.startswith(target.name)),
        (pinyin_initials(target.name), lambda m: pinyin_initials(m.name).startswith(pinyin_initials(target.name))),
    ]
    for query, matches in cases:
        _, found = find_members(query)
        expected = {m.member_id for m in ten_thousand_members if matches(m)}
        assert all(matches(m) for m in found), query  # only right members
        assert len(found) == min(MOST, len(expected)), query  # all of them, at most 20
        if len(expected) <= MOST:
            assert target.member_id in {m.member_id for m in found}, query
    assert "Scan" not in operations
    assert operations.count("Query") >= 3
