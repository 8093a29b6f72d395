"""The yearly archive (nộp lưu) of a committee's signed minutes.

`build` selects the documents and writes the archive (a folder or a streamed
ZIP), `manifest` is its table of contents (JSON and CSV), `index` its printed
index, and `verify` checks an archive with no database and no network. This
package's own __init__ imports nothing, so that `verify` can be imported
without touching Django models.
"""
