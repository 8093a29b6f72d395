"""Forms of the roster import: the upload, and the confirmation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.importing.reading import MAX_BYTES, MAX_ROWS
from minutes.file_picker import FilePickerInput


class UploadForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Cấp ủy"),
        queryset=None,
        empty_label=None,
        help_text=_("Các chi bộ trong tệp thuộc cấp ủy này; chi bộ chưa có sẽ được tạo dưới nó."),
    )
    file = forms.FileField(
        label=_("Tệp danh sách đảng viên"),
        help_text=_("XLSX hoặc CSV (UTF-8), tối đa %(mb)d MB và %(rows)s dòng.")
        % {"mb": MAX_BYTES // (1024 * 1024), "rows": f"{MAX_ROWS:,}".replace(",", ".")},
        error_messages={
            "empty": _("Tệp rỗng (0 byte)."),
            "required": _("Hãy chọn tệp danh sách đảng viên."),
        },
        # "Chọn tệp…" rather than the browser's "Choose File" (templates/widgets/file_picker.html).
        widget=FilePickerInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            }
        ),
    )

    def __init__(self, *args, committees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(mb)d MB. Hãy chia thành nhiều tệp nhỏ hơn."),
                params={"mb": MAX_BYTES // (1024 * 1024)},
                code="too_big",
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Tệp rỗng (0 byte)."), code="empty")
        return upload


class ConfirmForm(forms.Form):
    """The confirmation; the service refuses it when new cells exist and the box is not ticked."""

    confirm_new_cells = forms.BooleanField(
        label=_("Tôi xác nhận tạo các chi bộ mới nêu trên"), required=False
    )

    def __init__(self, *args, new_cells: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Shown (and required in the browser) only when the file names new cells.
        self.new_cells = new_cells
        self.fields["confirm_new_cells"].required = bool(new_cells)
