from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "backcare content"
admin.site.site_title = "backcare admin"
admin.site.index_title = "Edit the guide"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("guide.urls")),
]

handler400 = "guide.errors.bad_request"
handler404 = "guide.views.page_not_found"
handler500 = "guide.errors.server_error"
