"""POST /feedback/: store a reader's answer about a page, with nothing about them, and thank them.

Never cached (`no-store`); without JavaScript the reader gets a short page with a link back, with
htmx the thanks replace the form in place.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from guide import feedback


def answer(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = "guide/feedback.html" + ("#feedback" if request.htmx else "")
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # the form is on cached pages: see guide/feedback.py for what stands in for the token
@sensitive_post_parameters("text")
@require_POST
def page_feedback(request: HttpRequest) -> HttpResponse:
    if feedback.from_another_site(request):
        return answer(request, {"refused": "We only take feedback sent from this site's own pages."}, status=403)
    form = feedback.FeedbackForm(request.POST)
    if not form.is_valid():
        page = form.cleaned_data.get("page", "")
        return answer(request, {"form": form, "page": page}, status=400)
    if feedback.over_limit():
        context = {"refused": "We have had a lot of feedback in the last minute. Please try again in a minute."}
        return answer(request, context | {"page": form.cleaned_data["page"]}, status=429)
    saved = form.save()
    return answer(request, {"saved": saved, "page": saved.page})
