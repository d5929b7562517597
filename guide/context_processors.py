from django.conf import settings


def phone_numbers(request):
    """The emergency and urgent-advice numbers, set per deployment."""
    return {
        "emergency_number": settings.BACKCARE_EMERGENCY_NUMBER,
        "urgent_number": settings.BACKCARE_URGENT_NUMBER,
    }
