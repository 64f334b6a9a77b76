"""Behind CloudFront, the API answers only requests that came through it: CloudFront adds the
origin secret (X-Origin-Verify), and a request without it (straight at the API's own address)
is refused before anything else, as the deployed functions are configured."""

from __future__ import annotations

import boto3
import pytest

from tests.support import ApiClient


@pytest.fixture
def behind_cloudfront(shop, monkeypatch):
    from shop.settings import reset_settings

    arn = boto3.client("secretsmanager").create_secret(Name="origin-verify", SecretString="s3cr3t-origin")["ARN"]
    monkeypatch.setenv("ORIGIN_SECRET_ARN", arn)
    reset_settings()
    yield "s3cr3t-origin"
    monkeypatch.delenv("ORIGIN_SECRET_ARN")
    reset_settings()


def test_a_request_around_cloudfront_is_refused_and_one_through_it_is_answered(behind_cloudfront):
    client = ApiClient()
    around = client.get("/api/slots?store=jingan&date=2030-05-01&mode=pickup")
    assert around.status == 403 and around.body["error"] == "not_through_the_site"
    wrong = client.get("/api/slots?store=jingan&date=2030-05-01&mode=pickup", headers={"x-origin-verify": "guess"})
    assert wrong.status == 403
    through = client.get(
        "/api/slots?store=jingan&date=2030-05-01&mode=pickup", headers={"x-origin-verify": behind_cloudfront}
    )
    assert through.status != 403
    refused_post = client.post("/api/auth/code", {"contact": "13800138000", "purpose": "join"})
    assert refused_post.status == 403  # before a code is sent


def test_without_an_origin_secret_locally_every_request_is_answered(shop):
    assert ApiClient().get("/api/slots?store=jingan&date=2030-05-01&mode=pickup").status != 403
