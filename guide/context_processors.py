from django.conf import settings
from django.utils.functional import SimpleLazyObject, lazy

from guide import countries


def phone_numbers(request):
    """The person's country, with its emergency and urgent numbers; read only by pages that show them."""
    country = SimpleLazyObject(lambda: countries.chosen_or_offline(request))
    return {
        "country": country,
        "emergency_number": lazy(lambda: country.emergency_number, str)(),
        "urgent_number": lazy(lambda: country.urgent_number, str)(),
    }


def care_links(request):
    """Urgent help online, and how to find a GP: the addresses beside the numbers on results and care cards.

    They are the deployment's own country's (111.nhs.uk is no help in Canada), so a person who chose
    another country sees its numbers and no address.
    """
    at_home = lazy(lambda: countries.chosen_or_offline(request).code == settings.BACKCARE_COUNTRY, bool)
    return {
        "urgent_online_url": lazy(lambda: settings.BACKCARE_URGENT_ONLINE_URL if at_home() else "", str)(),
        "find_gp_url": lazy(lambda: settings.BACKCARE_FIND_GP_URL if at_home() else "", str)(),
    }
