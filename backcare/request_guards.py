"""Refuse requests no page of the site can use, before anything reads their body.

- No page takes a file, so a multipart body with a file part gets a 400 at its first file
  header, whatever its size: nothing is streamed to disk.
- A charset that names a codec but not a text encoding (rot13, base64, hex, zlib...) makes
  Django raise LookupError (idna and punycode: UnicodeError), a 500: while it builds the request
  if there is a query string (before any middleware runs), or in the body parsers. It gets a 400.
- No address takes PUT, DELETE or PATCH: they get a 405 before the CSRF check answers 403.
"""

import re
from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.http import parse_header_parameters

from guide.errors import method_not_allowed

# Set by the WSGI wrapper below when it took a charset out of the request's Content-Type.
UNUSABLE_CHARSET = "backcare.unusable_charset"
CHARSET_PARAMETER = re.compile(r';\s*charset\s*=\s*("[^"]*"|[^;]*)', re.IGNORECASE)

# What a form body or query string holds: ASCII, percent escapes, and now and then a stray byte.
READABILITY_PROBE = b"name=value&other=%20+\xff"

# Every method some address of the site answers; anything else is refused outright.
SITE_METHODS = ("GET", "HEAD", "OPTIONS", "POST")


class FileUploadsRefused(MultiPartParserError):
    """Raised at a file part's header. A parser error, so Django marks the body unreadable and answers 400."""


class RefuseFileUploads(FileUploadHandler):
    """The only upload handler (FILE_UPLOAD_HANDLERS): every file part ends the request."""

    def new_file(self, *args, **kwargs) -> None:
        raise FileUploadsRefused("This site takes no files.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def is_readable_charset(name: str) -> bool:
    """Can Django read a form in this charset? A text codec that copes with any bytes, as forms need."""
    try:
        # Decoding with "replace" never fails for a text encoding; it fails for an unknown name, a
        # bytes-to-bytes codec (LookupError), and for idna and punycode (UnicodeError).
        READABILITY_PROBE.decode(name, "replace")
    except (LookupError, UnicodeError, ValueError):
        return False
    return True


def without_unusable_charset(environ: dict) -> dict:
    """The WSGI environ, with a charset Django cannot read forms in moved from Content-Type to a note."""
    content_type = environ.get("CONTENT_TYPE", "")
    if "charset" not in content_type.lower():
        return environ
    try:
        charset = parse_header_parameters(content_type)[1].get("charset")
    except ValueError:  # Django answers a malformed Content-Type with 400 itself
        return environ
    if charset is None or is_readable_charset(charset):
        return environ
    return environ | {"CONTENT_TYPE": CHARSET_PARAMETER.sub("", content_type), UNUSABLE_CHARSET: charset}


def set_aside_unusable_charsets(application: Callable) -> Callable:
    """Wrap the WSGI application with without_unusable_charset.

    Django would fail on such a charset while building the request, where no middleware can
    answer; noted in the environ instead, refuse_unusable_requests answers 400 with the site's page.
    """

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        return application(without_unusable_charset(environ), start_response)

    return wsgi


def refuse_unusable_requests(get_response: Callable[[HttpRequest], HttpResponse]):
    """Answer 405 for methods no page takes, and 400 for a request in a charset Django cannot read."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method not in SITE_METHODS:
            return method_not_allowed(request, SITE_METHODS)
        # Django takes any charset codecs.lookup() knows; a bytes-to-bytes codec fails only later.
        unusable = UNUSABLE_CHARSET in request.META
        if unusable or (request.encoding and not is_readable_charset(request.encoding)):
            raise BadRequest("The request names a charset forms cannot be read in.")
        return get_response(request)

    return middleware
