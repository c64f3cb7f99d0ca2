"""The authorisation matrix: every URL pattern of the site and the API, and for every role
what it may do there.

Each row names a pattern, the methods tried, the object of the OWN side it is asked about
(enterprise A in province X, the veteran; tests/matrix_fixtures.py) and the outcome per role:

- "ok": let in: a 2xx answer or a redirect that is not to the login page (a write may also
  answer 400 or 409: the matrix is about who gets in, other tests about what writes do);
- "login": the login page (a redirect), or 401/403 from the API, for the anonymous;
- "404", "403", "405", "400": that status;
- "refused": a page lets the role in but its service refuses the change (a message).

A pattern without a row fails test_matrix_covers_every_url_pattern. Requests that must be
kept out change nothing; the FOREIGN side's object (enterprise B, province Y, another
veteran) answers 404 to every role let in on the own side's. No GET, on either side,
shows a number of a veteran's the role may not see, nor logs one (#8; the rest of that
check is tests/test_personal_data_exposure.py).
"""

import datetime
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.identifiers import make_credit_code
from portal.views import HealthView
from tests.matrix_fixtures import (
    BAD_REQUEST,
    FORBIDDEN,
    FOREIGN_ROLES,
    KEPT_OUT,
    LOGIN,
    NOT_FOUND,
    OK,
    PHONES,
    REFUSED,
    ROLES,
    WRITES,
    build_world,
    leaked_numbers,
    matches,
    remove_files,
    snapshot,
    url_patterns,
)

# Patterns the matrix leaves out, each for a reason. (Static files have no URL pattern:
# whitenoise serves them before any view.)
EXCLUDED_ROUTE_PREFIXES = {
    "admin/": "Django's admin: staff only, by its own login and permissions (tests/*/test_admin.py)",
}
EXCLUDED = {
    "set_language": "Django's language switch (i18n/): public, changes only the visitor's cookie",
    "api-schema": "drf-spectacular's OpenAPI schema, generated from the views (tests/api/test_schema.py)",
    "api-docs": "drf-spectacular's Swagger UI page: static, loads the schema",
}


def _let(*roles: str, other: str = NOT_FOUND, anonymous: str = LOGIN, **special) -> dict:
    """`roles` are let in; every other role gets `other`, the anonymous `anonymous`. The
    district officer (of a district of city X, where the own side's objects are placed at
    city level) fares as the other province's bureau unless a row says otherwise: let in by
    the role gates, but it sees its district only."""
    expect = {role: OK if role in roles else other for role in ROLES}
    if "anonymous" not in roles:
        expect["anonymous"] = anonymous
    expect.update(special)
    if "bureau_district" not in roles and "bureau_district" not in special:
        expect["bureau_district"] = expect["bureau_y"]
    return expect


def _api(*roles: str, **special) -> dict:
    """The API's role gates answer 403; an object out of scope still answers 404."""
    return _let(*roles, other=FORBIDDEN, **special)


EVERYONE = _let(*ROLES)
SIGNED_IN = ("veteran", "hr_a", "bureau_x", "bureau_y", "ministry", "institution")
STAFF = ("hr_a", "bureau_x", "bureau_y", "ministry", "institution")
REGULATORS = ("bureau_x", "bureau_y", "ministry")
BUREAUS = ("bureau_x", "bureau_y")
# A bureau's decision on an object of province X: the other province's bureau does not find
# it, and the ministry is let in by the page but refused by the service.
BUREAU_X_DECIDES = _let("bureau_x", ministry=REFUSED)
BUREAU_X_DECIDES_API = _api("bureau_x", bureau_y=NOT_FOUND, ministry=FORBIDDEN)
BUREAU_X_ONLY_API = _api("bureau_x", bureau_y=NOT_FOUND)
REGULATORS_OVER_X_API = _api("bureau_x", "ministry", bureau_y=NOT_FOUND)
DECISION = {"note": "矩阵测试", "reason": "矩阵测试的理由"}
# Attendance and completion: the bureau over the programme or its institution records them.
TRAINING_RECORDED = _let("bureau_x", "institution", ministry=REFUSED)
TRAINING_RECORDED_API = _api("bureau_x", "institution", bureau_y=NOT_FOUND, ministry=FORBIDDEN)


@dataclass(frozen=True)
class Row:
    expect: dict
    methods: tuple = ("GET",)
    obj: str | None = None  # the Side attribute the URL names ...
    attr: str = "pk"  # ... by this attribute of it ...
    key: str = "pk"  # ... as this kwarg
    kwargs: dict = field(default_factory=dict)  # fixed kwargs of patterns without an object
    data: dict | Callable | None = None  # a write's body (a callable takes the world)
    foreign_obj: str | None = None  # the foreign object, if not the same attribute
    # Roles that must get 404 on the foreign object; None: FOREIGN_ROLES let in on ours.
    foreign_roles: tuple | None = None
    multipart: bool = False  # an API upload (the others send JSON)

    def url(self, name: str, side) -> str:
        kwargs = dict(self.kwargs)
        if self.obj:
            kwargs[self.key] = getattr(getattr(side, self.obj), self.attr)
        return reverse(name, kwargs=kwargs)

    def foreign_url(self, name: str, side) -> str:
        if self.foreign_obj:
            return Row(self.expect, obj=self.foreign_obj, attr=self.attr, key=self.key).url(
                name, side
            )
        return self.url(name, side)

    def roles_kept_from_foreign(self) -> tuple:
        if not self.obj:
            return ()
        if self.foreign_roles is not None:
            return self.foreign_roles
        return tuple(r for r in FOREIGN_ROLES if self.expect[r] in (OK, REFUSED))


def _meeting_data(world) -> dict:
    return {
        "held_on": TODAY,
        "title": "矩阵座谈会",
        "minutes": "纪要",
        "participant_addresses": world.own.hr.email,
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }


def _meeting_api_data(world) -> dict:
    return {
        "held_on": TODAY,
        "title": "矩阵座谈会",
        "minutes": "纪要",
        "participants": [world.own.hr.email],
    }


def _referral_data(world) -> dict:
    return {"post": world.own.post_referable.pk, "note": "矩阵测试"}


def _register_data(world) -> dict:
    return {
        "name": "矩阵新企业有限公司",
        "credit_code": make_credit_code("110000", 990_001),
        "ownership": "private",
        "industry": world.own.enterprise.industry_id,
        "hq_region": world.own.city,
    }


def _branch_data(world) -> dict:
    return {
        "name": "矩阵分公司",
        "region": world.own.city,
        "address": "矩阵路 1 号",
        "contact_name": "王五",
        "contact_phone": "010-12345678",
    }


def _renewal_data(world) -> dict:
    return {"pledged_posts": 10, "starts_on": "2031-01-01", "ends_on": "2032-01-01"}


def _targets_data(world) -> dict:
    return {"target_provinces": []}


def _programme_data(world) -> dict:
    """The side's programme, for a training agreement's link and unlink (the world's
    agreement is of another mode: the service refuses those let in, as a 409 or a message)."""
    return {"programme": world.own.programme.pk}


def _commendation_data(world) -> dict:
    """The own enterprise onto the warning list (its commendation is already proposed)."""
    return {
        "kind": "warning",
        "period": "2025Q4",
        "credit_code": world.own.enterprise.credit_code,
        "note": "矩阵测试",
    }


def _not_a_pdf(world) -> dict:
    """Refused by the upload's check (400), so no file is left on disk."""
    return {"file": SimpleUploadedFile("简历.pdf", b"not a PDF", "application/pdf")}


def _not_a_register(world) -> dict:
    """Refused by the register's check (400): nothing is confirmed."""
    return {"register": SimpleUploadedFile("名册.xlsx", b"not a workbook")}


STATUS_CERTIFICATE = {"certificate_number": "退字第1号", "certificate_date": "2024-09-01"}


def _verification_data(world) -> dict:
    return {"post": world.own.post.pk, "method": "phone", "result": "genuine"}


def _agreement_data(world) -> dict:
    return {
        "batch": world.batches[3].pk,
        "enterprise": world.own.enterprise.pk,
        "signatory_level": "province",
        "region": world.own.province,
        "cooperation_mode": "industry",
        "pledged_posts": 10,
        "starts_on": "2026-01-01",
        "ends_on": "2027-01-01",
    }


def _bulk(obj: str):
    """A bulk decision's body: the own side's object and one reason for all."""
    return lambda world: {"ids": [getattr(world.own, obj).pk], **DECISION}


def _offline_hire_data(world) -> dict:
    return {
        "post": world.own.post.pk,
        "channel": "direct",
        "resident_id": world.own.veteran.resident_id,
        "started_on": TODAY,
    }


def _not_an_image(world) -> dict:
    """Refused by the evidence check (400), so no file is left on disk."""
    return {"files": [SimpleUploadedFile("现场.jpg", b"not an image", "image/jpeg")]}


def _in_days(days: int) -> datetime.datetime:
    return timezone.localtime() + datetime.timedelta(days=days)


def _proposal(world) -> dict:
    return {"slot_1": _in_days(5).strftime("%Y-%m-%dT%H:%M"), "minutes": 60, "mode": "on_site",
            "place": "矩阵会议室", "contact_name": "王经理", "contact_phone": "010-12345678"}  # fmt: skip


def _api_proposal(world) -> dict:
    return {"slots": [_in_days(5).isoformat()], "mode": "on_site", "place": "矩阵会议室",
            "contact_name": "王经理", "contact_phone": "010-12345678"}  # fmt: skip


def _slot(world) -> dict:
    return {"slot": world.own.interview.slots.get().pk}


def _invitee(world) -> dict:
    return {"veteran": world.own.veteran.pk}


def _startup_data(world) -> dict:
    return {
        "name": "矩阵创业有限公司",
        "credit_code": make_credit_code("110000", 990_002),
        "founded_on": "2025-01-01",
        "industry": world.own.enterprise.industry_id,
        "region": world.own.city,
        "address": "矩阵路 2 号",
        "stage": "starting",
        "employees": 3,
        "veteran_employees": 1,
    }


def _staff_data(world) -> dict:
    return {"username": "matrix_startup_hr", "email": "matrix-startup-hr@example.cn"}


def _mentor_data(world) -> dict:
    industry = world.own.enterprise.industry_id
    return {"industry": industry, "region": world.own.city, "capacity": 2, "experience": "矩阵"}


def _mentor_request_data(world) -> dict:
    return {"industry": world.own.enterprise.industry_id, "region": world.own.city, "need": "矩阵"}


def _staff_invite_data(world) -> dict:
    return {"username": "matrix_teacher", "email": "matrix-teacher@example.cn"}


def _officer_data(world) -> dict:
    return {
        "username": "matrix_officer",
        "email": "matrix-officer@example.cn",
        "region": world.own.city,
    }


def _pair_data(world) -> dict:
    return {"mentor": world.own.mentor_pair.mentor_id}


def _case_application_data(world) -> dict:
    return {
        "application-policy": world.own.support_policy.pk,
        "application-applied_on": TODAY,
        "application-amount_applied": 100_000,
    }


def _case_incubation_data(world) -> dict:
    return {"incubation-base": world.own.support_base.pk, "incubation-started_on": TODAY}


def _base_data(world) -> dict:
    return {
        "kind": "incubator", "name": "矩阵孵化基地", "region": world.own.city,
        "address": "矩阵路 2 号", "capacity": 10, "offers": "工位", "contact_name": "赵六",
        "contact_phone": "010-12345678",
    }  # fmt: skip


def _policy_data(world) -> dict:
    return {
        "kind": "subsidy", "title": "矩阵创业补贴", "region": world.own.city, "summary": "补贴",
        "conditions": "退役3年内", "how_to_apply": "到区局申请",
        "rule_discharged_within_years": "on", "number_discharged_within_years": 3,
    }  # fmt: skip


def _enterprise_invitation_data(world) -> dict:
    return {"name": "矩阵受邀企业有限公司", "credit_code": make_credit_code("110000", 990_003),
            "contact_name": "赵敏", "email": "matrix-invitee@example.cn"}  # fmt: skip


def _invitation_list_file(world) -> dict:
    """A list the check refuses (no header row): its report is written, nothing is sent."""
    return {"file": SimpleUploadedFile("名单.csv", b"a,b\n1,2\n", "text/csv")}


def _prospect_code(world) -> dict:
    return {"credit_code": world.own.enterprise_applied.credit_code}


def _prospect_enterprise(world) -> dict:
    return {"enterprise": world.own.enterprise_applied.pk}


SCORES = {"overall_strength": 4, "strength_note": "矩阵", "proposed_posts": 10}
CONSULTATION = {
    "held_on": timezone.localdate().isoformat(),
    "participants": "张处长",
    "summary": "矩阵",
}


def _selection(world) -> dict:
    return {"batch": world.batches[3].pk, "pledged_posts": 10, "cooperation_mode": "industry",
            "starts_on": "2031-01-01", "ends_on": "2032-01-01", "reason": "矩阵测试的理由"}  # fmt: skip


TODAY = timezone.localdate().isoformat()
GET, POST, GET_POST = ("GET",), ("POST",), ("GET", "POST")


def _notice_form(world) -> dict:
    return {"kind": "notice", "title": "矩阵通知", "body": "矩阵正文", "tags": "矩阵",
            "effective_from": TODAY}  # fmt: skip


def _notice_api(world) -> dict:
    return {"kind": "notice", "title": "矩阵通知", "body": "矩阵正文", "effective_from": TODAY}


def _not_a_notice_file(world) -> dict:
    """Refused by the content check (400), so no file is left on disk."""
    return {"files": [SimpleUploadedFile("通知.pdf", b"not a PDF", "application/pdf")]}


NOTICE_OWNER_API = _api("bureau_x", bureau_y=NOT_FOUND, ministry=NOT_FOUND)
RATINGS = {"score_1": 4, "score_2": 5}

# fmt: off
SITE = {
    "home": Row(EVERYONE),
    "health": Row(EVERYONE),
    "health-live": Row(EVERYONE),
    # accounts
    "accounts:login": Row(EVERYONE),
    "accounts:logout": Row(EVERYONE, POST),
    "accounts:password_reset": Row(EVERYONE),
    "accounts:password_reset_done": Row(EVERYONE),
    "accounts:password_reset_confirm": Row(EVERYONE, kwargs={"uidb64": "MQ", "token": "bad-token"}),
    "accounts:password_reset_complete": Row(EVERYONE),
    "accounts:signup": Row(EVERYONE, GET_POST),
    "accounts:signup_done": Row(EVERYONE),
    "accounts:resend_verification": Row(EVERYONE, GET_POST),
    "accounts:verify": Row(_let(anonymous=BAD_REQUEST, other=BAD_REQUEST), kwargs={"token": "bad-token"}),
    "accounts:workbench": Row(_let(*SIGNED_IN)),
    # the inbox (#18): one's own notices; another user's answer 404
    "accounts:inbox": Row(_let(*SIGNED_IN)),
    "accounts:notifications_read_all": Row(_let(*SIGNED_IN), POST),
    "accounts:notification_open": Row(_let("veteran"), POST, obj="notification"),
    "accounts:notification_read": Row(_let("veteran"), POST, obj="notification"),
    "accounts:notification_settings": Row(_let(*SIGNED_IN), GET_POST, data={"language": "zh-hans"}),
    "accounts:phone_verification": Row(_let(*SIGNED_IN), GET_POST, data={"phone": "13800138000"}),
    "accounts:phone_confirm": Row(_let(*SIGNED_IN), GET_POST, data={"code": "000000"}),
    # a person's own data (PIPL): everyone's download; deletion of one's own account, which
    # the matrix asks with a wrong password (staff accounts are refused whatever it is)
    "accounts:my_data": Row(_let(*SIGNED_IN)),
    "accounts:my_data_json": Row(_let(*SIGNED_IN)),
    "accounts:my_data_xlsx": Row(_let(*SIGNED_IN)),
    "accounts:account_delete": Row(_let("veteran", **dict.fromkeys(STAFF, REFUSED)), GET_POST, data={"password": "wrong", "understood": "on"}),
    # a managing officer's officers (bureau_x manages; bureau_y does not)
    "accounts:officer_list": Row(_let("bureau_x")),
    "accounts:officer_create": Row(_let("bureau_x"), GET_POST, data=_officer_data),
    "accounts:officer_deactivate": Row(_let("bureau_x"), POST, obj="officer"),
    # one-time passwords (#8): bureau and ministry staff only; the matrix's sessions are
    # already verified, so the code pages send them on (setup: a replacement phone)
    "accounts:mfa_setup": Row(_let(*REGULATORS), GET_POST),
    "accounts:mfa_verify": Row(_let(*REGULATORS), GET_POST),
    "accounts:mfa_recover": Row(_let(*REGULATORS), GET_POST),
    "accounts:mfa_recovery_codes": Row(_let(*REGULATORS), GET_POST),
    # jobs: the veteran's pages
    "jobs:post_detail": Row(_let("hr_a", "bureau_x", "ministry", anonymous=NOT_FOUND), obj="post_pending"),
    "jobs:post_detail#published": Row(EVERYONE, obj="post", foreign_roles=()),
    "jobs:post_apply": Row(_let("veteran"), POST, obj="post", foreign_obj="post_pending", data={"note": ""}),
    "jobs:post_report": Row(_let("veteran"), POST, obj="post", foreign_obj="post_pending", data={"reason": "fake", "detail": "矩阵"}),
    "jobs:application_list": Row(_let("veteran")),
    "jobs:application_detail": Row(_let("veteran"), obj="application"),
    "jobs:application_withdraw": Row(_let("veteran"), POST, obj="application"),
    "jobs:recommendations": Row(_let("veteran")),
    "jobs:saved_post_list": Row(_let("veteran")),
    "jobs:post_save": Row(_let("veteran"), POST, obj="post", foreign_obj="post_pending"),
    "jobs:post_unsave": Row(_let("veteran"), POST, obj="saved_post", attr="post_id"),
    "jobs:saved_search_list": Row(_let("veteran")),
    "jobs:saved_search_create": Row(_let("veteran"), POST, data={"name": "矩阵", "q": "保安"}),
    "jobs:saved_search_delete": Row(_let("veteran"), POST, obj="saved_search"),
    "jobs:saved_search_alerts": Row(_let("veteran"), POST, obj="saved_search", data={"enabled": "0"}),
    # The unsubscribe link of the alert e-mails: the token is the key, no login.
    "jobs:saved_search_unsubscribe": Row(EVERYONE, GET_POST, obj="saved_search", key="token", attr="unsubscribe_token", foreign_roles=()),
    "jobs:saved_search_unsubscribe#unknown": Row(_let(anonymous=NOT_FOUND), GET_POST, kwargs={"token": "unknown"}),
    # jobs: the enterprise's pages
    "jobs:enterprise_post_list": Row(_let("hr_a")),
    "jobs:enterprise_post_create": Row(_let("hr_a"), GET_POST),
    "jobs:enterprise_post_edit": Row(_let("hr_a"), GET_POST, obj="post_pending"),
    "jobs:enterprise_post_submit": Row(_let("hr_a"), POST, obj="post_pending"),
    "jobs:enterprise_post_close": Row(_let("hr_a"), POST, obj="post"),
    "jobs:enterprise_post_clone": Row(_let("hr_a"), POST, obj="post"),
    # A published post is not reposted: the page lets staff in, the service refuses.
    "jobs:enterprise_post_repost": Row(_let(hr_a=REFUSED), POST, obj="post"),
    "jobs:post_import": Row(_let("hr_a"), GET_POST),
    "jobs:post_import_template": Row(_let("hr_a")),
    "jobs:post_import_detail": Row(_let("hr_a"), obj="post_import"),
    "jobs:pipeline": Row(_let("hr_a")),
    "jobs:applicant_detail": Row(_let("hr_a"), obj="application"),
    "jobs:applicant_resume": Row(_let("hr_a"), obj="application"),
    "jobs:applicant_contact": Row(_let("hr_a"), obj="application"),
    "jobs:application_advance": Row(_let("hr_a"), POST, obj="application", data={"target": "viewed"}),
    "jobs:application_hire": Row(_let("hr_a"), POST, obj="application", data={"started_on": TODAY}),
    # jobs: interviews, messages and invitations (#18)
    "jobs:interview_propose": Row(_let("hr_a"), POST, obj="application", data=_proposal),
    "jobs:interview_list": Row(_let("hr_a")),
    "jobs:interview_cancel": Row(_let("hr_a"), POST, obj="interview"),
    "jobs:interview_accept": Row(_let("veteran"), POST, obj="interview", data=_slot),
    "jobs:interview_decline": Row(_let("veteran"), POST, obj="interview"),
    "jobs:interview_reschedule": Row(_let("veteran"), POST, obj="interview", data={"note": "矩阵"}),
    "jobs:message_thread": Row(_let("veteran", "hr_a"), obj="application"),
    "jobs:message_send": Row(_let("veteran", "hr_a"), POST, obj="application", data={"body": "矩阵"}),
    "jobs:message_report": Row(_let("veteran", "hr_a"), POST, obj="message", data={"reason": "abuse"}),
    "jobs:message_report_queue": Row(_let(*BUREAUS)),
    "jobs:message_report_uphold": Row(_let("bureau_x"), POST, obj="message_report", data=DECISION),
    "jobs:message_report_dismiss": Row(_let("bureau_x"), POST, obj="message_report", data=DECISION),
    "jobs:candidate_invite": Row(_let("hr_a"), POST, obj="post", data=_invitee),
    "jobs:invitation_list": Row(_let("veteran")),
    "jobs:invitation_apply": Row(_let("veteran"), POST, obj="invitation"),
    "jobs:invitation_decline": Row(_let("veteran"), POST, obj="invitation"),
    # jobs: the bureaus' pages
    "jobs:post_review_queue": Row(_let(*BUREAUS)),
    "jobs:post_review": Row(_let("bureau_x", "ministry"), obj="post_pending"),
    "jobs:post_approve": Row(BUREAU_X_DECIDES, POST, obj="post_pending", data=DECISION),
    "jobs:post_reject": Row(BUREAU_X_DECIDES, POST, obj="post_pending", data=DECISION),
    "jobs:post_verify": Row(_let("bureau_x"), POST, obj="post", data={"method": "phone", "result": "genuine"}),
    # Bulk decisions (#16): out-of-scope objects refuse the whole selection (a message).
    "jobs:post_bulk_approve": Row(_let("bureau_x", bureau_y=REFUSED), POST, data=_bulk("post_pending")),
    "jobs:post_bulk_reject": Row(_let("bureau_x", bureau_y=REFUSED), POST, data=_bulk("post_pending")),
    "jobs:verification_work_list": Row(_let(*BUREAUS)),
    "jobs:verification_evidence": Row(_let("bureau_x", "ministry"), obj="evidence"),
    "jobs:report_queue": Row(_let(*BUREAUS)),
    "jobs:report_confirm": Row(BUREAU_X_DECIDES, POST, obj="report", data=DECISION),
    "jobs:report_dismiss": Row(BUREAU_X_DECIDES, POST, obj="report", data=DECISION),
    "jobs:follow_up_list": Row(_let(*REGULATORS)),
    "jobs:follow_up_record": Row(_let("bureau_x"), GET_POST, obj="follow_up", data={"outcome": "employed"}),
    "jobs:follow_up_contact": Row(_let("bureau_x"), obj="follow_up"),
    "jobs:event_list": Row(_let(*SIGNED_IN)),
    "jobs:event_create": Row(_let(*BUREAUS), GET_POST),
    # Events are a public notice board; a bureau works on those of its region only.
    "jobs:event_detail": Row(_let(*SIGNED_IN, bureau_y=NOT_FOUND), obj="event", foreign_roles=("bureau_x",)),
    "jobs:event_register": Row(_let("veteran"), POST, obj="event", foreign_roles=()),
    "jobs:event_unregister": Row(_let("veteran"), POST, obj="event", foreign_roles=()),
    # Hires made at events or directly (#16): recorded by the enterprise or a bureau (another
    # province's bureau finds no post of X in the form: it comes back with the field's error),
    # answered by the veteran the hire names; attendance by the bureau over the event (the
    # matrix's event has not started yet: the service refuses).
    "jobs:offline_hire_list": Row(_let("hr_a", *BUREAUS)),
    "jobs:offline_hire_create": Row(_let("hr_a", *BUREAUS), GET_POST, data=_offline_hire_data),
    "jobs:offline_hire_answer": Row(_let("veteran"), obj="offline_hire", key="token", attr="token"),
    "jobs:offline_hire_confirm": Row(_let("veteran"), POST, obj="offline_hire", key="token", attr="token"),
    "jobs:offline_hire_decline": Row(_let("veteran"), POST, obj="offline_hire", key="token", attr="token"),
    "jobs:event_attendance": Row(_let(bureau_x=REFUSED), POST, obj="registration", data={"attended": "1"}),
    "jobs:matching_run_list": Row(_let("ministry")),
    # jobs: referrals (the bureau refers a consenting veteran; the enterprise answers)
    "jobs:referral_candidate_list": Row(_let(*BUREAUS)),
    "jobs:referral_candidate_detail": Row(_let("bureau_x"), GET_POST, obj="veteran", data=_referral_data),
    "jobs:referral_list": Row(_let("hr_a", *REGULATORS)),
    "jobs:referral_detail": Row(_let("hr_a", "bureau_x", "ministry"), obj="referral"),
    "jobs:referral_take_up": Row(_let("hr_a"), POST, obj="referral"),
    "jobs:referral_decline": Row(_let("hr_a"), POST, obj="referral", data={"reason": "矩阵测试的理由"}),
    "jobs:matching_run_start": Row(_let("ministry"), POST),
    "jobs:enterprise_post_candidates": Row(_let("hr_a"), obj="post"),
    # enterprises
    "enterprises:register": Row(_let("veteran", "hr_a")),
    # A veteran with a profile may not register an enterprise; staff already have one.
    "enterprises:register#post": Row(_let(veteran=REFUSED, hr_a=REFUSED), POST, data=_register_data),
    "enterprises:my_enterprise": Row(_let("hr_a")),
    "enterprises:branch_create": Row(_let("hr_a"), GET_POST),
    # Enterprise A is approved and its branch too: staff get the page, the service refuses.
    "enterprises:enterprise_resubmit": Row(_let("hr_a"), GET_POST, data=_register_data),
    "enterprises:branch_resubmit": Row(_let("hr_a"), GET_POST, obj="branch", data=_branch_data),
    "enterprises:enterprise_directory": Row(_let(*REGULATORS)),
    "enterprises:member_invite": Row(_let("hr_a"), GET_POST),
    "enterprises:member_deactivate": Row(_let("hr_a"), POST, obj="colleague"),
    "enterprises:enterprise_review_queue": Row(_let(*REGULATORS)),
    "enterprises:enterprise_review": Row(_let("bureau_x", "ministry"), obj="enterprise_applied"),
    "enterprises:enterprise_approve": Row(BUREAU_X_DECIDES, POST, obj="enterprise_applied", data=DECISION),
    "enterprises:enterprise_reject": Row(BUREAU_X_DECIDES, POST, obj="enterprise_applied", data=DECISION),
    "enterprises:enterprise_suspend": Row(BUREAU_X_DECIDES, POST, obj="enterprise", data=DECISION),
    "enterprises:enterprise_reinstate": Row(BUREAU_X_DECIDES, POST, obj="enterprise_suspended", data=DECISION),
    "enterprises:enterprise_bulk_approve": Row(_let("bureau_x", bureau_y=REFUSED, ministry=REFUSED), POST, data=_bulk("enterprise_applied")),
    "enterprises:enterprise_bulk_reject": Row(_let("bureau_x", bureau_y=REFUSED, ministry=REFUSED), POST, data=_bulk("enterprise_applied")),
    "enterprises:branch_bulk_approve": Row(_let("bureau_x", bureau_y=REFUSED), POST, data=_bulk("branch_pending")),
    "enterprises:branch_bulk_reject": Row(_let("bureau_x", bureau_y=REFUSED), POST, data=_bulk("branch_pending")),
    "enterprises:branch_review_queue": Row(_let(*BUREAUS)),
    "enterprises:branch_review": Row(_let("bureau_x"), obj="branch_pending"),
    "enterprises:branch_approve": Row(BUREAU_X_DECIDES, POST, obj="branch_pending", data=DECISION),
    "enterprises:branch_reject": Row(BUREAU_X_DECIDES, POST, obj="branch_pending", data=DECISION),
    "enterprises:batch_list": Row(_let("ministry")),
    "enterprises:batch_create": Row(_let("ministry"), GET_POST),
    # inviting and screening enterprises (#19): the side's bureau invited and screens; the
    # ministry reads them but acts on its own only; the invitee's link needs no account
    "enterprises:invitation_list": Row(_let(*REGULATORS)),
    "enterprises:invitation_create": Row(_let(*REGULATORS), GET_POST, data=_enterprise_invitation_data),
    "enterprises:invitation_upload": Row(_let(*REGULATORS), GET_POST, data=_invitation_list_file),
    "enterprises:invitation_template": Row(_let(*REGULATORS)),
    "enterprises:invitation_upload_detail": Row(_let("bureau_x", "ministry"), obj="invitation_upload"),
    "enterprises:invitation_detail": Row(_let("bureau_x", "ministry"), obj="enterprise_invitation"),
    "enterprises:invitation_resend": Row(BUREAU_X_DECIDES, POST, obj="enterprise_invitation"),
    "enterprises:invitation_open": Row(EVERYONE, obj="enterprise_invitation", key="token", attr="token", foreign_roles=()),
    "enterprises:invitation_decline": Row(EVERYONE, POST, obj="enterprise_invitation", key="token", attr="token", foreign_roles=()),
    # Enterprise A is screened already: its staff's request is refused (a message).
    "enterprises:screening_request": Row(_let(hr_a=REFUSED), POST),
    "enterprises:screening_list": Row(_let(*REGULATORS)),
    "enterprises:screening_add": Row(_let(*REGULATORS), GET_POST, data=_prospect_code),
    "enterprises:screening_detail": Row(_let("bureau_x", "ministry"), obj="prospect"),
    "enterprises:screening_update": Row(BUREAU_X_DECIDES, POST, obj="prospect", data=SCORES),
    "enterprises:screening_consultation": Row(BUREAU_X_DECIDES, POST, obj="prospect", data=CONSULTATION),
    "enterprises:screening_select": Row(BUREAU_X_DECIDES, POST, obj="prospect", data=_selection),
    "enterprises:screening_defer": Row(BUREAU_X_DECIDES, POST, obj="prospect", data=DECISION),
    "enterprises:screening_criteria": Row(EVERYONE),
    "enterprises:agreement_list": Row(_let(*REGULATORS)),
    "enterprises:agreement_create": Row(_let(*REGULATORS), GET_POST),
    "enterprises:agreement_detail": Row(_let("bureau_x", "ministry"), obj="agreement_active"),
    "enterprises:agreement_sign": Row(BUREAU_X_DECIDES, POST, obj="agreement_draft", data={"signed_on": TODAY}),
    "enterprises:agreement_activate": Row(BUREAU_X_DECIDES, POST, obj="agreement_signed"),
    "enterprises:agreement_expire": Row(BUREAU_X_DECIDES, POST, obj="agreement_active"),
    "enterprises:agreement_terminate": Row(BUREAU_X_DECIDES, POST, obj="agreement_active", data=DECISION),
    "enterprises:agreement_renew": Row(BUREAU_X_DECIDES, GET_POST, obj="agreement_active", data=_renewal_data),
    "enterprises:agreement_target_provinces": Row(BUREAU_X_DECIDES, GET_POST, obj="agreement_active", data=_targets_data),
    # training cooperation: the signatory links programmes (jobs/training/views.py)
    "jobs:agreement_programme_link": Row(BUREAU_X_DECIDES, GET_POST, obj="agreement_active", data=_programme_data),
    "jobs:agreement_programme_unlink": Row(BUREAU_X_DECIDES, POST, obj="agreement_active", data=_programme_data),
    # dashboards: a bureau's scope is its region and below; exports of an uncomputed quarter
    # lead back to the dashboard (a redirect), so the roles let in get "ok" without a report
    # commendations: the ministry decides; a bureau sees the confirmed lists of its region
    "dashboards:commendation_list": Row(_let(*REGULATORS)),
    "dashboards:commendation_add": Row(_let("ministry"), GET_POST, data=_commendation_data),
    "dashboards:commendation_confirm": Row(_let("ministry"), POST, obj="commendation", data=DECISION, foreign_roles=()),
    "dashboards:commendation_dismiss": Row(_let("ministry"), POST, obj="commendation", data=DECISION, foreign_roles=()),
    # the public pages of released batches: anyone, signed in or not
    "cooperation:directory": Row(EVERYONE),
    "cooperation:batch": Row(EVERYONE, kwargs={"number": 93}),
    "cooperation:enterprise": Row(EVERYONE, obj="enterprise", foreign_roles=()),
    "dashboards:home": Row(_let("hr_a", *REGULATORS)),
    "dashboards:nation": Row(_let("ministry")),
    "dashboards:region": Row(_let("bureau_x", "ministry"), obj="branch", attr="region_id", key="code"),
    "dashboards:region#province": Row(_let("bureau_x", "ministry"), obj="agreement_active", attr="region_id", key="code"),
    "dashboards:enterprise": Row(_let("hr_a")),
    **{
        f"dashboards:{name}{suffix}": Row(_let(*roles), obj=obj, attr="region_id", key="scope", kwargs=kwargs)
        for name in ("report_print", "report_xlsx", "report_csv")
        for suffix, roles, obj, kwargs in (
            ("", ("bureau_x", "ministry"), "branch", {"quarter": "2026Q3"}),
            ("#province", ("bureau_x", "ministry"), "agreement_active", {"quarter": "2026Q3"}),
            ("#nation", ("ministry",), None, {"quarter": "2026Q3", "scope": "nation"}),
        )
    },
    # the quarterly communication: each organisation's own notices, meetings and tasks
    "dashboards:notice_list": Row(_let("hr_a", *REGULATORS)),
    "dashboards:notice_detail": Row(_let("hr_a"), obj="quarterly_notice"),
    "dashboards:notice_detail#bureau": Row(_let("bureau_x"), obj="bureau_notice"),
    "dashboards:notice_detail#ministry": Row(_let("ministry"), obj="ministry_notice"),
    "dashboards:pledge_follow_up_list": Row(_let(*BUREAUS)),
    "dashboards:pledge_follow_up_close": Row(_let("bureau_x"), GET_POST, obj="pledge_follow_up", data={"note": "已约谈"}),
    "dashboards:meeting_list": Row(_let("hr_a", *REGULATORS)),
    "dashboards:meeting_record": Row(_let(*REGULATORS), GET_POST, data=_meeting_data),
    "dashboards:meeting_detail": Row(_let("hr_a", "bureau_x"), obj="meeting"),
    "dashboards:action_item_done": Row(_let("hr_a"), POST, obj="action_item", data={"note": "已完成"}),
    # veterans
    "veterans:profile": Row(_let("veteran")),
    "veterans:profile_step": Row(_let("veteran"), GET_POST, kwargs={"step": "identity"}),
    "veterans:region_cities": Row(EVERYONE),
    "veterans:resume_list": Row(_let("veteran")),
    "veterans:resume_upload": Row(_let("veteran"), POST, data=_not_a_pdf),
    # The owner, and the enterprises the resume was sent to with an application.
    "veterans:resume_download": Row(_let("veteran", "hr_a"), obj="resume"),
    "veterans:resume_delete": Row(_let("veteran"), POST, obj="resume"),
    "veterans:consent_list": Row(_let("veteran")),
    "veterans:consent_give": Row(_let("veteran"), POST, data={"purpose": "sensitive_data"}),
    "veterans:consent_withdraw": Row(_let("veteran"), POST, data={"purpose": "sensitive_data"}),
    # veteran status confirmation: the bureau of the veteran's home region (or above it)
    "veterans:status_queue": Row(_let(*BUREAUS)),
    "veterans:status_confirm": Row(_let("bureau_x"), GET_POST, obj="veteran", data=STATUS_CERTIFICATE),
    "veterans:status_register": Row(_let(*BUREAUS), GET_POST, data=_not_a_register),
    "veterans:region_districts": Row(EVERYONE, kwargs={"code": "110100"}),
    # The service directory (#20): public, kept by the bureau over the station's region.
    "veterans:service_station_list": Row(EVERYONE),
    "veterans:service_station_detail": Row(EVERYONE, obj="service_station", foreign_roles=()),
    "veterans:service_station_detail#retired": Row(
        _let("bureau_x", "ministry", anonymous=NOT_FOUND), obj="service_station_retired",
    ),
    "veterans:service_station_detail#district": Row(
        EVERYONE, obj="service_station_district", foreign_roles=()
    ),
    "veterans:service_station_manage": Row(_let(*REGULATORS)),
    "veterans:service_station_create": Row(_let(*BUREAUS), GET_POST),
    "veterans:service_station_edit": Row(_let("bureau_x"), GET_POST, obj="service_station"),
    "veterans:service_station_edit#district": Row(
        _let("bureau_x", "bureau_district"), GET_POST, obj="service_station_district",
        foreign_roles=(),
    ),
    "veterans:service_station_retire": Row(_let("bureau_x"), POST, obj="service_station"),
    "veterans:service_station_retire#district": Row(
        _let("bureau_x", "bureau_district"), POST, obj="service_station_district",
        foreign_roles=(),
    ),
    # training: institutions and programmes of a bureau's region; programmes are public to
    # the signed-in, so a veteran may enrol in any region's.
    "jobs:training_institution_list": Row(_let(*REGULATORS)),
    "jobs:training_institution_create": Row(_let(*BUREAUS), GET_POST),
    "jobs:training_institution_detail": Row(_let("bureau_x", "ministry", "institution"), obj="institution"),
    "jobs:my_institution": Row(_let("institution")),
    "jobs:training_institution_staff_invite": Row(_let("bureau_x"), GET_POST, obj="institution", data=_staff_invite_data),
    "jobs:training_institution_staff_deactivate": Row(_let("bureau_x"), POST, obj="institution_member"),
    "jobs:training_institution_edit": Row(_let("bureau_x"), GET_POST, obj="institution"),
    "jobs:training_programme_list": Row(_let(*SIGNED_IN)),
    "jobs:training_programme_create": Row(_let(*BUREAUS, "institution"), GET_POST),
    "jobs:training_programme_detail": Row(_let(*SIGNED_IN, bureau_y=NOT_FOUND), obj="programme", foreign_roles=("bureau_x", "institution")),
    # An approved programme is changed by its bureau: its institution is refused.
    "jobs:training_programme_edit": Row(_let("bureau_x", institution=REFUSED), GET_POST, obj="programme"),
    "jobs:training_programme_approve": Row(_let("bureau_x"), POST, obj="programme_pending"),
    "jobs:training_programme_reject": Row(_let("bureau_x"), POST, obj="programme_pending", data={"reason": "矩阵测试的理由"}),
    "jobs:training_enrol": Row(_let("veteran"), POST, obj="programme", foreign_roles=()),
    "jobs:training_withdraw": Row(_let("veteran"), POST, obj="enrolment"),
    "jobs:training_start": Row(TRAINING_RECORDED, POST, obj="enrolment"),
    "jobs:training_complete": Row(TRAINING_RECORDED, POST, obj="enrolment", data={"completed_on": TODAY}),
    "jobs:training_drop": Row(TRAINING_RECORDED, POST, obj="enrolment"),
    "jobs:my_training": Row(_let("veteran")),
    "jobs:skill_gaps": Row(_let(*BUREAUS)),
    # veterans' start-ups (#21): the directory and a confirmed one's page are public; a
    # declaration is its founder's and its regulators'
    "startups:directory": Row(EVERYONE),
    "startups:detail": Row(_let("veteran", "bureau_x", "ministry", anonymous=NOT_FOUND), obj="startup_declared"),
    "startups:detail#confirmed": Row(EVERYONE, obj="startup", foreign_roles=()),
    "startups:mine": Row(_let("veteran")),
    "startups:declare": Row(_let("veteran"), GET_POST, data=_startup_data),
    "startups:correct": Row(_let("veteran"), GET_POST, obj="startup_rejected", data=_startup_data),
    "startups:staff": Row(_let("veteran"), GET_POST, obj="startup", data=_staff_data),
    "startups:eligibility": Row(_let("veteran")),
    "startups:review_queue": Row(_let(*REGULATORS)),
    "startups:startup_confirm": Row(BUREAU_X_DECIDES, POST, obj="startup_declared", data=DECISION),
    "startups:startup_reject": Row(BUREAU_X_DECIDES, POST, obj="startup_declared", data=DECISION),
    # mentors (#21): a veteran's own mentoring; the region's bureau pairs
    "startups:mentoring": Row(_let("veteran")),
    "startups:mentor_volunteer": Row(_let("veteran"), GET_POST, data=_mentor_data),
    "startups:mentor_request": Row(_let("veteran"), GET_POST, data=_mentor_request_data),
    "startups:mentor_session": Row(_let("veteran"), POST, obj="mentor_pair", data={"held_on": TODAY, "note": "矩阵"}),
    "startups:mentor_requests": Row(_let(*REGULATORS)),
    "startups:mentor_pair": Row(BUREAU_X_DECIDES, POST, obj="mentor_request", data=_pair_data),
    # the bureau's case records of entrepreneurs (#21): the bureau of the region keeps them;
    # the veteran reads their own. The foreign side's founder (the matrix's other veteran)
    # lives in city X, so X's bureau may start her case from her start-up in Y.
    "startups:case_list": Row(_let(*BUREAUS)),
    "startups:case_open": Row(_let("bureau_x"), POST, obj="startup", foreign_roles=()),
    "startups:case_detail": Row(_let("bureau_x"), obj="case"),
    "startups:case_contact": Row(_let("bureau_x"), POST, obj="case", data={"contact-kind": "consultation", "contact-held_on": TODAY, "contact-topic": "矩阵"}),
    "startups:case_application": Row(_let("bureau_x"), POST, obj="case", data=_case_application_data),
    "startups:case_incubation": Row(_let("bureau_x"), POST, obj="case", data=_case_incubation_data),
    "startups:application_outcome": Row(_let("bureau_x"), POST, obj="support_application", data={"outcome-outcome": "refused", "outcome-decided_on": TODAY}),
    "startups:incubation_end": Row(_let("bureau_x"), POST, obj="incubation", data={"end-ended_on": TODAY}),
    "startups:case_follow_ups": Row(_let(*BUREAUS)),
    "startups:case_follow_up_record": Row(_let("bureau_x"), GET_POST, obj="case_follow_up", data={"outcome": "closed"}),
    "startups:my_case": Row(_let("veteran")),
    # the catalogue its bureau keeps (#21)
    "startups:catalogue_bases": Row(_let(*BUREAUS)),
    "startups:catalogue_base_create": Row(_let(*BUREAUS), GET_POST, data=_base_data),
    "startups:catalogue_base_edit": Row(_let("bureau_x"), GET_POST, obj="support_base", data=_base_data),
    "startups:catalogue_base_retire": Row(_let("bureau_x"), GET_POST, obj="support_base"),
    "startups:catalogue_policies": Row(_let(*BUREAUS)),
    "startups:catalogue_policy_create": Row(_let(*BUREAUS), GET_POST, data=_policy_data),
    "startups:catalogue_policy_edit": Row(_let("bureau_x"), GET_POST, obj="support_policy", data=_policy_data),
    "startups:catalogue_policy_retire": Row(_let("bureau_x"), GET_POST, obj="support_policy"),
    # notices and policies (#20): published ones are everyone's; a notice is changed only by
    # its publisher (the bureau of its region; the ministry's are national)
    "jobs:notice_list": Row(EVERYONE),
    "jobs:notice_detail": Row(EVERYONE, obj="notice", foreign_roles=()),
    "jobs:notice_detail#draft": Row(_let("bureau_x", anonymous=NOT_FOUND), obj="notice_draft"),
    "jobs:notice_attachment": Row(EVERYONE, obj="notice_file", foreign_roles=()),
    "jobs:notice_manage_list": Row(_let(*REGULATORS)),
    "jobs:notice_create": Row(_let(*REGULATORS), GET_POST, data=_notice_form),
    "jobs:notice_edit": Row(_let("bureau_x"), GET_POST, obj="notice_draft", data=_notice_form),
    "jobs:notice_publish": Row(_let("bureau_x"), POST, obj="notice_draft"),
    "jobs:notice_withdraw": Row(_let("bureau_x"), POST, obj="notice"),
    "jobs:notice_attachment_delete": Row(_let("bureau_x"), POST, obj="notice_draft_file"),
    # feedback (#20): a veteran's own questions; aggregates for the regulators, the
    # enterprise's own average
    "jobs:feedback_list": Row(_let("veteran")),
    "jobs:feedback_answer": Row(_let("veteran"), GET_POST, obj="feedback", data=RATINGS),
    "jobs:feedback_decline": Row(_let("veteran"), POST, obj="feedback"),
    "jobs:feedback_summary": Row(_let(*REGULATORS)),
    "jobs:feedback_enterprise": Row(_let("hr_a")),
}

API = {
    "api-token": Row(EVERYONE, POST, data={"username": "veteran", "password": "wrong"}),
    "api-notification-list": Row(_api(*SIGNED_IN)),
    "api-my-data": Row(_api(*SIGNED_IN)),
    "api-account-delete": Row(_api("veteran"), POST, data={"password": "wrong"}),
    "api-officer-list": Row(_api(*BUREAUS)),
    "api-officer-create": Row(_api("bureau_x"), POST, data=_officer_data),
    "api-officer-deactivate": Row(BUREAU_X_ONLY_API, POST, obj="officer"),
    "api-notification-unread-count": Row(_api(*SIGNED_IN)),
    "api-notifications-read-all": Row(_api(*SIGNED_IN), POST),
    "api-notification-read": Row(_let("veteran"), POST, obj="notification"),
    "api-notification-settings": Row(_api(*SIGNED_IN)),
    "api-phone-verification": Row(_api(*SIGNED_IN), POST, data={"phone": "13800138000"}),
    "api-phone-confirm": Row(_api(*SIGNED_IN), POST, data={"code": "000000"}),
    "api-notification-settings-update": Row(_api(*SIGNED_IN), POST, data={"language": "zh-hans", "emailed_kinds": []}),
    "api-staff-token": Row(EVERYONE, POST, data={"username": "bureau_x", "password": "wrong", "otp": "123456"}),
    # Registering is for a new sign-up; the service refuses everyone else.
    "api-enterprise-register": Row(_api("hr_a"), POST, data=_register_data),
    "api-my-enterprise": Row(_api("hr_a")),
    "api-enterprise-member-invite": Row(_api("hr_a"), POST),
    "api-branch-list": Row(_api(*SIGNED_IN)),
    "api-enterprise-member-deactivate": Row(_api("hr_a"), POST, obj="colleague"),
    "api-branch-create": Row(_api("hr_a"), POST),
    "api-enterprise-resubmit": Row(_api("hr_a"), POST, data=_register_data),
    "api-branch-resubmit": Row(_api("hr_a"), POST, obj="branch", data=_branch_data),
    "api-enterprise-directory": Row(_api(*REGULATORS)),
    "api-enterprise-queue": Row(_api(*REGULATORS)),
    "api-enterprise-approve": Row(BUREAU_X_DECIDES_API, POST, obj="enterprise_applied", data=DECISION),
    "api-enterprise-reject": Row(BUREAU_X_DECIDES_API, POST, obj="enterprise_applied", data=DECISION),
    "api-enterprise-suspend": Row(BUREAU_X_DECIDES_API, POST, obj="enterprise", data=DECISION),
    "api-enterprise-reinstate": Row(BUREAU_X_DECIDES_API, POST, obj="enterprise_suspended", data=DECISION),
    # Bulk decisions: an id outside the caller's scope is an unknown id (400), nothing decided;
    # the ministry's bulk decision on a bureau's enterprise is refused object by object (200).
    "api-enterprise-bulk-approve": Row(_api("bureau_x", "ministry", bureau_y=BAD_REQUEST), POST, data=_bulk("enterprise_applied")),
    "api-enterprise-bulk-reject": Row(_api("bureau_x", "ministry", bureau_y=BAD_REQUEST), POST, data=_bulk("enterprise_applied")),
    "api-branch-bulk-approve": Row(_api("bureau_x", bureau_y=BAD_REQUEST), POST, data=_bulk("branch_pending")),
    "api-branch-bulk-reject": Row(_api("bureau_x", bureau_y=BAD_REQUEST), POST, data=_bulk("branch_pending")),
    "api-branch-queue": Row(_api(*REGULATORS)),
    "api-branch-approve": Row(BUREAU_X_DECIDES_API, POST, obj="branch_pending", data=DECISION),
    "api-branch-reject": Row(BUREAU_X_DECIDES_API, POST, obj="branch_pending", data=DECISION),
    "api-batch-list": Row(_api("anonymous", *SIGNED_IN)),
    "api-cooperative-enterprise-list": Row(_api("anonymous", *SIGNED_IN)),
    "api-cooperative-enterprise-detail": Row(_api("anonymous", *SIGNED_IN), obj="enterprise", foreign_roles=()),
    "api-released-batch": Row(_api("anonymous", *SIGNED_IN), kwargs={"number": 93}),
    # a report not computed answers 404 to the roles let in; a bureau's scope is its region
    "api-quarterly-report": Row(_api("ministry", bureau_x=NOT_FOUND, bureau_y=NOT_FOUND, ministry=NOT_FOUND), kwargs={"quarter": "2026Q3", "scope": "nation"}),
    "api-commendation-list": Row(_api(*REGULATORS)),
    "api-commendation-add": Row(_api("ministry"), POST, data=_commendation_data),
    "api-commendation-confirm": Row(_api("ministry", bureau_x=NOT_FOUND, bureau_y=NOT_FOUND), POST, obj="commendation", data=DECISION, foreign_roles=()),
    "api-commendation-dismiss": Row(_api("ministry", bureau_x=NOT_FOUND, bureau_y=NOT_FOUND), POST, obj="commendation", data=DECISION, foreign_roles=()),
    "api-batch-create": Row(_api("ministry"), POST),
    # inviting and screening enterprises (#19)
    "api-enterprise-invitation-list": Row(_api(*REGULATORS)),
    # A district bureau signs no agreement, so it invites nobody (enterprises.may_invite).
    "api-enterprise-invitation-create": Row(_api(*REGULATORS, bureau_district=FORBIDDEN), POST, data=_enterprise_invitation_data),
    "api-enterprise-invitation-upload": Row(_api(*REGULATORS, bureau_district=FORBIDDEN), POST, data=_invitation_list_file, multipart=True),
    "api-enterprise-invitation-upload-status": Row(REGULATORS_OVER_X_API, obj="invitation_upload"),
    "api-enterprise-invitation-resend": Row(BUREAU_X_DECIDES_API, POST, obj="enterprise_invitation"),
    "api-enterprise-invitation-decline": Row(EVERYONE, POST, obj="enterprise_invitation", key="token", attr="token", foreign_roles=()),
    "api-screening-request": Row(_api("hr_a"), POST),
    "api-screening-list": Row(_api(*REGULATORS)),
    # Enterprise A's applied sister is of province X: province Y's bureau cannot name it (400).
    "api-screening-add": Row(_api("bureau_x", "ministry", bureau_y=BAD_REQUEST), POST, data=_prospect_enterprise),
    "api-screening-detail": Row(REGULATORS_OVER_X_API, obj="prospect"),
    "api-screening-update": Row(BUREAU_X_DECIDES_API, POST, obj="prospect", data=SCORES),
    "api-screening-consultation": Row(BUREAU_X_DECIDES_API, POST, obj="prospect", data=CONSULTATION),
    "api-screening-select": Row(BUREAU_X_DECIDES_API, POST, obj="prospect", data=_selection),
    "api-screening-defer": Row(BUREAU_X_DECIDES_API, POST, obj="prospect", data=DECISION),
    "api-agreement-list": Row(_api(*SIGNED_IN)),
    # A province X agreement of enterprise A: province Y's bureau cannot name A (400), and
    # the ministry signs at ministry level only (403).
    "api-agreement-create": Row(_api("bureau_x", bureau_y=BAD_REQUEST, ministry=FORBIDDEN), POST, data=_agreement_data),
    "api-agreement-sign": Row(BUREAU_X_DECIDES_API, POST, obj="agreement_draft"),
    "api-agreement-activate": Row(BUREAU_X_DECIDES_API, POST, obj="agreement_signed"),
    "api-agreement-expire": Row(BUREAU_X_DECIDES_API, POST, obj="agreement_active"),
    "api-agreement-terminate": Row(BUREAU_X_DECIDES_API, POST, obj="agreement_active", data=DECISION),
    "api-agreement-renew": Row(BUREAU_X_DECIDES_API, POST, obj="agreement_active", data=_renewal_data),
    "api-agreement-target-provinces": Row(BUREAU_X_DECIDES_API, POST, obj="agreement_active", data=_targets_data),
    "api-agreement-programmes": Row(REGULATORS_OVER_X_API, obj="agreement_active"),
    "api-agreement-programme-link": Row(BUREAU_X_DECIDES_API, POST, obj="agreement_active", data=_programme_data),
    "api-agreement-programme-unlink": Row(BUREAU_X_DECIDES_API, POST, obj="agreement_active", data=_programme_data),
    "api-enterprise-audit": Row(REGULATORS_OVER_X_API, obj="enterprise"),
    "api-branch-audit": Row(REGULATORS_OVER_X_API, obj="branch"),
    "api-agreement-audit": Row(REGULATORS_OVER_X_API, obj="agreement_active"),
    "api-profile": Row(_api("veteran")),
    "api-profile-update": Row(_api("veteran"), ("PUT",), data={"phone": "13900000000"}),
    "api-consent-list": Row(_api("veteran")),
    "api-consent-give": Row(_api("veteran"), POST, data={"purpose": "sensitive_data", "version": "2026-01"}),
    "api-consent-withdraw": Row(_api("veteran"), POST, data={"purpose": "sensitive_data"}),
    "api-resume-list": Row(_api("veteran")),
    "api-resume-upload": Row(_api("veteran"), POST, data=_not_a_pdf, multipart=True),
    "api-resume-delete": Row(_api("veteran"), ("DELETE",), obj="resume"),
    "api-status-queue": Row(_api(*BUREAUS)),
    "api-status-confirm": Row(BUREAU_X_ONLY_API, POST, obj="veteran", data=STATUS_CERTIFICATE),
    "api-status-register": Row(_api(*BUREAUS), POST, data=_not_a_register, multipart=True),
    "api-service-station-list": Row(EVERYONE),
    "api-service-station-create": Row(_api(*BUREAUS), POST),
    "api-service-station-update": Row(
        BUREAU_X_ONLY_API, ("PATCH",), obj="service_station", data={"name": "矩阵服务站"}
    ),
    "api-service-station-update#district": Row(
        _api("bureau_x", "bureau_district", bureau_y=NOT_FOUND), ("PATCH",),
        obj="service_station_district", data={"name": "矩阵服务站"}, foreign_roles=(),
    ),
    "api-service-station-retire": Row(BUREAU_X_ONLY_API, POST, obj="service_station"),
    "api-post-search": Row(_api("anonymous", *SIGNED_IN)),
    "api-post-detail": Row(_api("hr_a", "bureau_x", "ministry", veteran=NOT_FOUND, bureau_y=NOT_FOUND, institution=NOT_FOUND, anonymous=NOT_FOUND), obj="post_pending"),
    "api-post-detail#published": Row(_api("anonymous", *SIGNED_IN), obj="post", foreign_roles=()),
    "api-post-apply": Row(_api("veteran"), POST, obj="post", foreign_obj="post_pending"),
    "api-post-report": Row(_api("veteran"), POST, obj="post", foreign_obj="post_pending", data={"reason": "fake"}),
    "api-application-withdraw": Row(_api("veteran"), POST, obj="application"),
    "api-my-applications": Row(_api("veteran")),
    "api-my-recommendations": Row(_api("veteran")),
    "api-saved-post-list": Row(_api("veteran")),
    "api-post-save": Row(_api("veteran"), POST, obj="post", foreign_obj="post_pending"),
    "api-post-unsave": Row(_api("veteran"), POST, obj="saved_post", attr="post_id"),
    "api-saved-search-list": Row(_api("veteran")),
    "api-saved-search-create": Row(_api("veteran"), POST, data={"name": "矩阵", "filters": {"q": "保安"}}),
    "api-saved-search-alerts": Row(_api("veteran"), POST, obj="saved_search", data={"enabled": False}),
    "api-saved-search-delete": Row(_api("veteran"), ("DELETE",), obj="saved_search"),
    "api-my-post-list": Row(_api("hr_a")),
    "api-post-create": Row(_api("hr_a"), POST),
    "api-post-update": Row(_api("hr_a"), ("PATCH",), obj="post_pending", data={"title": "矩阵岗位"}),
    "api-post-submit": Row(_api("hr_a"), POST, obj="post_pending"),
    "api-post-close": Row(_api("hr_a"), POST, obj="post"),
    "api-post-clone": Row(_api("hr_a"), POST, obj="post"),
    "api-post-repost": Row(_api("hr_a"), POST, obj="post"),
    "api-post-import": Row(_api("hr_a"), POST, multipart=True),
    "api-post-import-template": Row(_api("hr_a")),
    "api-post-import-detail": Row(_api("hr_a"), obj="post_import"),
    "api-pipeline": Row(_api("hr_a")),
    "api-post-candidates": Row(_api("hr_a"), obj="post"),
    "api-application-advance": Row(_api("hr_a"), POST, obj="application", data={"target": "viewed"}),
    "api-application-hire": Row(_api("hr_a"), POST, obj="application", data={"started_on": TODAY}),
    "api-application-resume": Row(_api("hr_a"), obj="application"),
    "api-post-queue": Row(_api(*BUREAUS)),
    "api-post-bulk-approve": Row(_api("bureau_x", bureau_y=BAD_REQUEST), POST, data=_bulk("post_pending")),
    "api-post-bulk-reject": Row(_api("bureau_x", bureau_y=BAD_REQUEST), POST, data=_bulk("post_pending")),
    "api-verification-evidence-attach": Row(BUREAU_X_ONLY_API, POST, obj="verification", data=_not_an_image, multipart=True),
    "api-verification-evidence-file": Row(REGULATORS_OVER_X_API, obj="evidence"),
    "api-application-contact": Row(_api("hr_a"), obj="application"),
    "api-follow-up-contact": Row(BUREAU_X_ONLY_API, obj="follow_up"),
    "api-offline-hire-list": Row(_api("veteran", "hr_a", *BUREAUS)),
    # Province Y's bureau may name the published post (it is public) and is refused by the rule.
    "api-offline-hire-record": Row(_api("hr_a", "bureau_x"), POST, data=_offline_hire_data),
    "api-offline-hire-confirm": Row(_api("veteran"), POST, obj="offline_hire"),
    "api-offline-hire-decline": Row(_api("veteran"), POST, obj="offline_hire"),
    "api-event-attendance": Row(BUREAU_X_ONLY_API, POST, obj="registration", data={"attended": True}),
    "api-post-approve": Row(BUREAU_X_DECIDES_API, POST, obj="post_pending", data=DECISION),
    "api-post-reject": Row(BUREAU_X_DECIDES_API, POST, obj="post_pending", data=DECISION),
    "api-verification-list": Row(_api(*REGULATORS)),
    # The post is one of province X: province Y's bureau may not name it (400).
    "api-verification-create": Row(_api("bureau_x", bureau_y=BAD_REQUEST), POST, data=_verification_data),
    "api-report-queue": Row(_api(*BUREAUS)),
    "api-report-confirm": Row(BUREAU_X_DECIDES_API, POST, obj="report", data=DECISION),
    "api-report-dismiss": Row(BUREAU_X_DECIDES_API, POST, obj="report", data=DECISION),
    "api-follow-up-due": Row(_api(*BUREAUS)),
    "api-follow-up-record": Row(BUREAU_X_ONLY_API, POST, obj="follow_up", data={"outcome": "employed"}),
    "api-post-audit": Row(REGULATORS_OVER_X_API, obj="post_pending"),
    "api-application-audit": Row(REGULATORS_OVER_X_API, obj="application"),
    "api-report-audit": Row(REGULATORS_OVER_X_API, obj="report"),
    "api-follow-up-audit": Row(REGULATORS_OVER_X_API, obj="follow_up"),
    # interviews, messages and invitations (#18)
    "api-interview-propose": Row(_api("hr_a"), POST, obj="application", data=_api_proposal),
    "api-interviews-upcoming": Row(_api("hr_a")),
    "api-my-interviews": Row(_api("veteran")),
    "api-interview-accept": Row(_api("veteran"), POST, obj="interview", data=_slot),
    "api-interview-decline": Row(_api("veteran"), POST, obj="interview"),
    "api-interview-reschedule": Row(_api("veteran"), POST, obj="interview", data={"note": "矩阵"}),
    "api-interview-cancel": Row(_api("hr_a"), POST, obj="interview"),
    "api-message-list": Row(_api("veteran", "hr_a"), obj="application"),
    "api-message-send": Row(_api("veteran", "hr_a"), POST, obj="application", data={"body": "矩阵"}),
    "api-message-report": Row(_api("veteran", "hr_a"), POST, obj="message", data={"reason": "abuse"}),
    "api-message-report-queue": Row(_api(*BUREAUS)),
    "api-message-report-uphold": Row(BUREAU_X_DECIDES_API, POST, obj="message_report", data=DECISION),
    "api-message-report-dismiss": Row(BUREAU_X_DECIDES_API, POST, obj="message_report", data=DECISION),
    "api-candidate-invite": Row(_api("hr_a"), POST, obj="post", data=_invitee),
    "api-my-invitations": Row(_api("veteran")),
    "api-invitation-apply": Row(_api("veteran"), POST, obj="invitation"),
    "api-invitation-decline": Row(_api("veteran"), POST, obj="invitation"),
    # referrals
    "api-referral-candidate-list": Row(_api(*BUREAUS)),
    "api-referral-candidate-detail": Row(BUREAU_X_ONLY_API, obj="veteran"),
    "api-referral-create": Row(BUREAU_X_ONLY_API, POST, obj="veteran", data=_referral_data),
    # An institution's staff get an empty list (its selector gives them none).
    "api-referral-list": Row(_api("hr_a", *REGULATORS, "institution", veteran=NOT_FOUND)),
    "api-referral-detail": Row(_api("hr_a", "bureau_x", "ministry", bureau_y=NOT_FOUND, veteran=NOT_FOUND, institution=NOT_FOUND), obj="referral"),
    "api-referral-take-up": Row(_api("hr_a"), POST, obj="referral"),
    "api-referral-decline": Row(_api("hr_a"), POST, obj="referral", data={"reason": "矩阵测试的理由"}),
    # training
    "api-institution-list": Row(_api(*REGULATORS, "institution")),
    "api-institution-staff-invite": Row(BUREAU_X_ONLY_API, POST, obj="institution", data=_staff_invite_data),
    "api-institution-staff-deactivate": Row(BUREAU_X_ONLY_API, POST, obj="institution_member"),
    "api-institution-create": Row(_api(*BUREAUS), POST),
    "api-institution-update": Row(BUREAU_X_ONLY_API, ("PATCH",), obj="institution", data={"name": "矩阵培训学校"}),
    "api-programme-list": Row(_api(*SIGNED_IN)),
    "api-programme-create": Row(_api(*BUREAUS, "institution"), POST),
    "api-programme-detail": Row(_api(*SIGNED_IN, bureau_y=NOT_FOUND), obj="programme", foreign_roles=("bureau_x", "institution")),
    "api-programme-approve": Row(BUREAU_X_ONLY_API, POST, obj="programme_pending"),
    "api-programme-reject": Row(BUREAU_X_ONLY_API, POST, obj="programme_pending", data={"reason": "矩阵测试的理由"}),
    "api-programme-update": Row(BUREAU_X_ONLY_API, ("PATCH",), obj="programme", data={"title": "矩阵培训"}),
    "api-programme-enrol": Row(_api("veteran"), POST, obj="programme", foreign_roles=()),
    "api-programme-enrolments": Row(_api("bureau_x", "ministry", "institution", bureau_y=NOT_FOUND), obj="programme"),
    "api-my-enrolments": Row(_api("veteran")),
    "api-enrolment-withdraw": Row(_api("veteran"), POST, obj="enrolment"),
    "api-enrolment-start": Row(TRAINING_RECORDED_API, POST, obj="enrolment"),
    "api-enrolment-complete": Row(TRAINING_RECORDED_API, POST, obj="enrolment", data={"completed_on": TODAY}),
    "api-enrolment-drop": Row(TRAINING_RECORDED_API, POST, obj="enrolment"),
    "api-post-skill-gap": Row(_api("veteran"), obj="post", foreign_obj="post_pending"),
    "api-skill-gaps": Row(_api(*BUREAUS)),
    "api-startup-list": Row(_api("veteran")),
    "api-startup-declare": Row(_api("veteran"), POST, data=_startup_data),
    "api-startup-detail": Row(_api("veteran"), obj="startup_declared"),
    "api-eligibility": Row(_api("veteran")),
    "api-mentoring": Row(_api("veteran")),
    "api-mentor-request-create": Row(_api("veteran"), POST, data=_mentor_request_data),
    "api-mentor-session-create": Row(_api("veteran"), POST, obj="mentor_pair", data={"held_on": TODAY, "note": "矩阵"}),
    "api-mentor-requests": Row(_api(*REGULATORS)),
    "api-mentor-pair": Row(BUREAU_X_DECIDES_API, POST, obj="mentor_request", data=_pair_data),
    "api-quarterly-notice-list": Row(_api("hr_a", *REGULATORS)),
    "api-quarterly-notice-detail": Row(_api("hr_a", bureau_x=NOT_FOUND, bureau_y=NOT_FOUND, ministry=NOT_FOUND), obj="quarterly_notice"),
    "api-quarterly-notice-detail#bureau": Row(_api("bureau_x", hr_a=NOT_FOUND, bureau_y=NOT_FOUND, ministry=NOT_FOUND), obj="bureau_notice"),
    "api-pledge-follow-up-list": Row(_api(*BUREAUS)),
    "api-pledge-follow-up-close": Row(BUREAU_X_ONLY_API, POST, obj="pledge_follow_up", data={"note": "已约谈"}),
    "api-meeting-list": Row(_api("hr_a", *REGULATORS)),
    "api-meeting-record": Row(_api(*REGULATORS), POST, data=_meeting_api_data),
    "api-meeting-detail": Row(_api("hr_a", "bureau_x", bureau_y=NOT_FOUND, ministry=NOT_FOUND), obj="meeting"),
    "api-action-item-done": Row(_api("hr_a", bureau_x=NOT_FOUND, bureau_y=NOT_FOUND, ministry=NOT_FOUND), POST, obj="action_item"),
    # notices and policies (#20)
    "api-notice-list": Row(EVERYONE),
    "api-notice-detail": Row(EVERYONE, obj="notice", foreign_roles=()),
    "api-notice-detail#draft": Row(_let("bureau_x", anonymous=NOT_FOUND), obj="notice_draft"),
    "api-notice-attachment": Row(EVERYONE, obj="notice_file", foreign_roles=()),
    "api-notice-mine": Row(_api(*REGULATORS)),
    "api-notice-create": Row(_api(*REGULATORS), POST, data=_notice_api),
    "api-notice-update": Row(NOTICE_OWNER_API, POST, obj="notice_draft", data={"title": "矩阵"}),
    "api-notice-attach": Row(NOTICE_OWNER_API, POST, obj="notice_draft", data=_not_a_notice_file, multipart=True),
    "api-notice-publish": Row(NOTICE_OWNER_API, POST, obj="notice_draft"),
    "api-notice-withdraw": Row(NOTICE_OWNER_API, POST, obj="notice"),
    # feedback (#20)
    "api-my-feedback": Row(_api("veteran")),
    "api-my-feedback-detail": Row(_api("veteran"), obj="feedback"),
    "api-feedback-answer": Row(_api("veteran"), POST, obj="feedback", data=RATINGS),
    "api-feedback-decline": Row(_api("veteran"), POST, obj="feedback"),
    "api-feedback-aggregates": Row(_api(*REGULATORS)),
    "api-feedback-enterprise": Row(_api("hr_a")),
}
# fmt: on
MATRIX = {**SITE, **API}


def _pattern(key: str) -> str:
    """The URL pattern name of a matrix key ("jobs:post_detail#published")."""
    return key.split("#")[0]


def _excluded(key: str, route: str) -> bool:
    return key in EXCLUDED or route.startswith(tuple(EXCLUDED_ROUTE_PREFIXES))


# --- the world, built once for the module and rolled back after it --------------------------


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """Built once inside an outer transaction; each test runs in a savepoint within it (the
    `db` fixture), and the outer transaction is rolled back when the module is done."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        remove_files(world)
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world, db, monkeypatch):
    # The health check's Celery ping waits a second for a worker (tests/portal/test_health.py
    # covers it); who may ask is the same without it.
    monkeypatch.setattr(
        HealthView, "checks", ("health_check.checks.Database", "health_check.checks.Cache")
    )
    return _module_world


def _client(world, role: str):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _request(world, role: str, method: str, url: str, row: Row):
    client = _client(world, role)
    api = url.startswith("/api/")
    data = row.data(world) if callable(row.data) else row.data
    if method == "GET":
        response = client.get(url)
    elif api and not row.multipart:
        response = client.generic(method, url, _json(data), content_type="application/json")
    else:
        response = client.post(url, data or {})
    if response.streaming:
        # Reading a download to its end lets the test client close the file (and not the
        # database connection, as response.close() would); what it read is kept for
        # `shown`.
        response.read_content = b"".join(response.streaming_content)
    return response


def shown(response) -> str:
    """What a response showed: its body, or the download it streamed (read by _request)."""
    content = response.read_content if response.streaming else response.content
    return content.decode("utf-8", "replace")


def assert_no_number_leaked(world, role: str, key: str, response, caplog) -> None:
    """The personal-data check of every GET (#8): the body shows no number ``role`` may
    not see there (matrix_fixtures.leaked_numbers), and nothing logged names one."""
    leaks = leaked_numbers(world, role, key, shown(response))
    assert leaks == [], f"{role} GET {response.request['PATH_INFO']} shows {leaks}"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    numbers = [world.own.veteran.resident_id, world.foreign.veteran.resident_id]
    assert [n for n in [*numbers, *PHONES.values()] if n in logged] == []


def _json(data) -> str:
    return json.dumps(data or {})


def _describe(response) -> str:
    where = f" -> {response.url}" if 300 <= response.status_code < 400 else ""
    return f"{response.status_code}{where}"


# --- the tests -----------------------------------------------------------------------------


def test_matrix_covers_every_url_pattern():
    enumerated = {key for key, route in url_patterns() if not _excluded(key, route)}
    rows = {_pattern(key) for key in MATRIX}
    assert enumerated - rows == set(), "URL patterns without a row in the matrix"
    assert rows - enumerated == set(), "matrix rows of URL patterns that no longer exist"


def test_matrix_rows_name_every_role():
    assert [key for key, row in MATRIX.items() if set(row.expect) != set(ROLES)] == []


OUTCOME_CASES = [
    pytest.param(key, method, role, id=f"{key}-{method}-{role}")
    for key, row in MATRIX.items()
    for method in row.methods
    for role in ROLES
]


@pytest.mark.parametrize(("key", "method", "role"), OUTCOME_CASES)
def test_matrix_outcome(world, key, method, role, caplog):
    row = MATRIX[key]
    url = row.url(_pattern(key), world.own)

    with caplog.at_level(logging.DEBUG):
        response = _request(world, role, method, url, row)

    expected = row.expect[role]
    assert matches(expected, response, method=method, api=url.startswith("/api/")), (
        f"{role} {method} {url}: expected {expected}, got {_describe(response)}"
    )
    if method == "GET":
        assert_no_number_leaked(world, role, key, response, caplog)


REFUSED_WRITE_CASES = [
    pytest.param(key, method, role, id=f"{key}-{method}-{role}")
    for key, row in MATRIX.items()
    for method in row.methods
    if method in WRITES
    for role in ROLES
    if row.expect[role] in KEPT_OUT
]


@pytest.mark.parametrize(("key", "method", "role"), REFUSED_WRITE_CASES)
def test_matrix_refused_writes_change_nothing(world, key, method, role):
    row = MATRIX[key]
    url = row.url(_pattern(key), world.own)
    before = snapshot()

    response = _request(world, role, method, url, row)

    assert snapshot() == before, f"{role} {method} {url} ({_describe(response)}) changed data"


FOREIGN_CASES = [
    pytest.param(key, method, role, id=f"{key}-{method}-{role}")
    for key, row in MATRIX.items()
    for method in row.methods
    for role in row.roles_kept_from_foreign()
]


@pytest.mark.parametrize(("key", "method", "role"), FOREIGN_CASES)
def test_matrix_foreign_objects_answer_404(world, key, method, role, caplog):
    row = MATRIX[key]
    url = row.foreign_url(_pattern(key), world.foreign)
    before = snapshot()

    with caplog.at_level(logging.DEBUG):
        response = _request(world, role, method, url, row)

    assert response.status_code == 404, f"{role} {method} {url}: got {_describe(response)}"
    assert snapshot() == before, f"{role} {method} {url} changed data"
    if method == "GET":
        assert_no_number_leaked(world, role, key, response, caplog)


def _only_written(key: str) -> bool:
    """Whether the pattern takes writes only (no row of it tries GET)."""
    rows = [row for other, row in MATRIX.items() if _pattern(other) == _pattern(key)]
    return all("GET" not in row.methods for row in rows)


GET_ON_WRITE_CASES = [
    pytest.param(key, role, id=f"{key}-{role}")
    for key, row in MATRIX.items()
    if _only_written(key)
    for role in ROLES
    if row.expect[role] in (OK, REFUSED)
]


@pytest.mark.parametrize(("key", "role"), GET_ON_WRITE_CASES)
def test_matrix_writes_answer_405_to_get(world, key, role):
    """State changes only on POST: a link followed (or prefetched) changes nothing."""
    row = MATRIX[key]
    url = row.url(_pattern(key), world.own)
    before = snapshot()

    response = _request(world, role, "GET", url, row)

    assert response.status_code == 405, f"{role} GET {url}: got {_describe(response)}"
    assert snapshot() == before, f"{role} GET {url} changed data"
