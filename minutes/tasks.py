"""Background tasks (Django's tasks API; the django-tasks backport on Django 5.2).

Which backend runs them is the TASKS setting (config/settings.py,
BIENBAN_TASKS_BACKEND): at once in the process that enqueues them by default,
or stored in the database for `manage.py db_worker`.
"""

from __future__ import annotations

from django_tasks import task


@task()
def issue_document(meeting_id: int) -> str:
    """Render, sign and store the PDF of approved minutes (minutes.services.documents)."""
    from minutes.services.documents import run_document_job

    return run_document_job(meeting_id)
