"""The discussion under load: one article with 1,000 comments and one with 100,000.

Loads the demo newsroom into a fresh SQLite data directory (or DATABASE_URL: point it at a scratch
database), adds two copies of the war report and fills their discussions with realistic reply
trees (many top-level threads, a long tail of replies per thread, arguments that run into the
maximum depth, a few deleted comments), written in bulk with the paths, threads and depths the
posting action computes. Then starts gunicorn the production way on a free loopback port and,
from several client processes with keep-alive connections, measures for both articles side by
side: the article page with its discussion, the first page of the JSON thread (in the default
order, and oldest first, where the biggest threads are), and posting through the JSON API as
signed-in readers (session cookie and CSRF token, after signing in through the login form).
Prints requests/s, p50/p99, the queries one request makes, and the first-page time of the
100,000-comment discussion against the 1,000-comment one, measured alone in turn (target: within
1.2x; queries per request must not grow with the discussion).

    .venv/bin/python bench/discussion.py [--requests 300] [--posts 120] [--concurrency 6]

Client and server share the machine's cores: compare figures from the same run, not across runs.
The SQLite data directory is removed after a run that succeeds.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import BIN, free_port, wait_until_up  # noqa: E402
from pages import client as get_latencies  # noqa: E402

SIZES = (1_000, 100_000)
READERS = 500
POSTERS = 8  # signed-in readers posting at once, at most
POSTER_PASSWORD = "bench-poster-password"  # noqa: S105 (throwaway accounts in a scratch database)
DELETED_SHARE = 0.01
NEW_THREAD_SHARE = 0.3
ARGUMENT_SHARE = 0.02


# --- Building the discussions (runs in a child process with Django set up) ---------------------

SENTENCES = [
    "The ministry said the same thing last week about Pellina.",
    "Both armies publish what they want the other side to read.",
    "My cousin in Karveno says the shelling stopped around four.",
    "Where does the figure of 3,400 displaced come from?",
    "The article says clearly that it could not verify the claims.",
    "Open Road buses are still running, I saw two this morning.",
    "Nobody counts the people who leave on foot.",
    "That is not what the statement says if you read all of it.",
    "The bridge matters less than the road behind it.",
    "I would like to see the hospital's own numbers.",
    "Thank you for reporting this without the usual shouting.",
    "Pontoon crossings further south will not carry heavy trucks.",
    "The map is approximate, as the caption says.",
    "People in Solvara are already preparing for more arrivals.",
    "We have heard this before, and it was wrong then too.",
    "Does anyone know if the clinic on Ostra Street reopened?",
    "Losing the crossing would change the whole eastern front.",
    "Both bulletins can be true at the same time.",
    "Reporters should be allowed closer than ten kilometres.",
    "The generator at the field hospital is the real story here.",
]
MARKUP = [
    "**{0}**",
    "*{0}*",
    "> {0}",
    "{0} [The statement](https://example.org/statement) is longer than the quote.",
    "{0}",
    "{0}",
    "{0}",
]


def body_pool(rng: random.Random, size: int = 400) -> list[str]:
    """Comment texts of one to four paragraphs, some with the markdown readers use."""
    pool = []
    for _ in range(size):
        paragraphs = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
            text = " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
            paragraphs.append(rng.choice(MARKUP).format(text))
        pool.append("\n\n".join(paragraphs))
    return pool


def shape(count: int, rng: random.Random, max_depth: int) -> list[tuple[int | None, int | None]]:
    """The reply tree in posting order: (index of the comment answered or None, index of the
    comment the reply was attached under when it was too deep, else None) per comment.

    New threads keep starting; a reply answers a recent comment or any earlier one (which favours
    the big threads, so thread sizes have a long tail), and now and then two readers argue in a
    chain that runs past the maximum depth.
    """
    answered: list[int | None] = []
    depth: list[int] = []
    parent_of: list[int | None] = []
    thread_of: list[int] = []

    def reply(to: int) -> None:
        attach_under: int | None = to
        if depth[to] >= max_depth - 1:
            attach_under = parent_of[to]
        answered.append(to)
        parent_of.append(attach_under)
        depth.append(depth[attach_under] + 1 if attach_under is not None else 0)
        thread_of.append(thread_of[to])

    while len(answered) < count:
        n = len(answered)
        if n == 0 or rng.random() < NEW_THREAD_SHARE:
            answered.append(None)
            parent_of.append(None)
            depth.append(0)
            thread_of.append(n)
        elif rng.random() < ARGUMENT_SHARE:
            target = rng.randrange(n)
            for _ in range(min(rng.randint(4, 14), count - n)):
                reply(target)
                target = len(answered) - 1
        else:
            recent = rng.random() < 0.6
            seen = rng.randrange(max(0, n - 300), n) if recent else rng.randrange(n)
            # Most replies answer the thread's opening comment; the rest answer a reply.
            reply(thread_of[seen] if rng.random() < 0.55 else seen)
    return [
        (answered[i], parent_of[i] if parent_of[i] != answered[i] else None) for i in range(count)
    ]


def build() -> None:
    """Create the two articles and their discussions; print their ids and URLs as JSON."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from gazette.accounts.actions import create_reader
    from gazette.articles.models import ArticlePage
    from gazette.comments.models import Comment
    from gazette.core.markdown import render_markdown
    from gazette.demo.content import WAR_REPORT_SLUG

    rng = random.Random(20260105)
    User = get_user_model()
    run = str(int(time.time()))
    password = make_password("x" * 40)
    User.objects.bulk_create(
        User(
            username=f"bench-{run}-{i}",
            email=f"bench-{run}-{i}@example.org",
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            password=password,
        )
        for i in range(READERS)
    )
    readers = list(User.objects.filter(username__startswith=f"bench-{run}-").order_by("pk"))
    # A few readers write most comments, as on every site.
    reader_weights = [1 / (rank + 1) for rank in range(len(readers))]
    pool = body_pool(rng)
    rendered = [render_markdown(body) for body in pool]
    report = ArticlePage.objects.get(slug=WAR_REPORT_SLUG)
    now = timezone.now()
    published = now - timedelta(days=2)
    out: dict[str, Any] = {"posters": []}
    for size in SIZES:
        article = report.copy(
            update_attrs={
                "title": f"{report.title} ({size:,} comments)",
                "slug": f"bench-{run}-discussion-{size}",
            },
            keep_live=True,
            user=None,
            log_action=None,
        ).specific
        Page.objects.filter(pk=article.pk).update(
            first_published_at=published, last_published_at=published
        )
        started = time.perf_counter()
        with transaction.atomic():
            ids = insert_discussion(
                article=article,
                size=size,
                rng=rng,
                readers=readers,
                reader_weights=reader_weights,
                pool=pool,
                rendered=rendered,
                published=published,
                now=now,
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Comment]):
                    cursor.execute(sql)
        out[str(size)] = {
            "id": article.pk,
            "url": ArticlePage.objects.get(pk=article.pk).url,
            "reply_to": ids,
            "seconds": round(time.perf_counter() - started, 1),
        }
    for i in range(POSTERS):
        poster = create_reader(
            username=f"bench-{run}-poster-{i}",
            email=f"bench-{run}-poster-{i}@example.org",
            display_name=f"Bench poster {i}",
            password=POSTER_PASSWORD,
        )
        out["posters"].append(poster.email)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # plans as on a site whose statistics are up to date
    print(json.dumps(out))


def insert_discussion(
    *,
    article,
    size,
    rng,
    readers,
    reader_weights,
    pool,
    rendered,
    published,
    now,
) -> list[int]:
    """Write `size` comments in bulk as post_comment would have, with right counters; return a
    sample of published comment ids for the posting benchmark to reply to."""
    from django.conf import settings
    from django.db.models import Max

    from gazette.comments.actions import comment_rank
    from gazette.comments.models import Comment, Discussion, path_segment

    next_id = (Comment.objects.aggregate(Max("id"))["id__max"] or 0) + 1
    tree = shape(size, rng, settings.COMMENTS_MAX_DEPTH)
    span = (now - timedelta(minutes=5) - published).total_seconds()
    authors = rng.choices(readers, weights=reader_weights, k=size)
    comments: list = []
    published_replies: dict[int, int] = {}
    for index, (answered, attached_under) in enumerate(tree):
        pk = next_id + index
        parent = reply_to = None
        if answered is not None and attached_under is None:
            parent = comments[answered]
        elif answered is not None and attached_under is not None:
            parent, reply_to = comments[attached_under], comments[answered]
        thread_id = parent.thread_id if parent else pk
        created = published + timedelta(seconds=span * (index + rng.random()) / size)
        upvotes = max(0, int(rng.paretovariate(1.3)) - 1) if rng.random() < 0.45 else 0
        status = Comment.Status.PUBLISHED
        body_index = rng.randrange(len(pool))
        body, body_html = pool[body_index], rendered[body_index]
        if rng.random() < DELETED_SHARE:
            status, body, body_html = Comment.Status.DELETED, "", ""
        comment = Comment(
            pk=pk,
            article_id=article.pk,
            parent_id=parent.pk if parent else None,
            thread_id=thread_id,
            reply_to_id=reply_to.pk if reply_to else None,
            path=(parent.path if parent else "") + path_segment(pk),
            depth=parent.depth + 1 if parent else 0,
            author_id=authors[index].pk,
            body=body,
            body_html=body_html,
            status=status,
            created=created,
            upvotes=upvotes,
            rank=comment_rank(upvotes=upvotes, created=created),
            client_token=f"bench-{pk}",
        )
        comments.append(comment)
        if parent is not None and status == Comment.Status.PUBLISHED:
            published_replies[thread_id] = published_replies.get(thread_id, 0) + 1
    for comment in comments:
        if comment.parent_id is None:
            comment.thread_reply_count = published_replies.get(comment.pk, 0)
    Comment.objects.bulk_create(comments, batch_size=2000)
    Discussion.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "comment_count": sum(1 for c in comments if c.status == Comment.Status.PUBLISHED)
        },
    )
    live = [c.pk for c in comments if c.status == Comment.Status.PUBLISHED]
    return rng.sample(live, min(200, len(live)))


FIRST_NAMES = [
    "Mara", "Tomas", "Iryna", "Anton", "Nadia", "Pavel", "Ruth", "Gregor", "Lena", "Oskar",
    "Vera", "Jonas", "Ada", "Emil", "Sofia", "Kasimir", "Helga", "Nils", "Dora", "Ivo",
]  # fmt: skip
LAST_NAMES = [
    "Orlo", "Varga", "Keller", "Ostrova", "Calder", "Malt", "Rehn", "Dolen", "Brannik", "Sell",
    "Korvath", "Denhart", "Lind", "Arlan", "Reuss", "Morell", "Stavik", "Halden", "Vos", "Teller",
]  # fmt: skip


# --- Load from client processes -------------------------------------------------------------------


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.msg.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(connection: http.client.HTTPConnection, email: str) -> dict[str, str]:
    """Sign in through the login form as a reader would; return the session and CSRF cookies."""
    connection.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    page = response.read().decode()
    cookies = cookies_of(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if response.status != 200 or token is None or "csrftoken" not in cookies:
        raise RuntimeError(f"the login page answered {response.status} without a CSRF token")
    form = urlencode(
        {"login": email, "password": POSTER_PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    connection.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Host": "127.0.0.1",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
    )
    response = connection.getresponse()
    response.read()
    cookies.update(cookies_of(response))
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"signing in answered {response.status}")
    return cookies


def post_latencies(
    port: int, cookies: dict[str, str], article_id: int, reply_to: list[int], count: int, tag: str
) -> list[float]:
    """Post `count` comments through the API as a signed-in reader (every other one a reply)."""
    rng = random.Random(tag)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {
        "Host": "127.0.0.1",
        "Content-Type": "application/json",
        "Cookie": f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}",
        "X-CSRFToken": cookies["csrftoken"],
    }
    path = f"/api/v1/articles/{article_id}/comments"
    latencies = []
    for i in range(count):
        payload = {
            "body": " ".join(rng.sample(SENTENCES, 2)),
            "parent": rng.choice(reply_to) if i % 2 else None,
            "client_token": f"{tag}-{i}",
        }
        started = time.perf_counter()
        connection.request("POST", path, body=json.dumps(payload), headers=headers)
        response = connection.getresponse()
        answer = response.read()
        if response.status != 201:
            raise RuntimeError(f"POST {path} answered {response.status}: {answer[:200]!r}")
        latencies.append(time.perf_counter() - started)
    connection.close()
    return latencies


Batch = tuple[list[list[float]], float]  # each client's latencies, and the elapsed seconds


def summary(batches: list[Batch]) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 in milliseconds."""
    latencies = sorted(latency for results, _ in batches for batch in results for latency in batch)
    elapsed = sum(seconds for _, seconds in batches)
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, p50 * 1000, p99 * 1000


def load_get(port: int, path: str, requests: int, concurrency: int) -> Batch:
    per_client = max(1, requests // concurrency)
    get_latencies(port, path, 10)  # warm the workers
    started = time.perf_counter()
    with ProcessPoolExecutor(concurrency) as pool:
        results = list(
            pool.map(
                get_latencies,
                [port] * concurrency,
                [path] * concurrency,
                [per_client] * concurrency,
            )
        )
    return results, time.perf_counter() - started


def load_post(
    port: int, sessions: list[dict[str, str]], article: dict, posts: int, concurrency: int, tag: str
) -> Batch:
    concurrency = min(concurrency, len(sessions))
    per_client = max(1, posts // concurrency)
    started = time.perf_counter()
    with ProcessPoolExecutor(concurrency) as pool:
        results = list(
            pool.map(
                post_latencies,
                [port] * concurrency,
                sessions[:concurrency],
                [article["id"]] * concurrency,
                [article["reply_to"]] * concurrency,
                [per_client] * concurrency,
                [f"{tag}-{i}" for i in range(concurrency)],
            )
        )
    return results, time.perf_counter() - started


def in_turns(measure) -> dict[int, tuple[float, float, float]]:
    """measure(size, turn) for both discussions in turn, twice over, so that whatever else the
    machine does weighs on both alike; the figures of each discussion's two halves together."""
    batches: dict[int, list[Batch]] = {size: [] for size in SIZES}
    for turn in range(2):
        for size in SIZES:
            batches[size].append(measure(size, turn))
    return {size: summary(batches[size]) for size in SIZES}


# --- Queries and in-process time per request (a child process with Django's test client) --------

QUERY_SCRIPT = """
import json, statistics, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from gazette.articles.models import ArticlePage
from gazette.comments import queries

articles, poster, viewer = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
anonymous = Client(HTTP_HOST="127.0.0.1")
reader = Client(HTTP_HOST="127.0.0.1")
reader.force_login(get_user_model().objects.get(email=poster))
# Signed in, but with no comments of their own on the page (each of those costs a query to
# tell whether it may still be edited).
signed_in = Client(HTTP_HOST="127.0.0.1")
signed_in.force_login(get_user_model().objects.get(email=viewer))
out = {}

def measure(client, method, path, **kwargs):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code in (200, 201), (path, response.status_code)
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(path, **kwargs)
    return len(context.captured_queries)

for size, article in articles.items():
    api = f"/api/v1/articles/{article['id']}/comments"
    counter = iter(range(10**6))
    post = lambda: reader.post(
        api,
        data={"body": "A reply to check.", "parent": None, "client_token": f"q-{size}-{next(counter)}"},
        content_type="application/json",
    )
    post()
    with CaptureQueriesContext(connection) as context:
        assert post().status_code == 201
    post_queries = len(context.captured_queries)  # every request clears the query log
    out[size] = {
        "page": measure(anonymous, "get", article["url"]),
        "page_signed_in": measure(signed_in, "get", article["url"]),
        "json": measure(anonymous, "get", api),
        "json_oldest": measure(anonymous, "get", api + "?sort=oldest"),
        "post": post_queries,
    }

# Time both discussions in turn, so that whatever else the machine does weighs on both alike.
calls = {
    size: {
        "page_ms": lambda a=article: anonymous.get(a["url"]),
        "json_ms": lambda a=article: anonymous.get(f"/api/v1/articles/{a['id']}/comments"),
        "json_oldest_ms": lambda a=article: anonymous.get(
            f"/api/v1/articles/{a['id']}/comments?sort=oldest"
        ),
        "thread_page_ms": lambda p=ArticlePage.objects.get(pk=article["id"]): (
            queries.thread_page(article=p, viewer=None)
        ),
    }
    for size, article in articles.items()
}
times = {size: {key: [] for key in calls[size]} for size in articles}
for _ in range(int(sys.argv[4])):
    for size in articles:
        for key, call in calls[size].items():
            started = time.perf_counter()
            call()
            times[size][key].append(time.perf_counter() - started)
for size in articles:
    for key, values in times[size].items():
        out[size][key] = statistics.median(values) * 1000
print(json.dumps(out))
"""


def in_process(env: dict[str, str], articles: dict, poster: str, viewer: str, runs: int) -> dict:
    """Queries per request, and the median time of each request made in this process alone."""
    result = subprocess.run(
        [sys.executable, "-c", QUERY_SCRIPT, json.dumps(articles), poster, viewer, str(runs)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The run ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="GETs per line")
    parser.add_argument("--posts", type=int, default=120, help="comments posted per line")
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument("--runs", type=int, default=30, help="in-process timings per request")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build()
        return

    data_dir = tempfile.mkdtemp(prefix="gazette-bench-discussion-")
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
    started = time.perf_counter()
    subprocess.run([gazette, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([gazette, "load_demo"], env=env, check=True, capture_output=True)
    subprocess.run([gazette, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    built = subprocess.run(
        [sys.executable, __file__, "--build"], env=env, check=True, capture_output=True, text=True
    )
    info = json.loads(built.stdout.strip().splitlines()[-1])
    articles = {size: info[str(size)] for size in SIZES}
    print(
        f"built in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{size:,} comments in {articles[size]['seconds']} s" for size in SIZES)
    )

    poster, viewer = info["posters"][-2:]
    measured = in_process(
        env, {str(size): articles[size] for size in SIZES}, poster, viewer, runs=args.runs
    )
    port = free_port()
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
    p50s: dict[tuple[str, int], float] = {}
    try:
        wait_until_up(port, server)
        print(
            f"gunicorn {args.workers} workers x 4 threads, {args.concurrency} keep-alive clients, "
            f"{args.requests} GETs or {args.posts} posts per line, "
            f"database {'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'}"
        )
        lines = [
            ("article page", "page", ""),
            ("JSON thread", "json", "/api/v1/articles/{id}/comments"),
            ("JSON, oldest", "json_oldest", "/api/v1/articles/{id}/comments?sort=oldest"),
        ]
        for label, key, path in lines:
            targets = {
                size: path.format(id=articles[size]["id"]) if path else articles[size]["url"]
                for size in SIZES
            }
            figures = in_turns(
                lambda size, _, targets=targets: load_get(
                    port, targets[size], args.requests // 2, args.concurrency
                )
            )
            for size, (rps, p50, p99) in figures.items():
                p50s[key, size] = p50
                print(row(label, size, rps, p50, p99, measured[str(size)][key]))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        sessions = [sign_in(connection, email) for email in info["posters"]]
        connection.close()
        figures = in_turns(
            lambda size, turn: load_post(
                port,
                sessions,
                articles[size],
                args.posts // 2,
                args.concurrency,
                f"load-{size}-{turn}",
            )
        )
        for size, (rps, p50, p99) in figures.items():
            print(row("posting", size, rps, p50, p99, measured[str(size)]["post"]))
    finally:
        server.terminate()
        server.wait(timeout=20)

    small, large = (measured[str(size)] for size in SIZES)
    alone = [
        ("article page", "page_ms"),
        ("JSON thread", "json_ms"),
        ("JSON, oldest", "json_oldest_ms"),
        ("thread_page()", "thread_page_ms"),
    ]
    print(f"first page, 100k/1k, alone (median of {args.runs} runs taken in turn):")
    for label, key in alone:
        print(
            f"  {label:13} {small[key]:6.1f} -> {large[key]:6.1f} ms   {large[key] / small[key]:.2f}x"
        )
    print(
        "first page, 100k/1k, p50 under load: "
        + ", ".join(
            f"{label} {p50s[key, SIZES[1]] / p50s[key, SIZES[0]]:.2f}x" for label, key, _ in lines
        )
    )
    print(
        "queries/request, 1k -> 100k: "
        + ", ".join(
            f"{name} {small[key]} -> {large[key]}"
            for name, key in [
                ("page", "page"),
                ("page signed in", "page_signed_in"),
                ("JSON", "json"),
                ("JSON oldest", "json_oldest"),
                ("post", "post"),
            ]
        )
    )
    print(f"whole run {time.perf_counter() - started:.0f} s")
    shutil.rmtree(data_dir, ignore_errors=True)  # 140 MB; kept when a run fails, to look into


def row(label: str, size: int, rps: float, p50: float, p99: float, queries: int) -> str:
    return (
        f"{label:13} {size:>7,} comments {rps:7.1f} req/s   p50 {p50:6.1f} ms   "
        f"p99 {p99:6.1f} ms   {queries} queries/request"
    )


if __name__ == "__main__":
    main()
