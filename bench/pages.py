"""Requests per second and p50/p99 latency of the front page and an article page.

Loads the demo newsroom into a fresh SQLite data directory (or DATABASE_URL), starts Gazette the
production way (gunicorn, DEBUG off, static files collected) on a free loopback port, and sends a
bounded number of requests from several client processes with keep-alive connections. Prints one
line per page and the database queries one request makes.

    .venv/bin/python bench/pages.py [--requests 2000] [--concurrency 8] [--workers 2]

Client and server share the machine's cores: compare figures from the same run, not across runs.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def client(port: int, path: str, count: int) -> list[float]:
    """Send `count` GETs over one keep-alive connection; return each latency in seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        latencies.append(time.perf_counter() - started)
    connection.close()
    return latencies


def load(port: int, path: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    per_client = max(1, requests // concurrency)
    client(port, path, 20)  # warm caches and renditions
    started = time.perf_counter()
    with ProcessPoolExecutor(concurrency) as pool:
        results = list(
            pool.map(client, [port] * concurrency, [path] * concurrency, [per_client] * concurrency)
        )
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for batch in results for latency in batch)
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, p50 * 1000, p99 * 1000


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before it answered")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def queries_per_request(env: dict[str, str], paths: list[str]) -> dict[str, int]:
    script = (
        "import django, json, sys\n"
        "django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        "out = {}\n"
        "for path in sys.argv[1:]:\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        assert client.get(path).status_code == 200\n"
        "    out[path] = len(ctx.captured_queries)\n"
        "print(json.dumps(out))\n"
    )
    import json

    result = subprocess.run(
        [sys.executable, "-c", script, *paths], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="gazette-bench-")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gazette.config.settings.base",
        "GAZETTE_DATA_DIR": data_dir,
        "SECRET_KEY": "bench-" + "x" * 50,
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    gazette = str(BIN / "gazette")
    subprocess.run([gazette, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([gazette, "load_demo"], env=env, check=True, capture_output=True)
    subprocess.run([gazette, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    article_path = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from gazette.articles.models import ArticlePage;"
            "from gazette.demo.content import WAR_REPORT_SLUG;"
            "print(ArticlePage.objects.get(slug=WAR_REPORT_SLUG).url)",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    paths = {"front page": "/", "article page": article_path}

    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "gazette.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        wait_until_up(port, server)
        print(
            f"gunicorn {args.workers} workers x 4 threads, {args.concurrency} keep-alive clients, "
            f"{args.requests} requests per page, database {env.get('DATABASE_URL', 'SQLite')}"
        )
        queries = queries_per_request(env, list(paths.values()))
        for name, path in paths.items():
            rps, p50, p99 = load(port, path, args.requests, args.concurrency)
            print(
                f"{name:13} {rps:8.1f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   {queries[path]} queries/request"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
