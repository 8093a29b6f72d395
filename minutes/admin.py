"""The admin, for administrators: reference data, organizations' settings, keys.

Meetings are shown read-only here: minutes change through the recording
screens and the workflow services, never through the admin.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from minutes.models import (
    AuditEvent,
    Campaign,
    CatalogItem,
    CommitteeSettings,
    DocumentJob,
    FrameworkAdoption,
    Meeting,
    QualityCriterion,
    QualityFramework,
    QualityGrade,
    SignedDocument,
    SigningKey,
    VotingRule,
)
from minutes.parts import forget_all_parts


class ReadOnlyAdmin:
    """For records that only the app's services write: listed and readable, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "confidence"]
    list_filter = ["catalog", "group_code", "confidence"]
    search_fields = ["code", "text", "search_text"]
    readonly_fields = ["catalog", "code"]


@admin.register(VotingRule)
class VotingRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "numerator", "denominator", "strict", "label"]


@admin.register(CommitteeSettings)
class CommitteeSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "number_pattern", "chair_label", "secretary_label"]
    autocomplete_fields = ["organization"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["cell", "date", "kind", "status", "version", "number"]
    list_filter = ["status", "kind"]
    date_hierarchy = "date"
    search_fields = ["cell__name", "topic"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "organization", "meeting", "actor_name", "action", "to_status"]
    list_filter = ["action"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["topic", "committee", "deadline", "pilot_cell"]


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["label", "organization", "fingerprint", "not_after", "active"]
    readonly_fields = ["fingerprint", "subject", "not_after", "certificate_pem"]


@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["meeting", "public_code", "sha256", "signed_at"]


@admin.register(DocumentJob)
class DocumentJobAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Where making and signing each approved document stands (minutes.tasks)."""

    list_display = ["meeting", "status", "attempts", "last_error", "requested_by", "updated_at"]
    list_filter = ["status"]


class QualityCriterionInline(admin.TabularInline):
    model = QualityCriterion
    extra = 0


class QualityGradeInline(admin.TabularInline):
    model = QualityGrade
    extra = 0


class FrameworkAdoptionInline(admin.TabularInline):
    model = FrameworkAdoption
    extra = 0
    autocomplete_fields = ["organization"]
    exclude = ["created_by"]


@admin.register(QualityFramework)
class QualityFrameworkAdmin(admin.ModelAdmin):
    """Frameworks and where they apply. The committee pages (minutes.views.quality) check a
    framework as a whole before saving it; here an administrator corrects wording or
    clears the caution once the text is checked against the original."""

    list_display = ["name", "document_number", "document_date", "owner", "caution"]
    search_fields = ["name", "document_number"]
    inlines = [QualityCriterionInline, QualityGradeInline, FrameworkAdoptionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The editor's quality section is a cached part that shows the framework.
        forget_all_parts()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_all_parts()
