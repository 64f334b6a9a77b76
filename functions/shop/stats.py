"""The stores' day counters (decision 4): sharded items (a random shard of N), updated in the same
transaction as what they count and summed when read."""

from __future__ import annotations

import random
from datetime import date

from shop.tables import StoreDayStats

STATS_SHARDS = 8
CHAIN_WIDE = "online"  # a member who joined without a store counts here


def day_stats(store_id: str | None, day: date) -> StoreDayStats:
    return StoreDayStats(key=f"{store_id or CHAIN_WIDE}#{day.isoformat()}", shard=random.randrange(STATS_SHARDS))
