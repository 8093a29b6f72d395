from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Biên bản")

    def ready(self) -> None:
        from minutes import (
            checks,  # noqa: F401 - registers the document font check
            receivers,  # noqa: F401 - connects the workflow signal receivers
        )
        from minutes.parts import connect_reference_models

        connect_reference_models()
