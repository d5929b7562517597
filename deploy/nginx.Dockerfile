# backcare's edge: Debian's nginx (the build tests/test_nginx.py runs) with deploy/nginx.conf.
FROM debian:bookworm-slim

# Debian's nginx.conf includes conf.d/*.conf; its own default site would also claim port 80.
# Logs go to the container's output, in the private format deploy/nginx.conf sets.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx=1.22.1-9+deb12u* \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
    && install -d -o www-data -g www-data /var/cache/nginx/backcare \
    && ln -sf /dev/stderr /var/log/nginx/error.log

COPY deploy/nginx.conf /etc/nginx/conf.d/backcare.conf
COPY deploy/errors/ /etc/nginx/backcare-errors/

EXPOSE 80 443
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
