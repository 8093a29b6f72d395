"""Background tasks (Django's tasks API; the django-tasks backport on Django 5.2).

Which backend runs them is the TASKS setting (config/settings.py,
BIENBAN_TASKS_BACKEND): at once in the process that enqueues them by default,
or stored in the database for `manage.py db_worker`.
"""

from __future__ import annotations

from django_tasks import task


@task()
def issue_document(meeting_id: int, site_url: str = "") -> str:
    """Render, sign and store the PDF of approved minutes (minutes.services.documents).

    `site_url` is the address of the request that asked, given in development when
    BIENBAN_SITE_URL is not set (config/site_address.py); its retries are given it too.
    """
    from config.site_address import serving
    from minutes.services.documents import run_document_job

    with serving(site_url):
        return run_document_job(meeting_id)


@task()
def refresh_search_text(meeting_id: int) -> None:
    """Rebuild one meeting's search text after an edit (minutes.search.refresh_after_commit).

    A task so that an autosave in the editor answers without re-reading the whole
    minutes; with the default backend it runs at once, after the save commits.
    """
    from minutes.models import Meeting
    from minutes.search import refresh_search_document

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is not None:  # deleted in the meantime: nothing left to index
        refresh_search_document(meeting)
