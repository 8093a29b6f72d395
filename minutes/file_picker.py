"""A file chooser that speaks Vietnamese whatever the browser's language.

The browser's own `<input type=file>` says "Choose File / No file chosen" in the
browser's language and cannot be relabelled. The template
`widgets/file_picker.html` shows a `<label>` styled as a button ("Chọn tệp…")
and a line naming the chosen file ("Chưa chọn tệp nào"); static/js/forms.js
fills in the name and, only then, hides the native control visually (it stays
focusable and keeps the keyboard: Tab to it, Space or Enter opens the dialog).
Without JavaScript the native control is shown as before.

Render a field with this widget through the template, not through crispy-forms
(which writes its own file input): `{% include "widgets/file_picker.html" with
field=form.file %}`; the page links static/css/forms.css.
"""

from __future__ import annotations

from typing import Any

from django import forms


class FilePickerInput(forms.FileInput):
    """The native file input of the picker: its class, and what describes it to a screen reader."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "form-control file-picker-input", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        own_id = widget_attrs.get("id")
        if own_id:
            # The chosen file's name (Vietnamese) first, then Django's own ids of the help
            # text and the errors (`<id>_helptext`, `<id>_error`, as the template names them).
            described = [f"{own_id}-chosen", *widget_attrs.get("aria-describedby", "").split()]
            widget_attrs["aria-describedby"] = " ".join(described)
        if widget_attrs.get("aria-invalid"):
            widget_attrs["class"] = f"{widget_attrs['class']} is-invalid"
        return context
