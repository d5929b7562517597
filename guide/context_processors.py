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
