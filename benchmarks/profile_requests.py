"""Where a request's time goes: cProfile over the WSGI application, as gunicorn calls it, in one process.

Production settings on a throwaway SQLite loaded with fixtures/, browser headers (Accept-Encoding
included), the page cache warm. Each target runs REQUESTS times under the profiler; the top lines by
own time and by cumulative time are printed. No network or server: this shows Django's share only.

Run: uv run python benchmarks/profile_requests.py [target ...]   (targets: home treatment filtered
static hello wizard; default all)
"""

import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
REQUESTS = 2000
TOP = 18

BROWSER = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130 Mobile",
    "HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd",
    "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
}


def setup(directory: str) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="profile-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        BACKCARE_PLAIN_STATIC="1",
        DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{directory}/profile.sqlite3",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", *sorted(str(p) for p in (BASE_DIR / "fixtures").glob("*.json")), verbosity=0)


class Call:
    """One WSGI request, built once and replayed."""

    def __init__(self, app, method: str, path: str, body: bytes = b"", extra: dict | None = None):
        self.app = app
        path, _, query = path.partition("?")
        self.environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8411",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.errors": sys.stderr,
            "CONTENT_LENGTH": str(len(body)),
            **BROWSER,
            **(extra or {}),
        }
        self.body = body

    def __call__(self) -> tuple[str, dict, bytes]:
        environ = dict(self.environ, **{"wsgi.input": io.BytesIO(self.body)})
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, dict(headers)

        result = self.app(environ, start_response)
        content = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return seen["status"], seen["headers"], content


def targets(app) -> dict[str, Call]:
    from django.urls import reverse

    from guide.models import Treatment

    identity = {"HTTP_ACCEPT_ENCODING": "identity"}
    home_html = Call(app, "GET", "/", extra=identity)()[2].decode()
    css = re.search(r'href="(/static/css/[^"]+\.css)"', home_html).group(1)
    _, headers, start = Call(app, "GET", reverse("guide:triage"), extra=identity)()
    cookie = SimpleCookie(headers["Set-Cookie"])
    name, morsel = next(iter(cookie.items()))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', start.decode()).group(1)
    # The first screen answered "None of these": the ordinary next step, to the second screen.
    emergency = re.search(r'name="(q-[^"]+)"', start.decode()).group(1)
    step = re.search(r'name="step" value="([^"]+)"', start.decode()).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "step": step, emergency: "none", "go": "next"}).encode()
    post = {"CONTENT_TYPE": "application/x-www-form-urlencoded", "HTTP_COOKIE": f"{name}={morsel.value}"}
    return {
        "hello": Call(app, "GET", "/bench/hello/"),
        "home": Call(app, "GET", "/"),
        "treatment": Call(app, "GET", Treatment.objects.published().first().get_absolute_url()),
        "filtered": Call(app, "GET", "/treatments/?phase=first-hours&kind=self-care"),
        "static": Call(app, "GET", css),
        "wizard": Call(app, "POST", reverse("guide:triage_answer"), body, post),
    }


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="backcare-profile-") as directory:
        setup(directory)
        from django.core.wsgi import get_wsgi_application

        from backcare.request_guards import set_aside_unusable_charsets

        app = set_aside_unusable_charsets(get_wsgi_application())
        calls = targets(app)
        for name in names or list(calls):
            call = calls[name]
            status, headers, content = call()
            assert status.startswith("200"), (name, status)
            for _ in range(200):  # warm: caches filled, code paths hot
                call()
            start = time.perf_counter()
            for _ in range(REQUESTS):
                call()
            per_request = (time.perf_counter() - start) / REQUESTS * 1e6
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(REQUESTS):
                call()
            profiler.disable()
            encoding = headers.get("Content-Encoding", "identity")
            print(f"\n=== {name}: {per_request:.0f} us per request unprofiled, {len(content)} bytes {encoding}")
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
                stats.print_stats(TOP)
                lines = out.getvalue().splitlines()
                start_at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
                print(f"--- by {order}")
                print("\n".join(line for line in lines[start_at:] if line.strip()))
    print(f"\nrerun: uv run python benchmarks/profile_requests.py {' '.join(names)}".rstrip())


if __name__ == "__main__":
    main(sys.argv[1:])
