"""The encodings a cached page is kept in, and which one a request's Accept-Encoding chooses.

Each page is compressed once per content version, when it is stored, never per request. Public
pages hold no secret (no CSRF token, nothing from a session), so BREACH has nothing to recover and
the output need not be padded at random as Django's GZipMiddleware pads it: compression here is
deterministic, so every worker and replica sends the same bytes for the same strong ETag.
"""

import gzip
from functools import lru_cache

import brotli

IDENTITY, GZIP, BROTLI = "identity", "gzip", "br"
# Most preferred first, when a browser accepts several equally (they all accept gzip and br).
PREFERENCE = (BROTLI, GZIP, IDENTITY)
# Brotli's quality 5 compresses a 30 KB page in about 6 ms and a little smaller than gzip -9;
# quality 11 is 10% smaller again but takes 170 ms, too long for the first request after an edit.
BROTLI_QUALITY = 5


def compress(content: bytes) -> dict[str, tuple[bytes, str]]:
    """The body in each encoding, with its Content-Encoding ("" for identity, or when compressing
    would not make it smaller)."""
    encoded = {IDENTITY: (content, "")}
    for encoding, body in (
        (GZIP, gzip.compress(content, compresslevel=9, mtime=0)),
        (BROTLI, brotli.compress(content, quality=BROTLI_QUALITY)),
    ):
        encoded[encoding] = (body, encoding) if len(body) < len(content) else encoded[IDENTITY]
    return encoded


@lru_cache(maxsize=256)  # browsers send a handful of distinct headers; any others are evicted
def negotiate(accept_encoding: str) -> str:
    """The encoding to send for this Accept-Encoding header (RFC 9110 12.5.3), honouring q=0."""
    weights = {}
    for item in accept_encoding.lower().split(","):
        coding, _, parameters = item.partition(";")
        weight = 1.0
        name, _, value = parameters.partition("=")
        if name.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        if coding := coding.strip():
            weights[coding] = weight
    default = weights.get("*")
    best, best_weight = IDENTITY, 0.0
    for coding in PREFERENCE:
        weight = weights.get(coding, default if default is not None else (1.0 if coding == IDENTITY else 0.0))
        if weight > best_weight:
            best, best_weight = coding, weight
    # Identity refused as well as everything else: send it anyway, as most servers do, not a 406.
    return best
