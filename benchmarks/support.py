"""Shared by the benchmark scripts: a production-mode site on loopback, and wrk."""

import atexit
import contextlib
import gzip
import http.client
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import brotli

BASE_DIR = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8411"))
sys.path.insert(0, str(BASE_DIR))

from tests.html_forms import form_data  # noqa: E402

# What Chrome on a phone sends with every page request (the house rule for anything that measures):
# a page that is cheap only without Accept-Encoding is not cheap.
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130 Mobile",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate, br, zstd",
    "Accept-Language": "en-GB,en;q=0.9",
}

SETUP_SCRIPT = """
import django
django.setup()
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
fixtures = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
if fixtures:
    call_command("loaddata", *fixtures, verbosity=0)
else:
    from tests.factories import make_guide
    make_guide(5)
"""


def site_env(database_url: str) -> dict[str, str]:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # The benchmarks' editor signs in with a password alone.
        "BACKCARE_ADMIN_SECOND_FACTOR": "0",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(BASE_DIR),
    }


@contextlib.contextmanager
def database() -> Iterator[str]:
    """$DATABASE_URL if set (it must be empty), else a fresh SQLite file."""
    if url := os.environ.get("DATABASE_URL"):
        yield url
        return
    directory = tempfile.mkdtemp(prefix="backcare-bench-")
    try:
        yield f"sqlite:///{directory}/bench.sqlite3"
    finally:
        shutil.rmtree(directory)


def prepare(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-c", SETUP_SCRIPT], cwd=BASE_DIR, env=env, check=True)


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], workers: int | None = 2, threads: int = 2, port: int = PORT
) -> Iterator[subprocess.Popen]:
    """gunicorn with gunicorn.conf.py; workers=None keeps its default (2 per CPU, plus 1)."""
    env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_THREADS": str(threads)}
    if workers is not None:
        env["GUNICORN_WORKERS"] = str(workers)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):  # up to a minute: on a busy shared machine gunicorn can take more than 10 s to start
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).status == 200:
                    break
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def url(path: str) -> str:
    return f"http://127.0.0.1:{PORT}{path}"


def get(path: str) -> tuple[int, str, str]:
    """Status, body and Set-Cookie of a GET, without following redirects or raising on 4xx."""
    try:
        response = urllib.request.urlopen(url(path), timeout=10)
    except urllib.error.HTTPError as error:
        return error.code, "", ""
    return response.status, response.read().decode(), response.headers.get("Set-Cookie", "")


def wrk(
    path: str, seconds: int, connections: int, script: str | None = None, timeout: int = 5, base: str | None = None
) -> dict:
    """wrk against the site (or `base`, such as nginx in front of it): throughput, latency, errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s", "--latency"]
    if script:
        command += ["-s", script]
    target = base + path if base else url(path)
    output = subprocess.run([*command, target], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1),
        "p99": re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1),
        "errors": sum(map(int, errors.groups())) if errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


class FirstPostForm(HTMLParser):
    """The fields a browser would send from a page's first POST form, taking the first choice of each."""

    def __init__(self):
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None and (attrs.get("method") or "").lower() == "post":
            self.action, self._inside = attrs.get("action") or "", True
        elif self._inside and tag in ("input", "button") and attrs.get("name"):
            default = "on" if attrs.get("type") in ("radio", "checkbox") else ""
            self.fields.setdefault(attrs["name"], attrs.get("value") or default)

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


@dataclass
class Target:
    """One URL to load: a GET, or a POST of a form with its CSRF cookie."""

    label: str
    path: str
    body: str | None = None
    cookie: str = ""

    def wrk_script(self) -> str:
        """A wrk Lua script that sends a browser's headers, and the form for a POST."""
        if self.body is None:
            return lua_file(lua_headers(BROWSER_HEADERS))
        return lua_file(
            lua_headers(BROWSER_HEADERS | {"Content-Type": FORM, "Cookie": self.cookie})
            + f'wrk.method = "POST"\nwrk.body = {lua_string(self.body)}\n'
        )

    def encoding(self) -> str:
        """The Content-Encoding the server answers a browser with."""
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        connection.request(*self.request_arguments())
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.headers.get("Content-Encoding", "identity")

    def request_arguments(self) -> tuple:
        method = "GET" if self.body is None else "POST"
        headers = BROWSER_HEADERS | ({} if self.body is None else {"Content-Type": FORM, "Cookie": self.cookie})
        return method, self.path, self.body, headers

    def latency_ms(self, requests: int = 30) -> float:
        """Mean milliseconds per request, back to back on one connection."""
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        arguments = self.request_arguments()
        start = time.perf_counter()
        for _ in range(requests):
            connection.request(*arguments)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                raise RuntimeError(f"{self.label}: {response.status}")
        elapsed = time.perf_counter() - start
        connection.close()
        return elapsed / requests * 1000


FORM = "application/x-www-form-urlencoded"


def post_target(label: str, page_path: str) -> Target | None:
    """Post the page's first form as a browser would, with a valid CSRF cookie and token."""
    status, html, set_cookie = get(page_path)
    if status != 200:
        return None
    form = FirstPostForm()
    form.feed(html)
    if form.action is None:
        return None
    return Target(
        label,
        form.action or page_path,
        body=urllib.parse.urlencode(form.fields),
        cookie=set_cookie.split(";", 1)[0],
    )


def rotating_script(paths: list[str], posts: list[Target] = (), origin: str = "") -> str:
    """A wrk Lua script that GETs each path in turn, then sends each form, with a browser's headers."""
    requests = [f'wrk.format("GET", {lua_string(path)})' for path in paths]
    for post in posts:
        headers = BROWSER_HEADERS | {"Content-Type": FORM, "Cookie": post.cookie, "Origin": origin}
        table = ", ".join(f"[{lua_string(name)}] = {lua_string(value)}" for name, value in headers.items())
        requests.append(f'wrk.format("POST", {lua_string(post.path)}, {{{table}}}, {lua_string(post.body)})')
    return lua_file(
        lua_headers(BROWSER_HEADERS)
        + "local requests = {}\n"
        + "init = function()\n"
        + "".join(f"  requests[{i}] = {request}\n" for i, request in enumerate(requests, 1))
        + "end\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #requests + 1\n"
        "  return requests[i]\n"
        "end\n"
    )


def lua_file(text: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(text)
    atexit.register(os.unlink, script.name)
    return script.name


def lua_headers(headers: dict[str, str]) -> str:
    return "".join(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}\n" for name, value in headers.items())


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- An editor and readers, for the benchmarks that time an edit reaching readers

EDITOR_SETUP = """
import sys, django
django.setup()
from django.contrib.auth import get_user_model
from guide.models import Treatment
get_user_model().objects.create_superuser("bench-editor", password=sys.argv[1])
treatment = Treatment.objects.published().first()
print(treatment.pk, treatment.get_absolute_url())
"""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def text(self) -> str:
        """The body as a browser shows it, whatever the encoding."""
        encoding = self.headers.get("Content-Encoding", "")
        body = {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)(self.body)
        return body.decode()


class Browser:
    """One browser's requests to the site, or to nginx in front of it, with its cookies kept."""

    def __init__(self, port: int, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1"):
        self.port, self.tls, self.host = port, tls, host
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        # nginx passes the host without the port ($host); gunicorn alone sees it with the port.
        return f"https://{self.host}" if self.tls else f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, fields: dict | None = None, headers: dict | None = None) -> Response:
        if self.tls:
            connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.tls, timeout=30)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = BROWSER_HEADERS | {"Host": self.host} | (headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            sent |= {"Content-Type": FORM, "Origin": self.origin}
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return response


def editor_account(env: dict[str, str]) -> tuple[str, int, str]:
    """Make a superuser; returns its password, and the primary key and address of a treatment to edit."""
    password = secrets.token_urlsafe(16)
    command = [sys.executable, "-c", EDITOR_SETUP, password]
    output = subprocess.run(command, cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True).stdout.split()
    return password, int(output[0]), output[1]


def signed_in_editor(port: int, tls: ssl.SSLContext | None, password: str) -> Browser:
    """A browser signed in to the admin as the benchmarks' editor."""
    editor = Browser(port, tls)
    login = editor.request("GET", "/admin/login/").text()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    fields = {"csrfmiddlewaretoken": token, "username": "bench-editor", "password": password, "next": "/admin/"}
    signed_in = editor.request("POST", "/admin/login/", fields)
    assert signed_in.status == 302, f"admin sign-in answered {signed_in.status}"
    return editor


def rename_in_admin(editor: Browser, pk: int, name: str) -> None:
    """Rename a treatment through its admin change form, as an editor does."""
    change = f"/admin/guide/treatment/{pk}/change/"
    fields = form_data(editor.request("GET", change).text()) | {"name": [name], "_save": ["Save"]}
    saved = editor.request("POST", change, fields)
    assert saved.status == 302, f"the admin did not save the edit ({saved.status})"
