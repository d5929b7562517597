# backcare: one gunicorn replica. Run as many as you need against one PostgreSQL (see README.md).
# Base images are named by tag: pin each by digest (README, "Images") once you can ask the registry.
FROM python:3.12-slim

# uv from its official image, pinned to the version the lockfile was made with.
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

WORKDIR /app

# pg_dump and pg_restore for `manage.py backup` and `restore`, the same major version as the
# server (postgres:15 in compose.yaml): Debian 12's own.
RUN apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-client-15=15.*+deb12u*" \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --locked --no-dev --no-install-project

COPY . .
# collectstatic is the same command .ci/run uses; its key only satisfies settings (it signs nothing).
# The app files stay root's: the unprivileged user can read them, not change them.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --user-group --uid 10001 --no-create-home --shell /usr/sbin/nologin backcare
USER 10001:10001

# No EXPOSE: gunicorn listens on 127.0.0.1 unless GUNICORN_BIND names another address, and only
# nginx should reach it (compose.yaml puts the two on a network of their own).
# python:3.12-slim has no curl; urllib raises on anything but a 2xx, which fails the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["gunicorn", "-c", "gunicorn.conf.py"]
