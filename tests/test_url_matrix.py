"""Every URL of the app × every role: the status each one gets (GET).

The test walks the URL resolver, so a URL added anywhere without a row in
`ROWS` (or, for the admin, a model without a line in `ADMIN_MODELS`) fails
`test_every_url_has_a_row`. To add a row:

    "my_url_name": R("draft", "302 404 200 200 200 404 200"),

- the first value picks the object the URL is about: a meeting in one of the
  states "draft", "submitted", "returned", "approved" fills `pk`; None for URLs
  without one; `kwargs=` (a function of the World) fills anything else;
- the statuses are, in this order: anonymous, member of the cell, recorder of
  the cell, chair of the cell, reviewer of the superior committee, recorder of
  another cell, administrator. 302 for anonymous means "sent to log in".

Rules of thumb the rows follow: what a user may not see is a 404 (a plain
member sees only approved minutes of their cell; another cell's recorder sees
nothing of this cell); what they may see but not do is a 403; POST-only URLs
answer a GET with 405 once logged in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("anonymous", "member", "recorder", "chair", "reviewer", "other_recorder", "admin")


@dataclass(frozen=True)
class R:
    target: str | None
    statuses: str
    kwargs: Callable | None = None
    query: str = ""
    args: Callable | None = None  # for patterns with unnamed groups

    def expected(self) -> dict[str, int]:
        codes = [int(code) for code in self.statuses.split()]
        assert len(codes) == len(ROLES), f"{self.statuses!r}: one status per role"
        return dict(zip(ROLES, codes, strict=True))


def _item(model_name: str, state: str = "draft"):
    def kwargs(w) -> dict:
        return {"pk": w.meetings[state].pk, **w.items[model_name]}

    return kwargs


#                                   anon mem rec chair rev other admin
ROWS: dict[str, R] = {
    # --- accounts, language -------------------------------------------------------
    "login": R(None, "200 200 200 200 200 200 200"),
    "logout": R(None, "405 405 405 405 405 405 405"),
    "password_change": R(None, "302 200 200 200 200 200 200"),
    "password_change_done": R(None, "302 200 200 200 200 200 200"),
    "password_reset": R(None, "200 200 200 200 200 200 200"),
    "password_reset_done": R(None, "200 200 200 200 200 200 200"),
    "password_reset_confirm": R(
        None, "200 200 200 200 200 200 200", kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"}
    ),
    "password_reset_complete": R(None, "200 200 200 200 200 200 200"),
    "set_language": R(None, "302 302 302 302 302 302 302"),
    # For operators and load balancers: no log-in, no personal data.
    "healthz": R(None, "200 200 200 200 200 200 200"),
    # --- foundation ----------------------------------------------------------------
    "home": R(None, "302 200 200 200 200 200 200"),
    "meeting_list": R(None, "302 200 200 200 200 200 200"),
    "meeting_detail": R("draft", "302 404 200 200 200 404 200"),
    # --- recording ----------------------------------------------------------------
    # POST-only endpoints refuse the method before anything else (405 for all:
    # nothing about the meeting is revealed).
    "recording_start": R(None, "302 403 200 403 403 200 200"),
    "recording_editor": R("draft", "302 404 200 403 403 404 200"),
    # The live document beside the editor: the preview's document part alone.
    "recording_document": R("draft", "302 404 200 200 200 404 200"),
    "recording_preview": R("draft", "302 404 200 200 200 404 200"),
    "recording_meeting_fields": R(
        "draft", "405 405 405 405 405 405 405", kwargs=lambda w: {"section": "details"}
    ),
    "recording_attendance": R("draft", "405 405 405 405 405 405 405"),
    "recording_attendance_row": R(
        "draft", "405 405 405 405 405 405 405", kwargs=_item("participant")
    ),
    "recording_all_present": R("draft", "405 405 405 405 405 405 405"),
    "recording_add_missing": R("draft", "405 405 405 405 405 405 405"),
    "recording_people": R("draft", "302 404 200 200 200 404 200"),
    "recording_decision_outcome": R("draft", "302 404 200 403 403 404 200"),
    "recording_catalog": R(None, "302 200 200 200 200 200 200"),
    "recording_action_add": R("draft", "302 404 200 403 403 404 200", kwargs=_item("shortcoming")),
    "recording_item_add": R(
        "draft", "405 405 405 405 405 405 405", kwargs=lambda w: {"kind": "turn"}
    ),
    "recording_item_edit": R("draft", "302 404 200 403 403 404 200", kwargs=_item("turn")),
    # Outside htmx the row's own address sends the browser to the editor.
    "recording_item_show": R("draft", "302 404 302 403 403 404 302", kwargs=_item("turn")),
    "recording_item_delete": R("draft", "302 404 200 403 403 404 200", kwargs=_item("turn")),
    "recording_item_move": R("draft", "405 405 405 405 405 405 405", kwargs=_item("turn")),
    # --- review and approval ------------------------------------------------------
    "review_queue": R(None, "302 403 403 403 200 403 200"),
    "notifications": R(None, "302 200 200 200 200 200 200"),
    "notifications_read": R(None, "302 405 405 405 405 405 405"),
    "review_confirm": R("draft", "302 404 403 200 403 404 200"),
    "review_submit": R("draft", "302 404 200 200 403 404 200"),
    "review_return": R("submitted", "302 404 403 403 200 404 200"),
    "review_approve": R("submitted", "302 404 403 403 200 404 200"),
    "review_reopen": R("approved", "302 403 403 403 200 404 200"),
    "review_meeting": R("submitted", "302 404 200 200 200 404 200"),
    "review_comment_add": R("submitted", "302 405 405 405 405 405 405"),
    "review_comment_addressed": R(
        "returned", "302 405 405 405 405 405 405", kwargs=lambda w: {"pk": w.comment.pk}
    ),
    "review_changes": R("returned", "302 404 200 200 200 404 200"),
    "review_history": R("approved", "302 403 200 200 200 404 200"),
    "review_audit": R("approved", "302 403 200 200 200 404 200"),
    # --- the official document ------------------------------------------------------
    "document_draft_pdf": R("draft", "302 404 200 200 200 404 200"),
    "document_docx": R("approved", "302 200 200 200 200 404 200"),
    "document_signed_pdf": R("approved", "302 200 200 200 200 404 200"),
    "document_status": R("approved", "302 200 200 200 200 404 200"),
    "document_retry": R("approved", "302 405 405 405 405 405 405"),
    "document_failures": R(None, "302 403 403 403 200 403 200"),
    "document_verify": R(
        None, "200 200 200 200 200 200 200", kwargs=lambda w: {"code": w.signed.public_code}
    ),
    # --- oversight ------------------------------------------------------------------
    # Without a committee in reach the dashboard says so (200) rather than refusing.
    "oversight_dashboard": R(None, "302 200 200 200 200 200 200"),
    # Cells see the campaigns asked of them; a member with no role has none.
    "campaign_list": R(None, "302 403 200 200 200 200 200"),
    "campaign_create": R(None, "302 403 403 403 200 403 200"),
    # The cells' secretaries read what the campaign asks and its pilot minutes
    # (the model to follow); a plain member has no role and gets 404.
    "campaign_detail": R(
        None, "302 404 200 200 200 200 200", kwargs=lambda w: {"pk": w.campaign.pk}
    ),
    "campaign_close": R(
        None, "302 405 405 405 405 405 405", kwargs=lambda w: {"pk": w.campaign.pk}
    ),
    "followup_board": R(None, "302 403 200 200 200 200 200"),
    "action_detail": R(None, "302 200 200 200 200 404 200", kwargs=lambda w: {"pk": w.action.pk}),
    "action_transition": R(
        None,
        "302 405 405 405 405 405 405",
        kwargs=lambda w: {"pk": w.action.pk, "step": "started"},
    ),
    # Recording progress on earlier actions is the cell recorder's work.
    "meeting_followup": R("approved", "302 403 200 403 403 404 200"),
    "regularity": R(None, "302 403 200 200 200 200 200"),
    "statistics": R(None, "302 403 200 200 200 200 200"),
    "my_actions": R(None, "302 200 200 200 200 200 200"),
    "search": R(None, "302 200 200 200 200 200 200"),
    "search_refresh_drafts": R(None, "302 405 405 405 405 405 405"),
    # The yearly archive: reviewers and viewers of the committee (or above) only.
    "archive_export": R(None, "302 404 404 404 200 404 200"),
    "archive_download": R(None, "302 404 404 404 200 404 200"),
    # --- quality assessment (issue 13) ---------------------------------------------
    # Frameworks are for committee staff: cells and plain members find nothing here.
    "quality_frameworks": R(None, "302 404 404 404 200 404 200"),
    "quality_framework_create": R(None, "302 404 404 404 200 404 200"),
    "quality_framework_detail": R(
        None, "302 404 404 404 200 404 200", kwargs=lambda w: _framework(w)
    ),
    "quality_framework_adopt": R(
        None, "302 405 405 405 405 405 405", kwargs=lambda w: _framework(w)
    ),
    # The cell's own assessment is part of the minutes (their recorder, while editable);
    # the superior's is the committee reviewer's, at any time.
    "quality_self": R("draft", "302 404 200 403 403 404 200"),
    "quality_superior": R("approved", "302 403 403 403 200 404 200"),
    # --- the register -------------------------------------------------------------
    # Committee staff (reviewers) set up the tree, import, decide and manage accounts;
    # a cell's recorder and chair keep its roster; a plain member sees their own record.
    "organization_list": R(None, "302 403 403 403 200 403 200"),
    "organization_create": R(None, "302 403 403 403 403 403 200"),
    "organization_edit": R(None, "302 404 404 404 200 404 200", kwargs=lambda w: _cell(w)),
    "register_home": R(None, "302 200 200 200 200 200 200"),
    "register_roster": R(None, "302 404 200 200 200 404 200", kwargs=lambda w: _cell(w)),
    "register_member_add": R(None, "302 404 200 200 200 404 200", kwargs=lambda w: _cell(w)),
    "register_member": R(None, "302 404 200 200 200 404 200", kwargs=lambda w: _member(w)),
    "register_member_edit": R(None, "302 404 200 200 200 404 200", kwargs=lambda w: _member(w)),
    "register_member_event": R(None, "302 404 200 200 200 404 200", kwargs=lambda w: _member(w)),
    "register_due": R(None, "302 403 200 200 200 200 200"),
    "register_pending": R(None, "302 403 403 403 200 403 200"),
    "register_proposal_decide": R(
        None, "302 404 404 404 200 404 200", kwargs=lambda w: {"pk": w.proposal.pk}
    ),
    "register_proposal_reject": R(
        None, "302 405 405 405 405 405 405", kwargs=lambda w: {"pk": w.proposal.pk}
    ),
    "register_import": R(None, "302 403 403 403 200 403 200"),
    "register_import_template": R(None, "302 403 403 403 200 403 200"),
    "register_import_sample": R(None, "302 403 403 403 200 403 200"),
    "register_import_preview": R(None, "302 404 404 404 200 404 200", kwargs=lambda w: _import(w)),
    "register_import_confirm": R(None, "302 405 405 405 405 405 405", kwargs=lambda w: _import(w)),
    "register_import_discard": R(None, "302 405 405 405 405 405 405", kwargs=lambda w: _import(w)),
    # Not committee staff: 403 where the user reads the cell's roster, 404 elsewhere.
    "accounts_list": R(None, "302 403 403 403 200 403 200"),
    "accounts_new_staff": R(None, "302 403 403 403 200 403 200"),
    "accounts_create_for_cell": R(None, "302 404 403 403 200 404 200", kwargs=lambda w: _cell(w)),
    "accounts_codes": R(None, "302 403 403 403 200 403 200", kwargs=lambda w: {"batch": "x"}),
    "accounts_user": R(None, "302 404 403 403 200 404 200", kwargs=lambda w: _account(w)),
    "accounts_grant": R(None, "405 405 405 405 405 405 405", kwargs=lambda w: _account(w)),
    "accounts_issue_code": R(None, "405 405 405 405 405 405 405", kwargs=lambda w: _account(w)),
    "accounts_deactivate": R(None, "405 405 405 405 405 405 405", kwargs=lambda w: _account(w)),
    "accounts_reactivate": R(None, "405 405 405 405 405 405 405", kwargs=lambda w: _account(w)),
    "accounts_revoke": R(
        None,
        "405 405 405 405 405 405 405",
        kwargs=lambda w: {
            "user_id": w.users["recorder"].pk,
            "grant_id": w.users["recorder"].role_grants.first().pk,
        },
    ),
    # Anyone may try a code; a wrong one gets the page with the refusal.
    "activate": R(None, "200 200 200 200 200 200 200"),
    "activate_code": R(
        None, "200 200 200 200 200 200 200", kwargs=lambda w: {"code": "ABCD-EFGH-JKMN"}
    ),
}


def _cell(w) -> dict:
    return {"pk": w.meetings["draft"].cell_id}


def _member(w) -> dict:
    from members.models import Member

    cell_id = w.meetings["draft"].cell_id
    member = Member.objects.filter(cell_id=cell_id, user__isnull=True).order_by("pk").first()
    return {"pk": member.pk}


def _import(w) -> dict:
    from members.importing.template import template_bytes
    from members.models import RegisterImport

    upload = RegisterImport.objects.create(
        committee=w.meetings["draft"].cell.parent,
        uploaded_by=w.users["reviewer"],
        file_name="mau.xlsx",
        content=template_bytes(),
        sha256="x",
    )
    return {"pk": upload.pk}


def _framework(w) -> dict:
    from minutes.models import QualityFramework

    return {"pk": QualityFramework.objects.get(name="Khung của cấp ủy").pk}


def _account(w) -> dict:
    return {"user_id": w.users["member"].pk}


# The admin: every registered model, with what the administrator may do to an
# existing row ("-" where the page is refused with 403). Everyone else is sent
# to the admin's log-in page (302).
ADMIN_MODELS: dict[str, dict[str, int]] = {
    "auth.group": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "auth.user": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "axes.accessattempt": {"add": 403, "change": 200, "delete": 200, "history": 200},
    "axes.accesslog": {"add": 403, "change": 200, "delete": 200, "history": 200},
    "axes.accessfailurelog": {"add": 403, "change": 200, "delete": 200, "history": 200},
    "members.organization": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "members.member": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "members.rolegrant": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "minutes.catalogitem": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "minutes.votingrule": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "minutes.committeesettings": {"add": 200, "change": 200, "delete": 200, "history": 200},
    # Minutes and their audit trail are read-only in the admin.
    "minutes.meeting": {"add": 403, "change": 200, "delete": 403, "history": 200},
    "minutes.auditevent": {"add": 403, "change": 200, "delete": 403, "history": 200},
    "minutes.campaign": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "minutes.qualityframework": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "minutes.signingkey": {"add": 200, "change": 200, "delete": 200, "history": 200},
    "minutes.signeddocument": {"add": 403, "change": 200, "delete": 403, "history": 200},
    "minutes.documentjob": {"add": 403, "change": 200, "delete": 403, "history": 200},
    "django_tasks_database.dbtaskresult": {
        "add": 403,
        "change": 200,
        "delete": 403,
        "history": 200,
    },
}
ADMIN_SITE_ROWS: dict[str, R] = {
    "admin:index": R(None, "302 302 302 302 302 302 200"),
    # Signed-in people without staff status get the admin log-in form with a refusal.
    "admin:login": R(None, "200 200 200 200 200 200 302"),
    "admin:logout": R(None, "302 302 302 302 302 302 405"),
    "admin:password_change": R(None, "302 302 302 302 302 302 200"),
    "admin:password_change_done": R(None, "302 302 302 302 302 302 200"),
    "admin:jsi18n": R(None, "302 302 302 302 302 302 200"),
    "admin:autocomplete": R(None, "302 302 302 302 302 302 403"),
    "admin:view_on_site": R(
        None,
        "302 302 302 302 302 302 404",
        kwargs=lambda w: {
            "content_type_id": ContentType.objects.get_for_model(w.meetings["draft"]).pk,
            "object_id": w.meetings["draft"].pk,
        },
    ),
    "admin:app_list": R(
        None, "302 302 302 302 302 302 200", kwargs=lambda w: {"app_label": "minutes"}
    ),
    "admin:minutes_meeting_simple_history": R(
        None,
        "302 302 302 302 302 302 200",
        args=lambda w: (
            w.meetings["draft"].pk,
            w.meetings["draft"].history.order_by("history_id").first().history_id,
        ),
    ),
    "admin:auth_user_password_change": R(
        None, "302 302 302 302 302 302 200", kwargs=lambda w: {"id": w.users["member"].pk}
    ),
}


def admin_rows() -> dict[str, R]:
    """One row per admin page of every registered model, from ADMIN_MODELS."""
    rows = dict(ADMIN_SITE_ROWS)
    for model in admin.site._registry:
        label = model._meta.label_lower
        app, name = label.split(".")
        allowed = ADMIN_MODELS.get(label)
        if allowed is None:
            continue  # reported by test_every_url_has_a_row
        base = f"admin:{app}_{name}"
        anyone = "302 302 302 302 302 302"

        def obj_kwargs(w, model=model):
            return {"object_id": str(w.admin_object(model).pk)}

        rows[f"{base}_changelist"] = R(None, f"{anyone} 200")
        rows[f"{base}_add"] = R(None, f"{anyone} {allowed['add']}")
        for page in ("change", "delete", "history"):
            rows[f"{base}_{page}"] = R(None, f"{anyone} {allowed[page]}", kwargs=obj_kwargs)
    return rows


def url_names() -> list[str]:
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                if namespace and p.namespace:
                    ns = f"{namespace}:{p.namespace}"
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return sorted(set(walk(get_resolver().url_patterns)))


ALL_ROWS = {**ROWS, **admin_rows()}


def test_every_url_has_a_row():
    missing = [name for name in url_names() if name not in ALL_ROWS]
    unknown_admin = [
        m._meta.label_lower for m in admin.site._registry if m._meta.label_lower not in ADMIN_MODELS
    ]
    assert not missing and not unknown_admin, (
        f"URLs without a row in tests/test_url_matrix.py: {missing}; "
        f"admin models without a line in ADMIN_MODELS: {unknown_admin}"
    )
    stale = sorted(set(ALL_ROWS) - set(url_names()))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


# --- the world every row is checked against ----------------------------------------


@dataclass
class World:
    users: dict
    meetings: dict
    items: dict = field(default_factory=dict)
    comment: object = None
    signed: object = None
    campaign: object = None
    action: object = None
    proposal: object = None

    def admin_object(self, model):
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the matrix world has no {model._meta.label} row"
        return obj


def build_matrix_world() -> World:
    import datetime as dt

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from members.models import RegisterProposal
    from minutes.models import (
        Campaign,
        CommitteeSettings,
        CorrectiveAction,
        Participant,
        QualityCriterion,
        QualityFramework,
        QualityGrade,
        Shortcoming,
        SignedDocument,
        SpeakingTurn,
    )
    from minutes.services import workflow
    from minutes.services.documents import ensure_demo_signing_key
    from tests.review.conftest import build_world, make_meeting

    base = build_world()
    ensure_demo_signing_key(base.committee)
    meetings = {"draft": make_meeting(base)}
    shortcoming = Shortcoming.objects.create(
        meeting=meetings["draft"], subject="cell", text="Chưa thường xuyên."
    )
    for state in ("submitted", "returned", "approved"):
        meeting = make_meeting(base)
        Shortcoming.objects.create(meeting=meeting, subject="cell", text="Chưa thường xuyên.")
        CorrectiveAction.objects.create(
            meeting=meeting,
            shortcoming=meeting.shortcomings.first(),
            text="Khắc phục.",
            owner_member=meeting.participants.filter(member__isnull=False).first().member,
            deadline=dt.date(2022, 9, 30),
        )
        workflow.submit(meeting=meeting, by=base.chair)
        if state == "returned":
            comment = workflow.add_comment(
                meeting=meeting, by=base.reviewer, anchor="attendance", text="Thiếu."
            )
            workflow.return_for_changes(meeting=meeting, by=base.reviewer, reason="Xem lại.")
        if state == "approved":
            workflow.approve(meeting=meeting, by=base.reviewer)
        meetings[state] = meeting
    draft = meetings["draft"]
    approved = meetings["approved"]
    proposal = RegisterProposal.objects.create(
        decision=approved.decisions.first(),
        meeting=approved,
        cell=approved.cell,
        kind="discipline",
        member=approved.participants.filter(member__isnull=False).first().member,
    )
    campaign = Campaign.objects.create(
        committee=base.committee, topic="Tự soi, tự sửa", deadline=dt.date(2022, 12, 31)
    )
    CommitteeSettings.objects.create(organization=base.committee)
    # The world's own framework: the example a migration ships is gone once an
    # earlier transactional test has flushed the tables.
    framework = QualityFramework.objects.create(name="Khung của cấp ủy", owner=base.committee)
    QualityCriterion.objects.create(framework=framework, text="Chuẩn bị", max_points=100)
    QualityGrade.objects.create(framework=framework, label="Tốt", min_points=0)
    Group.objects.create(name="Văn phòng")
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="127.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1")
    # One task result for the admin pages of django-tasks-db (the tests run tasks at once).
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        from minutes.tasks import issue_document

        issue_document.enqueue(approved.pk)
    return World(
        users=base.users,
        meetings=meetings,
        items={
            "participant": {"person_id": Participant.objects.filter(meeting=draft).first().pk},
            "shortcoming": {"shortcoming_id": shortcoming.pk},
            "turn": {
                "kind": "turn",
                "item_id": SpeakingTurn.objects.filter(meeting=draft).first().pk,
            },
        },
        comment=comment,
        signed=SignedDocument.objects.get(meeting=meetings["approved"]),
        campaign=campaign,
        action=CorrectiveAction.objects.get(meeting=meetings["approved"]),
        proposal=proposal,
    )


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end;
    each test runs in a savepoint inside it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield build_matrix_world()
        transaction.set_rollback(True)


def url_for(name: str, row: R, world: World) -> str:
    if row.args:
        return reverse(name, args=row.args(world)) + row.query
    kwargs = {}
    if row.target:
        kwargs["pk"] = world.meetings[row.target].pk
    if row.kwargs:
        kwargs.update(row.kwargs(world))
    return reverse(name, kwargs=kwargs) + row.query


CASES = [(name, role) for name in sorted(ALL_ROWS) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_url_status_by_role(matrix_world, db, name, role):
    row = ALL_ROWS[name]
    client = Client()
    if role != "anonymous":
        client.force_login(matrix_world.users[role])
    url = url_for(name, row, matrix_world)
    response = client.get(url)
    assert response.status_code == row.expected()[role], (
        f"GET {url} as {role}: {response.status_code}, the table says {row.expected()[role]}"
    )
