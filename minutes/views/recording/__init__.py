"""The meeting editor: starting a meeting, recording it, previewing the minutes.

One module per concern: `start` (a new meeting), `editor` (the page, meeting
fields, attendance), `items` (the lists), `lookup` (suggestions while typing),
`preview` (the document and its problems, and the document alone for the
editor's live pane); `common` holds what they share.
"""
