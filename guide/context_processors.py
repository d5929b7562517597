from django.conf import settings


def phone_numbers(request):
    """The emergency and urgent-advice numbers, set per deployment."""
    return {
        "emergency_number": settings.BACKCARE_EMERGENCY_NUMBER,
        "urgent_number": settings.BACKCARE_URGENT_NUMBER,
    }


def care_links(request):
    """Urgent help online, and how to find a GP: the addresses beside the numbers on results and care cards."""
    return {
        "urgent_online_url": settings.BACKCARE_URGENT_ONLINE_URL,
        "find_gp_url": settings.BACKCARE_FIND_GP_URL,
    }
