"""Routes of the roster import (members.views.imports)."""

from django.urls import path

from members.views import imports

urlpatterns = [
    path("register/import/", imports.upload, name="register_import"),
    path("register/import/template.xlsx", imports.template_file, name="register_import_template"),
    path("register/import/sample.xlsx", imports.sample_file, name="register_import_sample"),
    path("register/import/<int:pk>/", imports.preview, name="register_import_preview"),
    path("register/import/<int:pk>/confirm/", imports.confirm, name="register_import_confirm"),
    path("register/import/<int:pk>/discard/", imports.discard, name="register_import_discard"),
]
