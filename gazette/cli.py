"""The `gazette` command: Django's manage.py plus `demo` and `serve`.

gazette demo      migrate, load the demo newsroom (idempotent), serve on 127.0.0.1:8000
gazette serve     collect static files and serve with gunicorn (production settings)
gazette <cmd>     any manage.py command, e.g. `gazette createsuperuser`
"""

import os
import shutil
import sys

DEFAULT_SETTINGS = "gazette.config.settings.base"
DEMO_SETTINGS = "gazette.config.settings.dev"


def run_manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def serve(bind: str | None = None) -> None:
    """Replace this process with gunicorn serving the WSGI application."""
    from django.conf import settings

    if not getattr(settings, "WHITENOISE_USE_FINDERS", False):
        run_manage(["gazette", "collectstatic", "--noinput", "--verbosity", "0"])
    bind = bind or os.environ.get("BIND", "127.0.0.1:8000")
    workers = os.environ.get("WEB_CONCURRENCY", str(min(4, (os.cpu_count() or 1) * 2)))
    threads = os.environ.get("GUNICORN_THREADS", "4")
    gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
    args = [
        gunicorn,
        "gazette.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--threads",
        threads,
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    print(f"Gazette is serving at http://{bind}/ (admin at http://{bind}/admin/)", flush=True)
    os.execv(gunicorn, args)  # noqa: S606


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEMO_SETTINGS)
        run_manage(["gazette", "migrate", "--noinput", "--verbosity", "1"])
        run_manage(["gazette", "load_demo"])
        serve(argv[2] if len(argv) > 2 else None)
    elif command == "serve":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
        import django

        django.setup()
        serve(argv[2] if len(argv) > 2 else None)
    elif command in {"help", "--help", "-h"} and len(argv) <= 2:
        print(__doc__)
        run_manage([argv[0], "help"])
    else:
        run_manage(argv)
