"""Requests no page can use are refused with a 4xx before anything reads them: files, unreadable
charsets, and methods no address takes. A malformed request logs one line, not a traceback."""

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.test import Client

from backcare.request_guards import SITE_METHODS, UNUSABLE_CHARSET, without_unusable_charset
from backcare.wsgi import application

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
# Every public address that takes a POST, and the admin's sign-in, which anyone can reach.
POST_URLS = ["/triage/answers/", "/admin/login/"]
PUBLIC_URLS = ["/", "/treatments/", "/triage/", *POST_URLS]
# Codecs Python knows that are not text encodings, or cannot read arbitrary bytes.
UNREADABLE_CHARSETS = ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri", "idna", "punycode"]
BOUNDARY = "b0undary"


def multipart(*parts: str, trailing: bytes = b"") -> bytes:
    body = "".join(f"--{BOUNDARY}\r\n{part}\r\n" for part in parts).encode()
    return body + trailing + f"--{BOUNDARY}--\r\n".encode()


FIELD = 'Content-Disposition: form-data; name="step"\r\n\r\nemergency'
FILE_HEADER = 'Content-Disposition: form-data; name="photo"; filename="x.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'


def post_multipart(client: Client, url: str, body: bytes, charset: str | None = None):
    content_type = f"multipart/form-data; boundary={BOUNDARY}" + (f"; charset={charset}" if charset else "")
    return client.generic("POST", url, body, content_type=content_type)


@pytest.mark.parametrize("url", POST_URLS)
@pytest.mark.parametrize("size", [0, 1, 5 * 2**20], ids=["empty", "1-byte", "5-MB"])
def test_a_file_part_gets_400_at_any_size_and_nothing_reaches_the_disk(client, settings, tmp_path, url, size):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    body = multipart(FIELD, FILE_HEADER + "x" * size)
    response = post_multipart(client, url, body)
    assert response.status_code == 400
    assert "We could not use what was sent" in response.content.decode()
    assert list(tmp_path.iterdir()) == []


def test_multipart_fields_without_files_still_work(client, guide_content):
    # The wizard needs its questions: without them this passed only after a test that left them cached.
    response = post_multipart(client, "/triage/answers/", multipart(FIELD))
    assert response.status_code in {200, 400}
    assert "We could not use what was sent" not in response.content.decode()


@pytest.mark.parametrize("url", POST_URLS)
@pytest.mark.parametrize("charset", UNREADABLE_CHARSETS)
def test_a_multipart_body_in_an_unreadable_charset_gets_400(client, url, charset):
    response = post_multipart(client, url, multipart(FIELD), charset=charset)
    assert response.status_code == 400
    assert "We could not use what was sent" in response.content.decode()


def wsgi_request(path: str, query: str = "", method: str = "GET", content_type: str = "", body: bytes = b""):
    """Call the WSGI application gunicorn serves, as gunicorn would: status line and body."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(body),
    }
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"] = status

    content = b"".join(application(environ, start_response))
    return started["status"], content.decode()


@pytest.mark.parametrize("charset", UNREADABLE_CHARSETS)
def test_a_query_string_with_an_unreadable_charset_gets_400_not_a_crash_building_the_request(charset):
    # Django decodes the query string while it builds the request, before any middleware runs.
    status, html = wsgi_request("/treatments/", query="q=heat", content_type=f"text/plain; charset={charset}")
    assert status.startswith("400")
    assert "We could not use what was sent" in html


def test_readable_charsets_pass_untouched():
    environ = {"CONTENT_TYPE": "multipart/form-data; boundary=x; charset=utf-16"}
    assert without_unusable_charset(environ) is environ
    moved = without_unusable_charset({"CONTENT_TYPE": 'multipart/form-data; charset="rot13"; boundary=x'})
    assert moved == {"CONTENT_TYPE": "multipart/form-data; boundary=x", UNUSABLE_CHARSET: "rot13"}


@pytest.mark.parametrize("url", PUBLIC_URLS)
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_methods_no_address_takes_get_405_before_the_csrf_check(url, method):
    response = Client(enforce_csrf_checks=True).generic(method, url, b"a=1")
    assert response.status_code == 405
    assert response["Allow"] == ", ".join(SITE_METHODS)
    assert "no-store" in response["Cache-Control"]


def test_a_post_without_its_csrf_token_is_still_refused():
    assert Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"}).status_code == 403


MALFORMED_REQUESTS_SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    call_command("migrate", verbosity=0)
    client = Client(raise_request_exception=False)
    file_part = (
        b'--b\\r\\nContent-Disposition: form-data; name="f"; filename="a.txt"\\r\\n\\r\\nhello\\r\\n--b--\\r\\n'
    )
    requests = [
        ("multipart/form-data; boundary=b", file_part),
        ("multipart/form-data; boundary=b; charset=rot13", b"--b--\\r\\n"),
        ("multipart/form-data", b"no boundary"),
        ("application/x-www-form-urlencoded", b"x=" + b"y" * 70000),
    ]
    for content_type, body in requests:
        print(client.generic("POST", "/triage/answers/", body, content_type=content_type).status_code)
    """
)


def test_each_malformed_request_logs_one_line_not_a_traceback(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONWARNINGS": "ignore",
    }
    run = subprocess.run(
        [sys.executable, "-c", MALFORMED_REQUESTS_SCRIPT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["400", "400", "400", "400"]
    assert "Traceback" not in run.stderr
    assert len(run.stderr.splitlines()) == 4, run.stderr
