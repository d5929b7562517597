"""compose.yaml and the files it names agree: the deployment README describes can start as written,
hardened as the security review asked (2026-12-06, findings 9, 12 and 17).

No Docker daemon runs here, so this checks the wiring; tests/test_nginx.py runs the nginx config.
"""

import re
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
NGINX_CONF = (BASE_DIR / "deploy" / "nginx.conf").read_text()


def test_nginx_the_app_its_migration_its_backups_and_postgresql():
    assert set(SERVICES) == {"nginx", "app", "migrate", "backup", "db"}
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert SERVICES["nginx"]["depends_on"]["app"]["condition"] == "service_healthy"
    assert "manage.py" in SERVICES["migrate"]["command"] and "migrate" in SERVICES["migrate"]["command"]


def test_the_database_is_backed_up_every_day_into_a_volume_of_its_own():
    backup = SERVICES["backup"]
    assert backup["command"] == ["python", "manage.py", "backup", "--every-hours", "24"]
    assert "backups:/backups" in backup["volumes"] and "backups" in COMPOSE["volumes"]
    assert backup["environment"]["BACKCARE_BACKUP_DIR"] == "/backups"
    assert "postgresql-client-15" in (BASE_DIR / "Dockerfile").read_text()  # pg_dump, the server's version


def test_the_app_trusts_only_nginx_and_uses_the_database_service():
    environment = SERVICES["app"]["environment"]
    assert environment["DJANGO_BEHIND_TLS_PROXY"] == "1"
    assert "@db:5432/" in environment["DATABASE_URL"]
    nginx_address = SERVICES["nginx"]["networks"]["edge"]["ipv4_address"]
    assert environment["BACKCARE_TRUSTED_PROXIES"] == nginx_address
    for service in ("migrate", "backup"):
        assert SERVICES[service]["environment"]["DATABASE_URL"] == environment["DATABASE_URL"]


def test_secrets_are_files_never_environment_values():
    assert set(COMPOSE["secrets"]) == {"django_secret_key", "postgres_password"}
    for name, service in SERVICES.items():
        for key, value in service.get("environment", {}).items():
            assert not re.search(r"SECRET_KEY$|PASSWORD$", key), f"{name}: {key} should be a *_FILE secret"
            assert "${" not in str(value) or key == "DJANGO_ALLOWED_HOSTS", f"{name}: {key}"
    assert SERVICES["app"]["environment"]["DJANGO_SECRET_KEY_FILE"] == "/run/secrets/django_secret_key"
    assert SERVICES["db"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    assert "DATABASE_PASSWORD_FILE" in SERVICES["app"]["environment"]


def test_every_service_is_read_only_without_capabilities_or_new_privileges_and_limited():
    for name, service in SERVICES.items():
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert service["mem_limit"] and service["cpus"], name
        assert service.get("tmpfs"), f"{name}: somewhere to write its temporary files"
    assert set(SERVICES["nginx"]["cap_add"]) == {"NET_BIND_SERVICE", "SETUID", "SETGID", "CHOWN"}
    for name in ("app", "migrate", "backup"):
        assert "cap_add" not in SERVICES[name], name
    assert SERVICES["db"]["user"] == "postgres" and "cap_add" not in SERVICES["db"]


def test_only_nginx_reaches_the_outside_and_gunicorn_listens_only_for_it():
    networks = COMPOSE["networks"]
    assert networks["edge"]["internal"] is True and networks["data"]["internal"] is True
    assert set(SERVICES["nginx"]["networks"]) == {"public", "edge"}
    assert set(SERVICES["app"]["networks"]) == {"edge", "data"}
    for name in ("migrate", "backup", "db"):
        assert SERVICES[name]["networks"] == ["data"], name
    assert "ports" not in SERVICES["app"]
    app_address = SERVICES["app"]["networks"]["edge"]["ipv4_address"]
    upstream = re.search(r"server (\w+):(\d+);", NGINX_CONF)
    assert upstream.group(1) == "app"
    assert (
        SERVICES["app"]["environment"]["GUNICORN_BIND"]
        == f"127.0.0.1:{upstream.group(2)},{app_address}:{upstream.group(2)}"
    )
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert not re.search(r"^EXPOSE", dockerfile, re.MULTILINE)
    gunicorn = (BASE_DIR / "gunicorn.conf.py").read_text()
    assert '"127.0.0.1:8000"' in gunicorn and "0.0.0.0" not in gunicorn


def test_nginx_has_a_health_check_that_its_config_answers():
    check = " ".join(SERVICES["nginx"]["healthcheck"]["test"])
    assert "/nginx-health" in check and "location = /nginx-health" in NGINX_CONF


def test_nginx_image_carries_the_tested_config_and_error_pages():
    nginx = SERVICES["nginx"]
    dockerfile = (BASE_DIR / nginx["build"]["dockerfile"]).read_text()
    assert "COPY deploy/nginx.conf /etc/nginx/conf.d/" in dockerfile
    assert "COPY deploy/errors/ /etc/nginx/backcare-errors/" in dockerfile
    assert "root /etc/nginx/backcare-errors;" in NGINX_CONF
    assert "./deploy/tls:/etc/nginx/tls:ro" in nginx["volumes"]
    assert {"80:80", "443:443"} <= set(nginx["ports"])


def test_secrets_and_certificates_stay_out_of_git_and_images():
    for ignore_file in (".gitignore", ".dockerignore"):
        lines = [line.rstrip("/") for line in (BASE_DIR / ignore_file).read_text().splitlines()]
        assert ".env" in lines
        assert "deploy/tls" in lines
        assert "secrets" in lines
        assert "backups" in lines
