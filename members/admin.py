from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.models import Member, Organization, RoleGrant


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "symbol", "place_name", "term_start"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "cell", "position", "admitted_on", "official_on", "left_on"]
    list_filter = ["position", "attachment", "suspended"]
    search_fields = ["full_name", "search_name", "card_number"]
    autocomplete_fields = ["cell", "user"]
    fieldsets = [
        (None, {"fields": ["cell", "user", "full_name", "gender", "birth_date", "card_number"]}),
        (_("Đảng tịch"), {"fields": ["admitted_on", "official_on", "position", "job_title"]}),
        (
            _("Tình trạng sinh hoạt"),
            {
                "fields": [
                    ("exempt_from", "exempt_to"),
                    "exempt_reason",
                    ("attachment", "attachment_place"),
                    "suspended",
                    ("left_on", "left_reason"),
                ]
            },
        ),
    ]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "organization"]
