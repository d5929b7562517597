from django.conf import settings
from django.utils.functional import SimpleLazyObject, lazy

from guide import countries


def _number(country, name: str) -> str:
    return getattr(country, name)


def _care_url(request, setting: str) -> str:
    return getattr(settings, setting) if countries.chosen_or_offline(request).code == settings.BACKCARE_COUNTRY else ""


# Made lazy once, here: `lazy()` builds a class on every call, a cost each rendered page paid five times.
_lazy_number = lazy(_number, str)
_lazy_care_url = lazy(_care_url, str)


def phone_numbers(request):
    """The person's country, with its emergency and urgent numbers; read only by pages that show them."""
    country = SimpleLazyObject(lambda: countries.chosen_or_offline(request))
    return {
        "country": country,
        "emergency_number": _lazy_number(country, "emergency_number"),
        "urgent_number": _lazy_number(country, "urgent_number"),
    }


def care_links(request):
    """Urgent help online, and how to find a GP: the addresses beside the numbers on results and care cards.

    They are the deployment's own country's (111.nhs.uk is no help in Canada), so a person who chose
    another country sees its numbers and no address.
    """
    return {
        "urgent_online_url": _lazy_care_url(request, "BACKCARE_URGENT_ONLINE_URL"),
        "find_gp_url": _lazy_care_url(request, "BACKCARE_FIND_GP_URL"),
    }
