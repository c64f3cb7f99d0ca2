"""Bulk posting: an uploaded file of posts is checked row by row, and only a file without
errors creates its posts, all in one transaction (drafts, or submitted for review).

post_import_start records the upload and checks it at once when it is small; a file of
more than settings.BULK_IMPORT_ASYNC_ROWS rows is checked by a Celery task
(jobs.tasks.post_import_run) while its page shows the progress. Both run post_import_run.
"""

import datetime
import io

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enterprises.models import Agreement, Branch, Enterprise
from enterprises.policies import agreement_posts_committed, staff_of
from jobs.bulk import (
    COLUMN_BY_FIELD,
    FileUnreadable,
    References,
    RowChecker,
    RowError,
    count_rows,
    read_table,
)
from jobs.models import JobPost, PostImport
from jobs.search import document_columns
from jobs.services.common import _check_enterprise
from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record, audit_events_record
from portal.reference.models import Region
from portal.workflow import Conflict, DomainError, NotAllowed

PROGRESS_EVERY = 500  # rows between two writes of an upload's progress
INSERT_BATCH = 2000


def _enterprise_of(user: User) -> Enterprise:
    membership = getattr(user, "enterprise_membership", None) if user.is_authenticated else None
    enterprise_id = membership.enterprise_id if membership is not None else None
    staff_of.require(user, enterprise_id)
    return Enterprise.objects.get(pk=enterprise_id)


def post_import_start(
    *,
    author: User,
    filename: str,
    content: bytes,
    submit: bool = False,
    validate_only: bool = False,
) -> PostImport:
    """Record an upload of the author's enterprise and check it: now when it is small, in
    a Celery task after commit when it has more than BULK_IMPORT_ASYNC_ROWS rows."""
    enterprise = _enterprise_of(author)
    _check_enterprise(enterprise)
    if len(content) > settings.BULK_IMPORT_MAX_BYTES:
        raise Conflict(
            _("The file is larger than %(mb)d MB: split it into several files.")
            % {"mb": settings.BULK_IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    post_import = PostImport(
        enterprise=enterprise,
        created_by=author,
        filename=filename[:255],
        content=content,
        submit=submit,
        validate_only=validate_only,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    try:
        post_import.rows_total = count_rows(content, filename)
    except FileUnreadable:
        post_import.rows_total = 0  # post_import_run reports why
    with transaction.atomic():
        post_import.save()
        audit_event_record(
            actor=author,
            action=AuditAction.POST_IMPORT_UPLOADED,
            target=post_import,
            filename=post_import.filename,
            rows=post_import.rows_total,
        )
    if post_import.rows_total > settings.BULK_IMPORT_ASYNC_ROWS:
        from jobs.tasks import post_import_run as task

        transaction.on_commit(lambda: task.delay(post_import.pk))
    else:
        post_import_run(post_import_id=post_import.pk)
        post_import.refresh_from_db()
    return post_import


def _progress(post_import: PostImport, **fields) -> None:
    PostImport.objects.filter(pk=post_import.pk).update(**fields)


def _finish(post_import: PostImport, status: str, errors=(), error_count=0, created=0) -> None:
    post_import.status = status
    post_import.errors = [error.as_dict() for error in errors][: settings.BULK_IMPORT_ERRORS_KEPT]
    post_import.error_count = error_count
    post_import.posts_created = created
    post_import.content = b""  # the file is not kept once it has been read
    post_import.finished_at = timezone.now()
    post_import.save(
        update_fields=[
            "status",
            "errors",
            "error_count",
            "posts_created",
            "content",
            "finished_at",
            "rows_done",
            "rows_total",
        ]
    )


def post_import_run(*, post_import_id: int) -> PostImport:
    """Check every row of the upload; when none has an error (and the upload is not a
    check only) create all its posts at once. Errors are said in the language of the
    person who uploaded the file. Safe to repeat: a finished upload is left as it is."""
    post_import = PostImport.objects.get(pk=post_import_id)
    if post_import.finished:
        return post_import
    with translation.override(post_import.language):
        try:
            _run(post_import)
        except DomainError as refusal:
            # Refused since the upload (the uploader left the enterprise, it was
            # suspended): said in the report, so its page stops waiting.
            _finish(post_import, PostImport.Status.INVALID, [RowError(None, "", str(refusal))], 1)
    return post_import


def _run(post_import: PostImport) -> None:
    author = post_import.created_by
    enterprise = _enterprise_of(author)
    if enterprise.pk != post_import.enterprise_id:
        raise NotAllowed(_("Only staff of this enterprise may do this."))
    _check_enterprise(enterprise)
    _progress(post_import, status=PostImport.Status.RUNNING)
    post_import.rows_done = 0
    try:
        table = read_table(bytes(post_import.content), post_import.filename)
        checked, errors, error_count = _check_rows(post_import, table, enterprise, author)
    except FileUnreadable as error:
        _finish(post_import, PostImport.Status.INVALID, [RowError(None, "", str(error))], 1)
        return
    if not checked and not error_count:
        no_rows = RowError(None, "", _("The file holds no posts: fill in one post a row."))
        _finish(post_import, PostImport.Status.INVALID, [no_rows], 1)
        return
    if error_count:
        _finish(post_import, PostImport.Status.INVALID, errors, error_count)
        return
    if post_import.validate_only:
        _finish(post_import, PostImport.Status.CHECKED)
        return
    with transaction.atomic():
        refused = _recheck(checked, enterprise)
        if refused:
            _finish(post_import, PostImport.Status.INVALID, refused, len(refused))
            return
        created = _create_posts(post_import, checked, author)
        _finish(post_import, PostImport.Status.DONE, created=created)


def _check_rows(post_import, table, enterprise, author):
    refs = References.load(enterprise.pk)
    checker = RowChecker(refs, author=author, industry_id=enterprise.industry_id)
    checked, errors, error_count, done = [], [], 0, 0
    kept = settings.BULK_IMPORT_ERRORS_KEPT
    for number, cells in table.rows:
        if done >= settings.BULK_IMPORT_MAX_ROWS:
            too_many = _("A file holds at most %(rows)d posts: split it into several files.")
            limit = {"rows": settings.BULK_IMPORT_MAX_ROWS}
            return [], [RowError(number, "", too_many % limit)], error_count + 1
        row, row_errors = checker.check(number, cells)
        done += 1
        if row_errors:
            error_count += len(row_errors)
            if len(errors) < kept:
                errors.extend(row_errors)
        else:
            checked.append(row)
        if done % PROGRESS_EVERY == 0:
            _progress(post_import, rows_done=done, rows_total=max(done, post_import.rows_total))
    post_import.rows_done = done
    post_import.rows_total = done
    return checked, errors, error_count


def _recheck(checked, enterprise) -> list:
    """Under lock, what may have changed since the rows were checked: the enterprise's
    standing, its branches' approval and the agreements' free places (what
    jobs.services.common._check_pledge decides for one post, here for the whole file)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _check_enterprise(enterprise)
    branch_ids = {row.post.branch_id for row in checked}
    approved = set(
        Branch.objects.filter(pk__in=branch_ids, status=Branch.Status.APPROVED).values_list(
            "pk", flat=True
        )
    )
    errors = []
    branch_header = COLUMN_BY_FIELD["branch"].header()
    for row in checked:
        if row.post.branch_id not in approved:
            errors.append(
                RowError(
                    row.number,
                    branch_header,
                    _("Posts can only be published under an approved branch."),
                )
            )
    adding: dict[int, int] = {}
    for row in checked:
        if row.post.agreement_id:
            adding[row.post.agreement_id] = adding.get(row.post.agreement_id, 0) + row.post.openings
    today = timezone.localdate()
    agreements = Agreement.objects.select_for_update().filter(pk__in=adding).order_by("pk")
    agreement_header = COLUMN_BY_FIELD["agreement"].header()
    for agreement in agreements:
        first = next(row.number for row in checked if row.post.agreement_id == agreement.pk)
        if agreement.status != Agreement.Status.ACTIVE or agreement.ends_on < today:
            errors.append(
                RowError(
                    first,
                    agreement_header,
                    _("Posts can only be counted against an active agreement."),
                )
            )
            continue
        committed = agreement_posts_committed(agreement)
        if committed + adding[agreement.pk] > agreement.pledged_posts:
            errors.append(
                RowError(
                    first,
                    agreement_header,
                    _("This agreement pledges %(pledged)d posts and %(left)d are still free.")
                    % {
                        "pledged": agreement.pledged_posts,
                        "left": agreement.pledged_posts - committed,
                    },
                )
            )
    return errors


def _create_posts(post_import: PostImport, checked, author: User) -> int:
    """All the rows' posts, their skills and trail: one "created" event per post (and one
    "submitted" when they go to review). The posts go in with their search documents in
    one COPY and one INSERT (jobs.search's DOCUMENT_COLUMNS), not a row at a time."""
    now = timezone.now()
    posts = []
    for row in checked:
        post = row.post
        post.source_import = post_import
        post.created_at = post.updated_at = now
        if post_import.submit:
            post.submit()
        posts.append(post)
    _insert(posts, post_import.enterprise.name)
    links = JobPost.required_skills.through
    skills = [
        links(jobpost_id=row.post.pk, skill_id=skill.pk) for row in checked for skill in row.skills
    ]
    links.objects.bulk_create(skills, batch_size=INSERT_BATCH * 5)
    pks = [post.pk for post in posts]
    audit_events_record(
        actor=author,
        action=AuditAction.JOB_POST_CREATED,
        model=JobPost,
        pks=pks,
        upload=post_import.pk,
    )
    if post_import.submit:
        audit_events_record(
            actor=author,
            action=AuditAction.JOB_POST_SUBMITTED,
            model=JobPost,
            pks=pks,
            upload=post_import.pk,
        )
    return len(posts)


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


def _insert(posts: list[JobPost], enterprise_name: str) -> None:
    """The posts with their search documents (jobs.search.document_columns), in one COPY:
    ids drawn from the table's sequence first, so skills and the trail can name them."""
    fields = [f for f in JobPost._meta.concrete_fields if not f.column.startswith("search_")]
    columns = [f.column for f in fields] + ["search_head", "search_rest", "search_document"]
    attnames = [f.attname for f in fields]
    regions = {
        region.pk: (region.name, region.parent.name if region.parent_id else None)
        for region in Region.objects.filter(pk__in={p.region_id for p in posts}).select_related(
            "parent"
        )
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('jobs_jobpost', 'id'))"
            " FROM generate_series(1, %s)",
            [len(posts)],
        )
        for post, (pk,) in zip(posts, cursor.fetchall()):
            post.pk = pk
        lines = io.StringIO()
        for post in posts:
            region, province = regions[post.region_id]
            documents = document_columns(
                {
                    "title": post.title,
                    "occupation__name": post.occupation.name,
                    "branch__enterprise__name": enterprise_name,
                    "description": post.description,
                    "region__name": region,
                    "region__parent__name": province,
                    "region_id": post.region_id,
                    "occupation_id": post.occupation_id,
                    "industry_id": post.industry_id,
                    "employment_type": post.employment_type,
                    "min_education": post.min_education,
                    "salary_max": post.salary_max,
                    "agreement_id": post.agreement_id,
                    "agreement__batch__number": post.agreement.batch.number
                    if post.agreement_id
                    else None,
                }
            )
            values = [getattr(post, name) for name in attnames]
            lines.write("\t".join(map(_copy_text, [*values, *documents])) + "\n")
        lines.seek(0)
        names = ", ".join(columns)
        cursor.copy_expert(f"COPY jobs_jobpost ({names}) FROM STDIN", lines)
