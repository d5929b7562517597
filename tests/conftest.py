import pytest
from django.test import Client


@pytest.fixture
def htmx_client() -> Client:
    """A client whose requests look like htmx's, so views return their partials."""
    return Client(headers={"HX-Request": "true"})
