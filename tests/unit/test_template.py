"""template.yaml is the single source of truth: lint, protections, models and policies agree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from infra.template import TEMPLATE, functions, resources, tables
from shop.tables import MODELS

ROOT = Path(__file__).resolve().parents[2]
ATTRIBUTE_TYPES = {"S": "S", "N": "N", "B": "B"}


def test_cfn_lint_passes():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("cfn-lint")), str(TEMPLATE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("table", tables(), ids=lambda t: t.suffix)
def test_every_table_is_protected(table):
    resource = resources("AWS::DynamoDB::Table")[table.logical_id]
    props = table.properties
    assert resource["DeletionPolicy"] == "Retain"
    assert resource["UpdateReplacePolicy"] == "Retain"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["DeletionProtectionEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["TableName"] == {"Fn::Sub": f"${{AWS::StackName}}-{table.suffix}"}


def test_tables_whose_items_expire_have_a_ttl_attribute():
    by_suffix = {table.suffix: table for table in tables()}
    assert by_suffix["AuthCodes"].ttl_attribute == "expires_at"
    assert by_suffix["Idempotency"].ttl_attribute == "expiration"
    for model in MODELS:
        ttl = [name for name, attr in model.get_attributes().items() if type(attr).__name__ == "TTLAttribute"]
        if ttl:
            assert by_suffix[model.table].ttl_attribute == ttl[0], model.__name__


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_matches_its_table_and_indexes(model):
    table = {t.suffix: t for t in tables()}[model.table]
    props = table.properties
    template_keys = {k["AttributeName"]: k["KeyType"] for k in props["KeySchema"]}
    model_keys = {
        attr.attr_name: ("HASH" if attr.is_hash_key else "RANGE")
        for attr in model.get_attributes().values()
        if attr.is_hash_key or attr.is_range_key
    }
    assert model_keys == template_keys
    declared = {d["AttributeName"]: d["AttributeType"] for d in props["AttributeDefinitions"]}
    for name, attr in model.get_attributes().items():
        if attr.attr_name in declared:
            assert attr.attr_type == declared[attr.attr_name], name
    template_indexes = {
        index["IndexName"]: {k["AttributeName"]: k["KeyType"] for k in index["KeySchema"]}
        for index in props.get("GlobalSecondaryIndexes", [])
    }
    for name, keys in _model_indexes(model).items():
        assert template_indexes.get(name) == keys, f"{model.__name__}.{name}"


def _model_indexes(model) -> dict[str, dict[str, str]]:
    found = {}
    for index in model._indexes.values():
        schema = index._get_schema()
        found[schema["index_name"]] = {k["AttributeName"]: k["KeyType"] for k in schema["key_schema"]}
    return found


def test_every_index_in_the_template_is_used_by_a_model():
    for table in tables():
        declared = {index["IndexName"] for index in table.properties.get("GlobalSecondaryIndexes", [])}
        used = {name for model in MODELS if model.table == table.suffix for name in _model_indexes(model)}
        assert declared == used, table.suffix


def test_every_table_is_used_by_a_model_or_powertools_idempotency():
    used = {model.table for model in MODELS} | {"Idempotency"}
    assert {table.suffix for table in tables()} == used


def _table_refs(value) -> set[str]:
    """Logical ids of the tables a policy statement's resource names."""
    found = set()
    if isinstance(value, dict):
        if "Fn::GetAtt" in value:
            found.add(
                value["Fn::GetAtt"][0] if isinstance(value["Fn::GetAtt"], list) else value["Fn::GetAtt"].split(".")[0]
            )
        if "Fn::Sub" in value and isinstance(value["Fn::Sub"], str):
            found |= set(re.findall(r"\$\{(\w+)\.Arn\}", value["Fn::Sub"]))
        for inner in value.values():
            found |= _table_refs(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _table_refs(inner)
    return found


@pytest.mark.parametrize("function", functions(), ids=lambda f: f.logical_id)
def test_each_function_policy_names_only_its_own_tables_and_no_wildcards(function):
    table_ids = {t.logical_id for t in tables()}
    env_tables = {value["Ref"] for value in function.environment.values() if isinstance(value, dict)} & table_ids
    named = set()
    for statement in function.policy_statements:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        dynamodb = [a for a in actions if a.startswith("dynamodb:")]
        if dynamodb:
            assert "dynamodb:*" not in dynamodb
            if "dynamodb:Scan" in dynamodb:  # decision 2: only background jobs page through the members
                assert function.logical_id == "JobsFunction" and statement["Resource"] == {
                    "Fn::GetAtt": ["MembersTable", "Arn"]
                }
            assert statement["Resource"] != "*"
            named |= _table_refs(statement["Resource"])
        assert not any(a.endswith(":*") for a in actions), actions
    assert named == env_tables, "a function's policy must name exactly the tables it is handed"


def test_sam_policy_templates_are_not_used():
    for function in resources("AWS::Serverless::Function").values():
        for policy in function["Properties"].get("Policies", []):
            assert isinstance(policy, dict) and "Statement" in policy, "inline statements only"


def test_the_session_keys_are_a_generated_secret():
    secret = resources("AWS::SecretsManager::Secret")["SessionSecret"]["Properties"]
    assert "GenerateSecretString" in secret


def test_the_api_throttles_and_logs_and_functions_keep_logs_for_a_while():
    api = resources("AWS::Serverless::HttpApi")["HttpApi"]["Properties"]
    assert api["DefaultRouteSettings"]["ThrottlingRateLimit"] > 0
    assert api["DefaultRouteSettings"]["ThrottlingBurstLimit"] > 0
    groups = resources("AWS::Logs::LogGroup")
    for function in resources("AWS::Serverless::Function").values():
        group = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert "RetentionInDays" in groups[group]["Properties"]


def test_every_route_carries_the_api_prefix_and_the_template_runtime_is_python_3_12():
    from infra.template import load_template, routes

    assert all(route.path.startswith("/api/") for route in routes())
    assert load_template()["Globals"]["Function"]["Runtime"] == "python3.12"


def test_the_dev_server_and_the_outbox_are_not_in_the_template():
    text = TEMPLATE.read_text()
    assert "/dev/" not in text and "outbox" not in text.lower()


def test_the_senders_queue_dead_letters_after_three_tries_and_reports_partial_failures():
    queue = resources("AWS::SQS::Queue")
    redrive = queue["OutreachQueue"]["Properties"]["RedrivePolicy"]
    assert redrive["maxReceiveCount"] == 3 and redrive["deadLetterTargetArn"] == {
        "Fn::GetAtt": ["OutreachDeadLetters", "Arn"]
    }
    sender = resources("AWS::Serverless::Function")["SenderFunction"]["Properties"]
    event = sender["Events"]["Messages"]["Properties"]
    assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert queue["OutreachQueue"]["Properties"]["VisibilityTimeout"] >= 6 * 10  # six times the timeout
    daily = resources("AWS::Serverless::Function")["DailyFunction"]["Properties"]
    assert daily["ReservedConcurrentExecutions"] == 1  # overlapping runs cannot both work
    assert daily["Events"]["EveryMorning"]["Properties"]["RetryPolicy"] == {"MaximumRetryAttempts": 0}


# --- hosting: the site in a private bucket behind CloudFront, the API behind it too ---------------

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def _distribution() -> dict:
    return resources("AWS::CloudFront::Distribution")["Distribution"]["Properties"]["DistributionConfig"]


def test_the_site_bucket_is_private_and_readable_only_by_the_distribution():
    bucket = resources("AWS::S3::Bucket")["SiteBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    statements = resources("AWS::S3::BucketPolicy")["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    allowed = [s for s in statements if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in allowed] == [{"Service": "cloudfront.amazonaws.com"}]
    assert "${Distribution}" in allowed[0]["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    (site,) = [o for o in _distribution()["Origins"] if o["Id"] == "site"]
    assert site["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccess", "Id"]}
    assert site["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # OAC, not the legacy identity


def test_api_requests_are_not_cached_do_not_forward_host_and_carry_the_origin_secret():
    config = _distribution()
    (api,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert api["TargetOriginId"] == "api" and api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
    assert set(api["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}
    (origin,) = [o for o in config["Origins"] if o["Id"] == "api"]
    (header,) = origin["OriginCustomHeaders"]
    assert header["HeaderName"] == "X-Origin-Verify" and "${OriginSecret}" in header["HeaderValue"]["Fn::Sub"]
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"


def test_every_http_function_can_read_the_origin_secret_and_every_page_gets_the_security_headers():
    from infra.template import load_template

    assert load_template()["Globals"]["Function"]["Environment"]["Variables"]["ORIGIN_SECRET_ARN"] == {
        "Ref": "OriginSecret"
    }
    for function in functions():
        if function.logical_id in ("SenderFunction", "DailyFunction", "JobsFunction"):
            continue  # no HTTP routes
        readable = [s["Resource"] for s in function.policy_statements if "secretsmanager:GetSecretValue" in s["Action"]]
        assert any({"Ref": "OriginSecret"} in (r if isinstance(r, list) else [r]) for r in readable), function
    config = _distribution()
    policy = {"Ref": "SecurityHeaders"}
    assert config["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] == policy
    assert all(b["ResponseHeadersPolicyId"] == policy for b in config["CacheBehaviors"])
    headers = resources("AWS::CloudFront::ResponseHeadersPolicy")["SecurityHeaders"]["Properties"]
    security = headers["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "unsafe" not in csp
    assert security["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/", "/index.html"),
        ("/care/", "/care/index.html"),
        ("/care/rose", "/care/rose/index.html"),
        ("/en/staff/members/", "/en/staff/members/index.html"),
        ("/theme/css/site.css", "/theme/css/site.css"),
        ("/care/index.json", "/care/index.json"),
    ],
)
def test_the_cloudfront_function_serves_index_html_for_folder_urls(uri, served):
    import json
    import shutil

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js runs the CloudFront function's JavaScript")
    code = resources("AWS::CloudFront::Function")["FolderIndex"]["Properties"]["FunctionCode"]
    script = code + f"\nprocess.stdout.write(handler({{request: {{uri: {json.dumps(uri)}}}}}).uri);"
    assert subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout == served
