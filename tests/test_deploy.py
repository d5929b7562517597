"""Production configuration: Django's deploy checks and gunicorn's privacy-keeping access log."""

import datetime
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

BASE_DIR = Path(__file__).resolve().parent.parent


def production_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "BACKCARE_"))}
    return env | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "backcare.example.org",
    }


def test_deploy_checks_pass_at_warning_level():
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def gunicorn_settings() -> dict:
    return {
        name: value
        for name, value in runpy.run_path(str(BASE_DIR / "gunicorn.conf.py")).items()
        if not name.startswith("_") and name != "os"
    }


def gunicorn_config() -> Config:
    config = Config()
    for name, value in gunicorn_settings().items():
        config.set(name, value)
    return config


def test_gunicorn_config_names_only_real_settings():
    # gunicorn ignores a misspelt name in a config file; this catches it.
    assert set(gunicorn_settings()) <= set(Config().settings)


def test_gunicorn_has_no_control_socket_and_a_timeout():
    config = gunicorn_config()
    assert config.control_socket_disable is True
    assert config.timeout == 30


def test_each_gunicorn_worker_gets_its_own_listening_socket_and_starts_ready():
    # The kernel then spreads connections across workers (benchmarks/soak.py measures it), and a
    # replacement worker forks from a loaded app instead of taking connections while it imports.
    config = gunicorn_config()
    assert config.reuse_port is True
    assert config.preload_app is True


def test_workers_and_threads_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "7")
    monkeypatch.setenv("GUNICORN_THREADS", "3")
    config = gunicorn_config()
    assert (config.workers, config.threads) == (7, 3)


def test_access_log_keeps_method_path_status_and_time_only():
    config = gunicorn_config()
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/treatments/?q=my+private+search",
        "PATH_INFO": "/treatments/",
        "QUERY_STRING": "q=my+private+search",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": "https://elsewhere.example/",
        "HTTP_USER_AGENT": "Mozilla/5.0 PrivatePhone",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[("Content-Type", "text/html")])
    request = SimpleNamespace(headers=[("USER-AGENT", "Mozilla/5.0 PrivatePhone")])
    atoms = logger.atoms_wrapper_class(logger.atoms(response, request, environ, datetime.timedelta(microseconds=4200)))
    line = config.access_log_format % atoms
    assert line == "GET /treatments/ 200 4ms"
