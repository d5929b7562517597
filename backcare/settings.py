"""Settings for backcare, read from the environment so one file serves every machine.

Environment:
    DJANGO_DEBUG            "1" for local development; anything else is production.
    DJANGO_SECRET_KEY       required in production; a fixed dev key is used only in debug. Or
                            DJANGO_SECRET_KEY_FILE, a file holding it (compose's secrets).
    DJANGO_ALLOWED_HOSTS    comma-separated host names.
    DATABASE_URL            e.g. postgres://user:pass@127.0.0.1:5432/backcare (default: SQLite).
    DATABASE_PASSWORD / DATABASE_PASSWORD_FILE   the database's password, if not in DATABASE_URL.
    DJANGO_SECURE_SSL_REDIRECT   production redirects http to https unless this is "0"
                            (tests and plain-http local runs set it to "0").
    DJANGO_BEHIND_TLS_PROXY "1" behind deploy/nginx.conf, or a proxy that sets the same headers: it
                            terminates TLS, overwrites X-Forwarded-Proto and X-Forwarded-For, and sends
                            the country, encoding and htmx values it caches by (backcare/proxy.py).
    BACKCARE_TRUSTED_PROXIES  the proxy's addresses or networks, comma-separated (default
                            127.0.0.1,::1): X-Forwarded-For is believed from these only (app and gunicorn).
    BACKCARE_COUNTRY        the country whose numbers pages show until a person picks another (default "gb").
    BACKCARE_EMERGENCY_NUMBER / BACKCARE_URGENT_NUMBER   numbers for pages made without the database
                            (500, 503, nginx's own pages); every other page reads its country's row.
    BACKCARE_URGENT_ONLINE_URL / BACKCARE_FIND_GP_URL   urgent help online (111.nhs.uk) and finding a GP,
                            shown to people in BACKCARE_COUNTRY only (other countries' rows have no links).
    BACKCARE_PAGECACHE_RECHECK_SECONDS   how often a worker re-reads the content version (default 1).
    BACKCARE_PAGECACHE_MAX_AGE / BACKCARE_PAGECACHE_STALE_WHILE_REVALIDATE   seconds public pages
                            may be kept by browsers and caches, and shown while rechecked (60, 60).
    BACKCARE_ADMIN_PATH     where the editors' admin lives (default "admin/").
    BACKCARE_ADMIN_SECOND_FACTOR   "1" makes staff sign in with a TOTP code (default: on unless debug).
    BACKCARE_SQLITE_BUSY_TIMEOUT   seconds a SQLite write waits for a lock before failing (default 5).
    BACKCARE_SQLITE_READ_TIMEOUT   seconds a SQLite read outside a transaction waits (default 1).
    BACKCARE_DB_STATEMENT_TIMEOUT  seconds PostgreSQL runs one statement before cancelling it (default 5;
                            0 for none, e.g. for a long migration); the client waits a second more.
    BACKCARE_DB_CONNECT_TIMEOUT    seconds to connect to PostgreSQL (default 3, at least 2).
"""

import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str:
    """A secret from NAME, or from the file NAME_FILE names (compose's secrets, mounted in /run/secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


DEBUG = env_flag("DJANGO_DEBUG")

# Required in production, but only where it is used: serving (backcare/wsgi.py stops at start-up
# without it) and signing. Commands such as makemigrations and collectstatic run without one.
SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "backcare.apps.EditorsAdminConfig",  # django.contrib.admin, with the second-factor site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "guide",
    "pagecache",
]

# Everything that sets headers sits above WhiteNoise, so static files get the same headers as pages.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "backcare.middleware.security_headers",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "guide.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A stored public page is answered here, compressed and with its validators: everything below
    # is for pages that must be rendered (see pagecache/middleware.py).
    "pagecache.middleware.serve_cached_pages",
    # Compress HTML (WhiteNoise already serves static files compressed) so a page's first load
    # stays well inside the 30 KB budget. Django pads gzip output at random against BREACH. It
    # reads Accept-Encoding as the page cache does (backcare/proxy.py).
    "backcare.middleware.GZipMiddleware",
    # Before anything reads a body or checks CSRF: refuses files, non-text charsets, PUT and DELETE.
    "backcare.request_guards.refuse_unusable_requests",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "backcare.sessions.end_old_sessions",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "backcare.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backcare.urls"
WSGI_APPLICATION = "backcare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "guide.context_processors.phone_numbers",
                "guide.context_processors.care_links",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# Backends that give up in seconds when the database stops answering (backcare/databases/), so a
# person gets the 503 page with the numbers quickly, never a 30-second wait.
if database_password := env_secret("DATABASE_PASSWORD"):
    DATABASES["default"]["PASSWORD"] = database_password
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "backcare.databases.sqlite3"
    # IMMEDIATE takes the write lock when a transaction starts, so a busy database makes a save wait
    # (up to the timeout) or fail before anything is written, never half-way through an edit.
    # Reads outside a transaction wait a shorter time for another process's lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("BACKCARE_SQLITE_BUSY_TIMEOUT", "5")),
        "backcare_read_timeout": float(os.environ.get("BACKCARE_SQLITE_READ_TIMEOUT", "1")),
    }
    # Tests use an in-memory database, as Django does for its own SQLite backend. Said here because
    # pytest-django recognises SQLite by Django's engine name only: for this one it would name each
    # xdist worker's database "test_<path>_gw0", a folder that does not exist.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "backcare.databases.postgresql"
    # The server cancels a statement after BACKCARE_DB_STATEMENT_TIMEOUT seconds (0: never; for a
    # long migration); the client waits at most a second more for a server that has stopped
    # answering altogether, and BACKCARE_DB_CONNECT_TIMEOUT seconds (at least 2) to connect.
    statement_timeout = float(os.environ.get("BACKCARE_DB_STATEMENT_TIMEOUT", "5"))
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", int(os.environ.get("BACKCARE_DB_CONNECT_TIMEOUT", "3")))
    options["options"] = f"{options.get('options', '')} -c statement_timeout={int(statement_timeout * 1000)}".strip()
    options["backcare_wait_timeout"] = statement_timeout + 1 if statement_timeout else None
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Full-text search and trigram similarity for the site search (guide/search/postgres.py).
    INSTALLED_APPS.append("django.contrib.postgres")
# Rendered public pages, per worker process. Coherent across replicas: see pagecache/__init__.py.
# How stale a worker's idea of the content version may get; tests set 0 (re-read on every request).
PAGECACHE_RECHECK_SECONDS = float(os.environ.get("BACKCARE_PAGECACHE_RECHECK_SECONDS", "1"))
# How long browsers, nginx and CDNs may keep a public page without asking (Cache-Control max-age),
# and then go on showing it while they check it in the background (stale-while-revalidate). An
# edit reaches every reader within the sum; asking again costs a 304 while nothing changed.
PAGECACHE_MAX_AGE = int(os.environ.get("BACKCARE_PAGECACHE_MAX_AGE", "60"))
PAGECACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("BACKCARE_PAGECACHE_STALE_WHILE_REVALIDATE", "60"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 60 * 60,
        # Each page variant is kept in three encodings (br, gzip, none): about 500 page variants.
        "OPTIONS": {"MAX_ENTRIES": 1500},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out editor before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_flag("BACKCARE_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Without collected files (development, tests), serve static straight from static/.
WHITENOISE_USE_FINDERS = STORAGES["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
# No other site needs our files; WhiteNoise would otherwise send Access-Control-Allow-Origin: *.
WHITENOISE_ALLOW_ALL_ORIGINS = False

# The wizard posts every answer so far as hidden fields (about 30). The admin's form for the first
# screen's emergency question posts about 320 (24 answers, 10 fields each, and citations), and must
# save; 1000 (Django's default) leaves room for more answers while a flood of fields still gets a 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
# No page takes a file: the first file part of any multipart body gets a 400 (see request_guards).
FILE_UPLOAD_HANDLERS = ["backcare.request_guards.RefuseFileUploads"]
# A plain-English page (and the htmx partial) when a form's CSRF check fails.
CSRF_FAILURE_VIEW = "guide.errors.csrf_failure"

# Security headers. Django adds CSP, HSTS, nosniff, Referrer-Policy, COOP and X-Frame-Options;
# backcare.middleware adds Cross-Origin-Resource-Policy and Permissions-Policy.
# The nonce appears in the header only on responses that use it (the admin's inline <style>);
# the public pages use none, so their cached HTML never carries a stale nonce.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HSTS is sent only on https responses, so it cannot lock a plain-http development server out.
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = not DEBUG and env_flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
# A load balancer's health probe speaks plain http inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind the proxy, the app believes the headers it sets and no client's (backcare/proxy.py).
BACKCARE_BEHIND_PROXY = env_flag("DJANGO_BEHIND_TLS_PROXY")
# The proxy's own addresses or networks: only a request from one of them may say, in
# X-Forwarded-For, whom it is for. gunicorn.conf.py reads the same variable (forwarded_allow_ips).
BACKCARE_TRUSTED_PROXIES = [
    ipaddress.ip_network(item, strict=False) for item in env_list("BACKCARE_TRUSTED_PROXIES", "127.0.0.1,::1")
]
if BACKCARE_BEHIND_PROXY:
    # Only behind a proxy that overwrites X-Forwarded-Proto; a client could forge it otherwise.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# __Host- cookies are Secure, host-only and path-wide: a sibling subdomain cannot plant or read them.
# Plain names in debug, because browsers refuse __Host- cookies from a plain-http non-localhost origin.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Editors' sessions end after 30 idle minutes: every request pushes the expiry back. Whatever the
# activity, a session ends 12 hours after signing in (backcare/sessions.py), so a stolen cookie or
# a computer left signed in does not keep the admin open for ever.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = datetime.timedelta(hours=float(os.environ.get("BACKCARE_SESSION_HOURS", "12")))
SESSION_ENGINE = "backcare.sessions"

# The editors' admin. Moving it off /admin/ cuts the noise of scripted sign-in attempts.
ADMIN_PATH = os.environ.get("BACKCARE_ADMIN_PATH", "admin/").strip("/") + "/"
# Staff sign in with a password and a TOTP code from an authenticator app (backcare/admin_site.py).
# On unless debug; the tests turn it off except where they test it (pyproject.toml).
ADMIN_SECOND_FACTOR = env_flag("BACKCARE_ADMIN_SECOND_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = "backcare"
# Nobody reads an editor's TOTP secret back from the admin: no key on a device's page, no QR code
# view. Only `add_second_factor` shows a key, once, to whoever runs the site.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# After signing in, or when ?next= points off the site, editors land on the admin's index.
LOGIN_REDIRECT_URL = "admin:index"

# django-axes (see backcare/lockout.py): 5 failed admin sign-ins for one username from one address
# lock that username from that address; 20 from one address, for any usernames, lock the address.
# Both for an hour after the last failure. Nobody can lock an editor out from elsewhere.
# Only admin logins are watched; wizard users never sign in, so axes records nothing about them.
# It does keep the IP address and user agent of admin sign-ins (failed and successful) for audit.
AXES_HANDLER = "backcare.lockout.EditorLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_CALLABLE = "backcare.lockout.locked_out"
if BACKCARE_BEHIND_PROXY:
    # Otherwise every editor shares the proxy's address, and one typo-prone editor locks out all.
    # X-Forwarded-For is believed only from the proxy's own addresses (backcare/proxy.py).
    AXES_CLIENT_IP_CALLABLE = "backcare.proxy.client_ip"
AXES_ONLY_ADMIN_SITE = True
# Axes keeps each failed sign-in's form for audit: never the password (always masked) nor the code.
AXES_SENSITIVE_PARAMETERS = ["otp_token"]

# A revision's reason holds the editor's change note and who approved it (guide/governance/review.py),
# which can be longer than simple-history's default 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
AXES_RESET_ON_SUCCESS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A malformed request is the client's fault: one line, not a traceback, in the log.
    # A database error logs its class only, never the driver's message (hosts, ports, users).
    "filters": {
        "one_line_client_errors": {"()": "backcare.logs.OneLineClientErrors"},
        "no_driver_messages": {"()": "backcare.logs.NoDatabaseDriverMessages"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors", "no_driver_messages"]}
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# A Country row's code (fixtures/09_countries_and_check_ins.json): its numbers are the default.
BACKCARE_COUNTRY = os.environ.get("BACKCARE_COUNTRY", "gb")
BACKCARE_EMERGENCY_NUMBER = os.environ.get("BACKCARE_EMERGENCY_NUMBER", "999")
BACKCARE_URGENT_NUMBER = os.environ.get("BACKCARE_URGENT_NUMBER", "111")
# Where the results and care cards send a person to get help online, or to find their GP.
BACKCARE_URGENT_ONLINE_URL = os.environ.get("BACKCARE_URGENT_ONLINE_URL", "https://111.nhs.uk/")
BACKCARE_FIND_GP_URL = os.environ.get("BACKCARE_FIND_GP_URL", "https://www.nhs.uk/service-search/find-a-gp")
# The triage wizard's vignette suite: the admin's safety gate and /triage/how-we-test/ read it.
BACKCARE_VIGNETTES_DIR = BASE_DIR / "tests" / "vignettes"
