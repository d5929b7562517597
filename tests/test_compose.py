"""compose.yaml and the files it names agree: the deployment README describes can start as written.

No Docker daemon runs here, so this checks the wiring; tests/test_nginx.py runs the nginx config.
"""

import re
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def test_nginx_the_app_its_migration_and_postgresql():
    assert set(SERVICES) == {"nginx", "app", "migrate", "db"}
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert SERVICES["nginx"]["depends_on"]["app"]["condition"] == "service_healthy"
    assert "manage.py" in SERVICES["migrate"]["command"] and "migrate" in SERVICES["migrate"]["command"]


def test_the_app_trusts_the_proxy_and_uses_the_database_service():
    environment = SERVICES["app"]["environment"]
    assert environment["DJANGO_BEHIND_TLS_PROXY"] == "1"
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert SERVICES["migrate"]["environment"] == environment


def test_nginx_image_carries_the_tested_config_and_error_pages():
    nginx = SERVICES["nginx"]
    dockerfile = (BASE_DIR / nginx["build"]["dockerfile"]).read_text()
    assert "COPY deploy/nginx.conf /etc/nginx/conf.d/" in dockerfile
    assert "COPY deploy/errors/ /etc/nginx/backcare-errors/" in dockerfile
    assert "./deploy/tls:/etc/nginx/tls:ro" in nginx["volumes"]
    assert {"80:80", "443:443"} <= set(nginx["ports"])


def test_nginx_proxies_to_the_port_gunicorn_listens_on():
    upstream = re.search(r"server (\w+):(\d+);", (BASE_DIR / "deploy" / "nginx.conf").read_text())
    assert upstream.group(1) in SERVICES
    gunicorn = (BASE_DIR / "gunicorn.conf.py").read_text()
    assert f'"0.0.0.0:{upstream.group(2)}"' in gunicorn


def test_secrets_and_certificates_stay_out_of_git_and_images():
    for ignore_file in (".gitignore", ".dockerignore"):
        lines = (BASE_DIR / ignore_file).read_text().splitlines()
        assert ".env" in lines
        assert any(line.rstrip("/") == "deploy/tls" for line in lines)
