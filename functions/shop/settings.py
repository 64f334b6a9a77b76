"""The one settings object: environment variables read once, lazily, into typed fields."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _list(name: str, default: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, default).split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    # Where the shop site lives (links in QR codes and messages); empty: the API's own host.
    site_url: str = field(default_factory=lambda: os.environ.get("SITE_URL", "").rstrip("/"))
    shop_name: str = field(default_factory=lambda: os.environ.get("SHOP_NAME", "花点"))
    time_zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(os.environ.get("BUSINESS_TIME_ZONE", "Asia/Shanghai")))
    # Where the session keys come from: a Secrets Manager secret in AWS, a key file locally.
    session_secret_arn: str = field(default_factory=lambda: os.environ.get("SESSION_SECRET_ARN", ""))
    session_key_file: str = field(default_factory=lambda: os.environ.get("SESSION_KEY_FILE", ""))
    # The secret CloudFront sends in X-Origin-Verify (in AWS); empty locally: no check.
    origin_secret_arn: str = field(default_factory=lambda: os.environ.get("ORIGIN_SECRET_ARN", ""))
    # "outbox" writes messages to a local file; "aws" sends SMS with SNS and email with SES.
    channels: str = field(default_factory=lambda: os.environ.get("MESSAGE_CHANNELS", "aws"))
    outbox_path: str = field(default_factory=lambda: os.environ.get("OUTBOX_PATH", ""))
    email_sender: str = field(default_factory=lambda: os.environ.get("EMAIL_SENDER", ""))
    # Booking photos: a private S3 bucket in AWS; locally a folder the dev server serves.
    photos_bucket: str = field(default_factory=lambda: os.environ.get("PHOTOS_BUCKET", ""))
    photos_dir: str = field(default_factory=lambda: os.environ.get("PHOTOS_DIR", ""))
    # The daily job's messages go to the sender through this queue; locally (empty) at once.
    outreach_queue_url: str = field(default_factory=lambda: os.environ.get("OUTREACH_QUEUE_URL", ""))
    # Background jobs (segments, the census): an SQS queue in AWS; locally "thread" or "inline".
    jobs_queue_url: str = field(default_factory=lambda: os.environ.get("JOBS_QUEUE_URL", ""))
    local_jobs: str = field(default_factory=lambda: os.environ.get("LOCAL_JOBS", "inline"))
    # The care guides' published index (care/index.json): the site's address in AWS, a file locally.
    care_index: str = field(default_factory=lambda: os.environ.get("CARE_INDEX", ""))
    sms_countries: tuple[str, ...] = field(default_factory=lambda: _list("SMS_COUNTRIES", "CN"))
    sms_daily_budget: int = field(default_factory=lambda: _int("SMS_DAILY_BUDGET", 1000))
    member_session_days: int = field(default_factory=lambda: _int("MEMBER_SESSION_DAYS", 30))
    # Limits on requests for one-time codes (choices within RELIABILITY.md).
    code_ttl_seconds: int = 300
    code_max_tries: int = 5
    code_sends_per_minute: int = 1
    code_sends_per_hour: int = 5
    code_sends_per_day: int = 10
    address_sends_per_hour: int = field(default_factory=lambda: _int("ADDRESS_SENDS_PER_HOUR", 30))
    address_sends_per_day: int = field(default_factory=lambda: _int("ADDRESS_SENDS_PER_DAY", 100))
    max_body_bytes: int = 64 * 1024

    def table_name(self, table: str) -> str | None:
        """The deployed name of a table, as the template hands it over (MEMBERS_TABLE, ...)."""
        return os.environ.get(f"{table.upper()}_TABLE")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests and the dev server change the environment)."""
    get_settings.cache_clear()
