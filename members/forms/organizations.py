"""Forms for adding committees and cells to the tree and keeping their details."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organization, OrganizationKind
from minutes.datetime_fields import VietnameseDateField


class OrganizationForm(forms.ModelForm):
    """The details an office types; the service normalises and checks them again."""

    class Meta:
        model = Organization
        fields = ["name", "kind", "header_name", "symbol", "place_name", "term_start"]
        # Shown and read as 21/6/2022 whatever the browser's language.
        field_classes = {"term_start": VietnameseDateField}

    def __init__(self, *args, parent: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The kind decides where an organization sits; it is not changed afterwards.
            del self.fields["kind"]
        elif parent is None:
            self.fields["kind"].choices = [
                c for c in OrganizationKind.choices if c[0] != OrganizationKind.CELL
            ]
        if not self.instance.pk and parent is not None:
            self.fields["place_name"].initial = parent.place_name
            self.fields["term_start"].initial = parent.term_start
            self.fields["kind"].initial = OrganizationKind.CELL
            # Left blank, both come from the committee above (see the service).
            self.fields["symbol"].required = False
            self.fields["place_name"].required = False
        self.fields["symbol"].help_text = _("Ví dụ: CB cho chi bộ, ĐU cho đảng ủy.")
