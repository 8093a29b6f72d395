from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Tổ chức và đảng viên")

    def ready(self) -> None:
        from members import receivers  # noqa: F401 - connects the register's signal receivers
