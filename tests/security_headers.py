"""The security headers every response must carry, from Django, WhiteNoise or nginx."""

from backcare.middleware import PERMISSIONS_POLICY

ONE_YEAR = 60 * 60 * 24 * 365
EXPECTED_CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, nonce_allowed: bool = False, https: bool = True) -> None:
    """`response.headers` as Django's test client or http.client gives them. No HSTS over plain http."""
    headers = response.headers
    csp = csp_directives(headers["Content-Security-Policy"])
    if nonce_allowed:
        for directive in ("script-src", "style-src"):
            csp[directive] = [value for value in csp[directive] if not value.startswith("'nonce-")]
    assert csp == EXPECTED_CSP
    assert "unsafe" not in headers["Content-Security-Policy"]
    if https:
        hsts = dict(item.strip().partition("=")[::2] for item in headers["Strict-Transport-Security"].split(";"))
        assert int(hsts["max-age"]) >= ONE_YEAR
        assert "includeSubDomains" in hsts
    else:
        assert "Strict-Transport-Security" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["Permissions-Policy"] == PERMISSIONS_POLICY
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in headers["Permissions-Policy"]
