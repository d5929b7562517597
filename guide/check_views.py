"""The medicine safety check: tick what applies before taking a medicine, and see why it matters.

Like the wizard, it keeps nothing about the person: the ticks travel only in the POST body (never a
URL, so no redirect), every response is `Cache-Control: no-store`, no session is touched, and error
reports never see the POST body. One URL shows the checklist (GET) and the result (POST), as a full
page or, for htmx, the main partial.
"""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from guide.forms import MedicineCheckForm
from guide.models import MedicineCheck, MedicineCheckItem
from guide.views import cited, render_page


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def medicine_check(request: HttpRequest, slug: str) -> HttpResponse:
    items = MedicineCheckItem.objects.select_related("source")
    check = get_object_or_404(
        cited(MedicineCheck.objects.published().filter(treatment__published=True))
        .select_related("treatment")
        .prefetch_related(Prefetch("items", queryset=items)),
        treatment__slug=slug,
    )
    context, status = {"check": check, "ticked": []}, 200
    if request.method == "POST":
        form = MedicineCheckForm(check.items.all(), request.POST)
        if form.is_valid():
            context["ticked"] = form.ticked_items()
            context["checked"] = True
        else:
            status = 400
    else:
        form = MedicineCheckForm(check.items.all())
    context["form"] = form
    return render_page(request, "guide/medicine_check.html", context, status=status)
