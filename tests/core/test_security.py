import os
import re
import resource
import secrets
import struct
import subprocess
import sys
import zlib
from io import BytesIO
from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from factories import ArticlePageFactory
from PIL import Image as PILImage
from wagtail.images import get_image_model

import gazette
from gazette.core.checks import check_content_security_policy

PROJECT_DIR = Path(gazette.__file__).resolve().parent.parent


# Case 18: the deploy checks pass with production settings.


def test_deploy_check_passes_with_production_settings(tmp_path):
    # A clean environment: nothing from the test process (DEBUG, HTTPS=false, the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE) may soften the production settings.
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gazette.config.settings.base",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "news.example",
        "GAZETTE_DATA_DIR": str(tmp_path),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


# Case 19: a strict Content Security Policy with a fresh nonce on every HTML response.


def csp_of(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def nonce_of(response):
    (nonce,) = [
        source[len("'nonce-") : -1]
        for source in csp_of(response)["script-src"]
        if source.startswith("'nonce-")
    ]
    return nonce


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section)


@pytest.fixture
def html_urls(article):
    return {
        "home": "/",
        "section": "/world/",
        "article": article.url,
        "not found": "/no-such-page/",
        "search": "/search/?q=ceasefire",
        "author": f"/authors/{article.author.slug}/",
        "admin login": "/admin/login/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", ["home", "section", "article", "not found", "search", "author", "admin login"]
)
def test_every_html_response_carries_a_strict_csp_with_a_nonce(client, html_urls, route):
    response = client.get(html_urls[route])

    assert response["Content-Type"].startswith("text/html")
    directives = csp_of(response)
    assert re.fullmatch(r"[A-Za-z0-9+/]{22}==", nonce_of(response))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["home", "article", "not found", "admin login"])
def test_each_response_gets_a_fresh_nonce(client, html_urls, route):
    first = client.get(html_urls[route])
    second = client.get(html_urls[route])

    assert nonce_of(first) != nonce_of(second)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["home", "article", "not found", "search"])
def test_every_script_on_a_public_page_carries_the_headers_nonce(client, html_urls, route):
    response = client.get(html_urls[route])

    scripts = lxml.html.fromstring(response.content.decode()).xpath("//script")
    assert scripts
    assert [script.get("nonce") for script in scripts] == [nonce_of(response)] * len(scripts)


@pytest.mark.django_db
def test_feeds_carry_the_policy_too(client, article):
    response = client.get("/feeds/rss/")

    directives = csp_of(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]


def test_the_configured_policy_passes_the_projects_system_check():
    assert check_content_security_policy(None) == []


@override_settings(CONTENT_SECURITY_POLICY={})
def test_system_check_reports_an_empty_policy():
    errors = check_content_security_policy(None)

    assert [error.id for error in errors] == ["gazette.E001"]


@override_settings(
    CONTENT_SECURITY_POLICY={
        "DIRECTIVES": {"script-src": ["'self'", "'unsafe-inline'"], "object-src": ["'self'"]}
    }
)
def test_system_check_reports_a_policy_without_nonce_with_inline_scripts_and_plugins():
    errors = check_content_security_policy(None)

    assert [error.id for error in errors] == ["gazette.E002", "gazette.E003", "gazette.E004"]


@override_settings(CONTENT_SECURITY_POLICY={})
def test_the_registered_system_checks_include_the_csp_check():
    from django.core.checks import run_checks

    assert "gazette.E001" in [message.id for message in run_checks()]


# Case 21: hostile uploads through the Wagtail admin.

SVG_WITH_SCRIPT = b"""<?xml version="1.0" standalone="no"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(1)">
  <rect width="100" height="100" fill="red"/>
  <script type="text/javascript">alert(document.domain);</script>
</svg>
"""
HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_bomb_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid all-black 1-bit PNG of width x height that is a few hundred kilobytes on disk.

    Written row by row with zlib rather than by Pillow: Pillow keeps a 1-bit image at a byte per
    pixel, which for 20000 x 20000 would mean 400 MB in the test itself."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter type 0, then the packed bits
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def noisy_png(width: int, height: int) -> bytes:
    buffer = BytesIO()
    PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        buffer, format="PNG"
    )
    return buffer.getvalue()


def polyglot_jpeg() -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, format="JPEG")
    return buffer.getvalue() + b"<script>alert(document.domain)</script>"


def upload(client, name, content, content_type):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def file_errors(response):
    assert response.status_code == 200, "a refused upload re-renders the form"
    return response.context["form"].errors["file"]


@pytest.mark.django_db
def test_svg_with_script_is_refused(admin_client):
    response = upload(admin_client, "map.svg", SVG_WITH_SCRIPT, "image/svg+xml")

    assert file_errors(response) == [
        "Not a supported image format. Supported formats: GIF, JPG, JPEG, PNG, WEBP."
    ]
    assert get_image_model().objects.count() == 0


@pytest.mark.django_db
def test_html_named_png_is_refused(admin_client):
    response = upload(admin_client, "photo.png", HTML_PAGE, "image/png")

    assert file_errors(response) == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    assert get_image_model().objects.count() == 0


@pytest.mark.django_db
def test_pixel_bomb_is_refused_without_decoding_it(admin_client):
    bomb = pixel_bomb_png()
    assert len(bomb) < 1_000_000
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    response = upload(admin_client, "bomb.png", bomb, "image/png")

    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    (error,) = file_errors(response)
    assert error.startswith("This file has too many pixels")
    assert str(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS) in error
    assert get_image_model().objects.count() == 0
    # ru_maxrss is in kilobytes on Linux: decoding the bomb would need 400 MB or more.
    assert peak_after - peak_before < 100_000


@pytest.mark.django_db
@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=10_000)
def test_file_over_the_upload_limit_is_refused(admin_client):
    too_big = noisy_png(100, 100)
    assert len(too_big) > 10_000

    response = upload(admin_client, "big.png", too_big, "image/png")

    (error,) = file_errors(response)
    assert error.startswith("This file is too big")
    assert get_image_model().objects.count() == 0


@pytest.mark.django_db
def test_accepted_polyglot_jpeg_is_served_inert(admin_client, client):
    response = upload(admin_client, "poly.jpg", polyglot_jpeg(), "image/jpeg")

    assert response.status_code == 302
    image = get_image_model().objects.get()
    served = client.get(image.file.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in [
        directive.strip() for directive in served["Content-Security-Policy"].split(";")
    ]
    assert "script-src" not in served["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("documents/report.html", HTML_PAGE),
        ("documents/drawing.svg", SVG_WITH_SCRIPT),
        ("documents/notes.txt", b"plain notes"),
        ("documents/no-extension", HTML_PAGE),
    ],
)
def test_non_image_files_under_media_are_served_as_inert_downloads(client, name, content):
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)

    served = client.get(f"/media/{name}")

    assert served.status_code == 200
    assert served["Content-Disposition"] == "attachment"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]


def test_pillow_refuses_images_larger_than_the_configured_limit():
    assert PILImage.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
