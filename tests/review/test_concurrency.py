"""Two requests for the same step at the same moment: one transition, one friendly no-op.

Real concurrency needs row locks, so this runs on PostgreSQL (SQLite serializes
every write and has no SELECT … FOR UPDATE); the sequential repeat is covered
on both in test_workflow.py.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from minutes.audit import verify_chain
from minutes.models import AuditEvent, SignedDocument, SubmissionSnapshot
from minutes.services import workflow
from tests.review.conftest import fresh, make_meeting, submitted

pytestmark = [
    # Decided before any fixture runs, so SQLite runs do not even flush the database.
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"),
    pytest.mark.django_db(transaction=True),
]


def at_once(step, count: int = 4) -> list:
    barrier = threading.Barrier(count)
    results: list = []

    def run():
        try:
            barrier.wait()
            results.append(step())
        except Exception as error:  # collected and asserted on below
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_concurrent_submits_make_one_transition(world):
    meeting = make_meeting(world)
    results = at_once(lambda: workflow.submit(meeting=meeting, by=world.chair))
    assert all(isinstance(r, workflow.Outcome) for r in results), results
    assert sorted(r.changed for r in results) == [False, False, False, True]
    assert SubmissionSnapshot.objects.filter(meeting=meeting).count() == 1
    assert AuditEvent.objects.filter(meeting=meeting, action="submitted").count() == 1
    assert verify_chain() == []


def test_concurrent_approvals_make_one_number_and_one_signature(world, signing_key):
    meeting = submitted(world)
    results = at_once(lambda: workflow.approve(meeting=meeting, by=world.reviewer))
    assert sorted(r.changed for r in results) == [False, False, False, True], results
    assert fresh(meeting).number == 1
    assert SignedDocument.objects.filter(meeting=meeting).count() == 1
    assert verify_chain() == []


def test_two_cells_approved_at_once_keep_their_chains_apart(world, signing_key):
    from members.models import Role
    from tests.factories import grant, meeting_with_parts

    ours = submitted(world)
    theirs = meeting_with_parts(world.other_cell)
    grant(world.other_recorder, world.other_cell, Role.CHAIR)
    workflow.submit(meeting=theirs, by=world.other_recorder)
    meetings = iter([ours, theirs, ours, theirs])
    lock = threading.Lock()

    def step():
        with lock:
            meeting = next(meetings)
        return workflow.approve(meeting=meeting, by=world.reviewer)

    results = at_once(step)
    assert sorted(r.changed for r in results) == [False, False, True, True], results
    assert (fresh(ours).number, fresh(theirs).number) == (1, 1)
    assert verify_chain() == []
