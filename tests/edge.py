"""Run the shipped deploy/nginx.conf in Debian's nginx on loopback, and talk to it like a client.

The site file is used as it is, with only what must differ on a test machine changed (each
change must match exactly once, so an edit to the file that breaks it fails loudly): the listen
addresses, the upstream's address, the certificate, error-page and cache folders, and, for the 504 test,
the upstream read timeout. A self-signed certificate for localhost and 127.0.0.1 is made per run.
"""

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.browser.server import free_port

BASE_DIR = Path(__file__).resolve().parent.parent
NGINX = Path(os.environ.get("BACKCARE_NGINX", "/usr/sbin/nginx"))
SITE_CONFIG = BASE_DIR / "deploy" / "nginx.conf"
ERROR_PAGES = BASE_DIR / "deploy" / "errors"
# As a phone's browser sends them (the house rule for anything that measures).
BROWSER_HEADERS = {
    "Host": "localhost",
    "User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130 Mobile",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "Accept-Language": "en-GB,en;q=0.9",
}

MAIN_CONFIG = """
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/backcare.conf;
}}
"""


def nginx_missing() -> str | None:
    if not NGINX.exists():
        return f"nginx at {NGINX} (apt-get install nginx)"
    if shutil.which("openssl") is None:
        return "openssl (apt-get install openssl)"
    return None


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx.conf should contain {old!r} exactly once"
    return text.replace(old, new)


def site_config(
    http_port: int,
    https_port: int,
    upstream: str | list[str],
    folder: Path,
    read_timeout: str | None,
    real_ip_from: str | None = None,
) -> str:
    text = SITE_CONFIG.read_text()
    text = replace_once(text, "listen 80;", f"listen 127.0.0.1:{http_port};")
    text = replace_once(text, "listen [::]:80;\n", "")
    text = replace_once(text, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    text = replace_once(text, "listen [::]:443 ssl http2;\n", "")
    upstreams = [upstream] if isinstance(upstream, str) else upstream
    text = replace_once(text, "server app:8000;", "\n    ".join(f"server {address};" for address in upstreams))
    text = text.replace("/etc/nginx/tls/", f"{folder}/tls/")
    text = replace_once(text, "root /etc/nginx/backcare-errors;", f"root {ERROR_PAGES};")
    assert text.count("error_log /var/log/nginx/error.log crit;") == 2, "each server's error log"
    text = text.replace("error_log /var/log/nginx/error.log crit;", f"error_log {folder}/error.log crit;")
    text = replace_once(text, "proxy_cache_path /var/cache/nginx/backcare ", f"proxy_cache_path {folder}/cache ")
    if read_timeout:
        text = replace_once(text, "proxy_read_timeout 35s;", f"proxy_read_timeout {read_timeout};")
    if real_ip_from:  # the lines the file documents for running behind a load balancer, turned on
        text = replace_once(text, "#   set_real_ip_from 10.0.0.0/8;", f"set_real_ip_from {real_ip_from};")
        text = replace_once(text, "#   real_ip_header X-Forwarded-For;", "real_ip_header X-Forwarded-For;")
        text = replace_once(text, "#   real_ip_recursive on;", "real_ip_recursive on;")
    return text


def make_certificate(folder: Path) -> None:
    folder.mkdir()
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    files = ["-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"), "-days", "2"]
    names = ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
    subprocess.run(["openssl", "req", "-x509", *key, *files, *names], check=True, capture_output=True)


@dataclass
class Edge:
    http_port: int
    https_port: int
    folder: Path

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.folder / "tls" / "fullchain.pem"))

    def request(self, method: str, path: str, body: bytes | None = None, headers=None, https: bool = True):
        """One request on a new connection; the response with its body read (as `.body`)."""
        if https:
            connection = http.client.HTTPSConnection(
                "localhost", self.https_port, context=self.tls_context(), timeout=15
            )
        else:
            connection = http.client.HTTPConnection("localhost", self.http_port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=BROWSER_HEADERS | (headers or {}))
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()

    def send(self, path: str, headers: list[tuple[str, str]]):
        """A GET over https with exactly these headers, in this order, duplicates and odd spellings
        included (besides Host), on a new connection; the response with its body read (as `.body`)."""
        connection = http.client.HTTPSConnection("localhost", self.https_port, context=self.tls_context(), timeout=15)
        try:
            connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            for name, value in [("Host", "localhost"), *headers]:
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()

    def error_log(self) -> str:
        return (self.folder / "error.log").read_text()


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {port} within {timeout} s")


@contextmanager
def running_edge(
    upstream: str | list[str], read_timeout: str | None = None, real_ip_from: str | None = None
) -> Iterator[Edge]:
    """Debian's nginx with deploy/nginx.conf in front of `upstream` (host:port, or several), on loopback.

    `real_ip_from` turns on the file's lines for a load balancer at that address."""
    with tempfile.TemporaryDirectory(prefix="backcare-nginx-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o755)  # nginx's workers read error pages and write temp files as another user
        make_certificate(folder / "tls")
        edge = Edge(free_port(), free_port(), folder)
        config = site_config(edge.http_port, edge.https_port, upstream, folder, read_timeout, real_ip_from)
        (folder / "backcare.conf").write_text(config)
        # As root, nginx's workers would run as nobody, who cannot use the temporary folder.
        user = "user root root;" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(MAIN_CONFIG.format(folder=folder, user=user))
        command = [str(NGINX), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_for_port(edge.https_port, process)
            yield edge
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextmanager
def silent_upstream() -> Iterator[str]:
    """An address that accepts connections and never answers: a hung app, for nginx's 504."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()


def closed_port() -> str:
    """An address where nothing listens: a dead app, for nginx's 502."""
    return f"127.0.0.1:{free_port()}"


# --- Slow clients ---

SLOW_REQUEST_START = b"GET / HTTP/1.1\r\nHost: localhost\r\n"


def slow_client(host: str, port: int, tls: ssl.SSLContext | None, until: float, byte_every: float) -> None:
    """Send a request's headers a byte at a time, never finishing them; reconnect when cut off."""
    while time.monotonic() < until:
        try:
            raw = socket.create_connection((host, port), timeout=5)
            sock = tls.wrap_socket(raw, server_hostname="localhost") if tls else raw
            with sock:
                sock.sendall(SLOW_REQUEST_START)
                while time.monotonic() < until:
                    sock.sendall(b"X")  # one more byte of a header name that never ends
                    time.sleep(byte_every)
        except OSError:  # the server closed us (a header timeout): start again, as an attacker would
            time.sleep(0.1)


@dataclass
class Probe:
    seconds: float | None  # None: timed out or failed
    status: int | None


def probe(host: str, port: int, tls: ssl.SSLContext | None, timeout: float) -> Probe:
    start = time.monotonic()
    if tls:
        connection = http.client.HTTPSConnection(host, port, context=tls, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", "/", headers=BROWSER_HEADERS)
        response = connection.getresponse()
        response.read()
        return Probe(time.monotonic() - start, response.status)
    except OSError:
        return Probe(None, None)
    finally:
        connection.close()


def probes_under_slow_clients(
    port: int,
    tls: ssl.SSLContext | None,
    clients: int = 30,
    seconds: float = 20,
    probes: int = 5,
    timeout: float = 5,
    byte_every: float = 1.0,
) -> list[Probe]:
    """`clients` slow-header clients for `seconds`; meanwhile `probes` ordinary requests, evenly spread."""
    until = time.monotonic() + seconds
    attackers = [
        threading.Thread(target=slow_client, args=("127.0.0.1", port, tls, until, byte_every), daemon=True)
        for _ in range(clients)
    ]
    for thread in attackers:
        thread.start()
    time.sleep(min(2.0, seconds / 4))  # let every slow client connect first
    results = []
    gap = (until - time.monotonic() - timeout) / probes
    for _ in range(probes):
        started = time.monotonic()
        results.append(probe("localhost", port, tls, timeout))
        time.sleep(max(0.0, gap - (time.monotonic() - started)))
    for thread in attackers:
        thread.join()
    return results


def parse_size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmM]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 2**20}[unit.lower()]
