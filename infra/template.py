"""Reads template.yaml, the single source of truth: tables, functions, routes, environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"


@lru_cache(maxsize=1)
def load_template() -> dict:
    from cfnlint.decode import cfn_yaml

    return cfn_yaml.load(str(TEMPLATE))


def resources(kind: str) -> dict[str, dict]:
    return {name: res for name, res in load_template()["Resources"].items() if res["Type"] == kind}


@dataclass(frozen=True)
class Table:
    logical_id: str
    suffix: str  # Members in ${AWS::StackName}-Members
    properties: dict

    def name(self, stack: str) -> str:
        return f"{stack}-{self.suffix}"

    @property
    def env_var(self) -> str:
        return f"{self.suffix.upper()}_TABLE"

    def create_table_request(self, stack: str) -> dict:
        """The CreateTable call for this table, as CloudFormation would make it (on demand)."""
        props = self.properties
        request = {
            "TableName": self.name(stack),
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": "PAY_PER_REQUEST",
        }
        if props.get("GlobalSecondaryIndexes"):
            request["GlobalSecondaryIndexes"] = [
                {key: index[key] for key in ("IndexName", "KeySchema", "Projection")}
                for index in props["GlobalSecondaryIndexes"]
            ]
        return request

    @property
    def ttl_attribute(self) -> str | None:
        ttl = self.properties.get("TimeToLiveSpecification") or {}
        return ttl.get("AttributeName") if ttl.get("Enabled") else None


def tables() -> list[Table]:
    found = []
    for logical_id, resource in resources("AWS::DynamoDB::Table").items():
        name = resource["Properties"]["TableName"]["Fn::Sub"]
        found.append(Table(logical_id, name.removeprefix("${AWS::StackName}-"), resource["Properties"]))
    return found


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # as in the template: /api/members/{member_id}
    function: str  # logical id
    handler: str  # signup/app.lambda_handler

    @property
    def route_key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Function:
    logical_id: str
    handler: str
    environment: dict = field(default_factory=dict)
    policy_statements: list = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)


def functions() -> list[Function]:
    found = []
    for logical_id, resource in resources("AWS::Serverless::Function").items():
        props = resource["Properties"]
        routes = [
            Route(event["Properties"]["Method"].upper(), event["Properties"]["Path"], logical_id, props["Handler"])
            for event in (props.get("Events") or {}).values()
            if event["Type"] == "HttpApi"
        ]
        statements = [
            s for policy in props.get("Policies", []) if isinstance(policy, dict) for s in policy.get("Statement", [])
        ]
        env = (props.get("Environment") or {}).get("Variables", {})
        found.append(Function(logical_id, props["Handler"], env, statements, routes))
    return found


def routes() -> list[Route]:
    return [route for function in functions() for route in function.routes]


def parameter_defaults() -> dict[str, str]:
    return {name: str(spec.get("Default", "")) for name, spec in load_template().get("Parameters", {}).items()}


def local_environment(stack: str) -> dict[str, str]:
    """The variables the template gives the functions, resolved for a local stack: references to
    tables become local table names, references to parameters their defaults. The session secret
    is replaced by a key file (set by the caller)."""
    table_names = {table.logical_id: table.name(stack) for table in tables()}
    defaults = parameter_defaults()
    variables = dict(load_template().get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
    for function in functions():
        variables.update(function.environment)
    resolved = {}
    for name, value in variables.items():
        if isinstance(value, str):
            resolved[name] = value
        elif isinstance(value, dict) and "Ref" in value:
            ref = value["Ref"]
            if ref in table_names:
                resolved[name] = table_names[ref]
            elif ref in defaults:
                resolved[name] = defaults[ref]
    return resolved


def security_headers() -> list[tuple[str, str]]:
    """The response headers CloudFront adds (the SecurityHeaders policy), as the dev server sends
    them too: one definition for both."""
    config = resources("AWS::CloudFront::ResponseHeadersPolicy")["SecurityHeaders"]["Properties"]
    config = config["ResponseHeadersPolicyConfig"]
    security = config["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    strict = f"max-age={hsts['AccessControlMaxAgeSec']}"
    strict += "; includeSubDomains" * bool(hsts.get("IncludeSubdomains")) + "; preload" * bool(hsts.get("Preload"))
    policy = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    if isinstance(policy, dict):  # !Sub: locally the photos are the dev server's own (/dev/photos)
        import re

        policy = re.sub(r" https://\$\{[^}]+\}[^ ;]*", "", policy["Fn::Sub"])
    headers = [
        ("Content-Security-Policy", policy),
        ("Strict-Transport-Security", strict),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", security["FrameOptions"]["FrameOption"]),
        ("Referrer-Policy", security["ReferrerPolicy"]["ReferrerPolicy"]),
    ]
    custom = config.get("CustomHeadersConfig", {}).get("Items", [])
    return headers + [(item["Header"], item["Value"]) for item in custom]
