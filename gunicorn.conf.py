"""gunicorn settings for backcare: `gunicorn -c gunicorn.conf.py`.

Environment:
    GUNICORN_BIND      addresses to listen on, comma-separated (default 127.0.0.1:8000: reachable from
                       this machine or container only; compose.yaml adds the address nginx reaches).
    BACKCARE_TRUSTED_PROXIES  the proxy's addresses (default 127.0.0.1,::1): only they may set the
                       X-Forwarded-* headers gunicorn reads.
    GUNICORN_WORKERS   worker processes (default: 2 per CPU this process may use, plus 1).
    GUNICORN_THREADS   threads per worker (default 2; above 1 gunicorn uses its gthread worker).
    GUNICORN_REUSE_PORT  "0" makes the workers share one listening socket (default: one each).
"""

import os

wsgi_app = "backcare.wsgi:application"
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if address.strip()]
# X-Forwarded-Proto (and the rest of gunicorn's forwarded headers) only from our proxy; the app
# applies the same list to X-Forwarded-For (backcare/proxy.py).
forwarded_allow_ips = os.environ.get("BACKCARE_TRUSTED_PROXIES", "127.0.0.1,::1")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * len(os.sched_getaffinity(0)) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

# Each worker listens on its own SO_REUSEPORT socket, so the kernel spreads new connections evenly.
# On one shared socket a single worker took 76 of 100 keep-alive connections, and killing it
# dropped 75 requests (benchmarks/soak.py shows the spread).
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "1") != "0"
# Load the app once, before forking: a replacement worker joins the port ready to answer, instead
# of taking new connections while it spends a second or two importing Django.
preload_app = True

# With threaded (gthread) workers this is only how long a worker may go without telling the arbiter
# it is alive; a request stuck in one thread does not stop that, so it never fires for one (the
# security review saw no WORKER TIMEOUT in a 3-minute database hang). What bounds a request is the
# database's own timeouts (backcare/databases/: the 503 page within seconds) and nginx's
# proxy_read_timeout (its 504 page).
timeout = 30
graceful_timeout = 20
# Shorter than a load balancer's idle timeout (often 60 s), so the balancer never reuses a connection
# gunicorn has just closed.
keepalive = 5

# No admin control socket: nothing in production should steer workers from inside the container.
control_socket_disable = True

# The access log says what was served and how fast, and nothing about who asked: no address,
# user agent, referrer or query string (a search can be personal). PATH_INFO never holds the query.
accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(M)sms"
