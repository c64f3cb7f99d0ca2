"""Bulk posting: an uploaded file of posts is checked row by row, and only a file without
errors creates its posts, all in one transaction (drafts, or submitted for review).

post_import_start records the upload and checks it at once when it is small; a file of
more than settings.BULK_IMPORT_ASYNC_ROWS rows is checked by a Celery task
(jobs.tasks.post_import_run) while its page shows the progress. Both run post_import_run.

A file checked ("check only") keeps its checked rows, with the words of each title and
description already found, under a key: the digest of the file's bytes, of everything its
rows were checked against (jobs.bulk.References.fingerprint), the day and the uploader.
When the same person uploads the same file to create its posts that day and nothing the
check read has changed, those rows are written without reading and checking the file again;
what may have changed meanwhile without changing the key (the enterprise's standing, the
branches' approval, the agreements' status and free places) is checked again under lock, as
for every upload. Kept rows are dropped once used, and at the enterprise's next upload
after the day they were checked.
"""

import hashlib
import json
import zlib

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
    file_format,
    read_table,
)
from jobs.models import JobPost, PostImport
from jobs.search import document_columns, quoted_terms
from jobs.services.common import _check_enterprise
from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record, audit_events_copy
from portal.copy import copy_line, copy_rows
from portal.reference.models import Occupation, Region
from portal.workflow import Conflict, DomainError, NotAllowed

PROGRESS_EVERY = 500  # rows between two writes of an upload's progress
# A checked row as kept: the post's own values (what jobs.bulk.RowChecker found), its skills
# and the lexemes of its title, description and occupation (jobs.search.quoted_terms).
KEPT_FIELDS = (
    "branch_id",
    "agreement_id",
    "title",
    "description",
    "occupation_id",
    "employment_type",
    "min_education",
    "salary_min",
    "salary_max",
    "openings",
    "deadline",
    "is_national",
    "region_id",
)
KEPT_FORMAT = "1"  # changes when KEPT_FIELDS or what a check finds change


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
        # Rows kept from the checks of earlier days can no longer be used (their key holds
        # the day they were checked): dropped.
        PostImport.objects.filter(
            enterprise=enterprise, finished_at__date__lt=timezone.localdate()
        ).exclude(checked_key="").update(checked_key="", checked_rows=b"")
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
            "checked_key",
            "checked_rows",
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
    refs = References.load(enterprise.pk)
    try:
        key = _checked_key(post_import, refs)
    except FileUnreadable as error:
        _finish(post_import, PostImport.Status.INVALID, [RowError(None, "", str(error))], 1)
        return
    kept = None if post_import.validate_only else _kept_rows(post_import, key)
    if kept is not None:
        rows = kept.rows
        post_import.rows_done = post_import.rows_total = len(rows)
    else:
        try:
            table = read_table(bytes(post_import.content), post_import.filename)
            checked, errors, error_count = _check_rows(post_import, table, refs, enterprise, author)
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
        rows = [_kept_row(row) for row in checked]
        del checked
        if post_import.validate_only:
            post_import.checked_key = key
            post_import.checked_rows = zlib.compress(
                json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 1
            )
            _finish(post_import, PostImport.Status.CHECKED)
            return
    with transaction.atomic():
        refused, agreements = _recheck(rows, enterprise)
        if refused:
            _finish(post_import, PostImport.Status.INVALID, refused, len(refused))
            return
        created = _create_posts(post_import, rows, author, enterprise, agreements)
        if kept is not None:  # used once
            PostImport.objects.filter(pk=kept.pk).update(checked_key="", checked_rows=b"")
        _finish(post_import, PostImport.Status.DONE, created=created)


def _checked_key(post_import: PostImport, refs: References) -> str:
    """What a check's rows are kept under (module docstring): the file's bytes and kind,
    what its rows were checked against, the day, the uploader."""
    parts = [
        KEPT_FORMAT,
        hashlib.sha256(bytes(post_import.content)).hexdigest(),
        file_format(post_import.filename),
        refs.fingerprint(),
        timezone.localdate().isoformat(),
        str(post_import.created_by_id),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class _Kept:
    def __init__(self, pk: int, rows: list[dict]):
        self.pk, self.rows = pk, rows


def _kept_rows(post_import: PostImport, key: str) -> _Kept | None:
    """The rows of an earlier check of the same file under the same key, if any."""
    found = (
        PostImport.objects.filter(
            enterprise_id=post_import.enterprise_id,
            created_by_id=post_import.created_by_id,
            status=PostImport.Status.CHECKED,
            checked_key=key,
        )
        .exclude(pk=post_import.pk)
        .order_by("-finished_at", "-pk")
        .values_list("pk", "checked_rows")
        .first()
    )
    if found is None:
        return None
    rows = json.loads(zlib.decompress(bytes(found[1])))
    if not rows or len(rows) > settings.BULK_IMPORT_MAX_ROWS:
        return None
    return _Kept(found[0], rows)


def _kept_row(row) -> dict:
    """A checked row (jobs.bulk.CheckedRow) as kept and written: plain values."""
    post = row.post
    kept = {name: getattr(post, name) for name in KEPT_FIELDS}
    kept["deadline"] = post.deadline.isoformat()
    kept["number"] = row.number
    kept["skills"] = [skill.pk for skill in row.skills]
    texts = {
        "title": post.title,
        "description": post.description,
        "occupation__name": post.occupation.name,
    }
    kept["terms"] = {name: sorted(quoted_terms(text)) for name, text in texts.items()}
    kept["occupation_name"] = post.occupation.name
    return kept


def _check_rows(post_import, table, refs, enterprise, author):
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


def _recheck(rows: list[dict], enterprise) -> tuple[list, dict]:
    """Under lock, what may have changed since the rows were checked: the enterprise's
    standing, its branches' approval and the agreements' status and free places (what
    jobs.services.common._check_pledge decides for one post, here for the whole file).
    The errors found, and the agreements the rows name, by id."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _check_enterprise(enterprise)
    branch_ids = {row["branch_id"] for row in rows}
    approved = set(
        Branch.objects.filter(
            pk__in=branch_ids, enterprise=enterprise, status=Branch.Status.APPROVED
        ).values_list("pk", flat=True)
    )
    errors = []
    branch_header = COLUMN_BY_FIELD["branch"].header()
    for row in rows:
        if row["branch_id"] not in approved:
            errors.append(
                RowError(
                    row["number"],
                    branch_header,
                    _("Posts can only be published under an approved branch."),
                )
            )
    adding: dict[int, int] = {}
    first: dict[int, int] = {}
    for row in rows:
        if pk := row["agreement_id"]:
            adding[pk] = adding.get(pk, 0) + row["openings"]
            first.setdefault(pk, row["number"])
    today = timezone.localdate()
    agreements = {
        agreement.pk: agreement
        for agreement in Agreement.objects.select_for_update(of=("self",))
        .select_related("batch")
        .filter(pk__in=adding, enterprise=enterprise)
        .order_by("pk")
    }
    agreement_header = COLUMN_BY_FIELD["agreement"].header()
    for pk in sorted(adding):
        agreement = agreements.get(pk)
        if (
            agreement is None
            or agreement.status != Agreement.Status.ACTIVE
            or (agreement.ends_on < today)
        ):
            errors.append(
                RowError(
                    first[pk],
                    agreement_header,
                    _("Posts can only be counted against an active agreement."),
                )
            )
            continue
        committed = agreement_posts_committed(agreement)
        if committed + adding[pk] > agreement.pledged_posts:
            errors.append(
                RowError(
                    first[pk],
                    agreement_header,
                    _("This agreement pledges %(pledged)d posts and %(left)d are still free.")
                    % {
                        "pledged": agreement.pledged_posts,
                        "left": agreement.pledged_posts - committed,
                    },
                )
            )
    errors.sort(key=lambda error: error.row)
    return errors, agreements


def _create_posts(post_import: PostImport, rows: list[dict], author, enterprise, agreements) -> int:
    """All the rows' posts, their skills and trail: one "created" event per post (and one
    "submitted" when they go to review). Each goes in by one COPY (portal.copy): the posts
    with their search documents (jobs.search's DOCUMENT_COLUMNS), the skills, the trail."""
    pks = _insert(post_import, rows, author, enterprise, agreements)
    links = JobPost.required_skills.through._meta
    columns = [links.get_field("jobpost").column, links.get_field("skill").column]
    copy_rows(
        links.db_table,
        columns,
        (f"{pk}\t{skill}\n" for pk, row in zip(pks, rows) for skill in row["skills"]),
    )
    actions = [AuditAction.JOB_POST_CREATED]
    if post_import.submit:
        actions.append(AuditAction.JOB_POST_SUBMITTED)
    for action in actions:
        audit_events_copy(
            actor=author, action=action, model=JobPost, pks=pks, upload=post_import.pk
        )
    return len(pks)


def _insert(post_import, rows: list[dict], author, enterprise, agreements) -> list[int]:
    """The posts with their search documents (jobs.search.document_columns), in one COPY:
    ids drawn from the table's sequence first, so skills and the trail can name them.
    Every column a row does not set is what a new post has (JobPost's defaults, and what
    submit() sets when the upload submits its posts)."""
    now = timezone.now()
    model = JobPost(
        source_import=post_import,
        created_by=author,
        industry_id=enterprise.industry_id,
        created_at=now,
        updated_at=now,
    )
    if post_import.submit:
        model.submit()
    fields = [f for f in JobPost._meta.concrete_fields if not f.column.startswith("search_")]
    fields = [f for f in fields if f.attname != "id"]
    columns = ["id"] + [f.column for f in fields]
    columns += ["search_head", "search_rest", "search_document"]
    base = {f.attname: getattr(model, f.attname) for f in fields}
    base["updated_at"] = now
    attnames = [f.attname for f in fields]
    own = [name for name in attnames if name in KEPT_FIELDS]
    # The columns every row shares, written once.
    shared = {name: copy_line([base[name]])[:-1] for name in attnames if name not in KEPT_FIELDS}
    regions = {
        region.pk: (region.name, region.parent.name if region.parent_id else None)
        for region in Region.objects.filter(pk__in={r["region_id"] for r in rows}).select_related(
            "parent"
        )
    }
    occupations = dict(
        Occupation.objects.filter(pk__in={r["occupation_id"] for r in rows}).values_list(
            "pk", "name"
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('jobs_jobpost', 'id'))"
            " FROM generate_series(1, %s)",
            [len(rows)],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
    lines = []
    for pk, row in zip(pks, rows):
        region, province = regions[row["region_id"]]
        agreement = agreements.get(row["agreement_id"])
        occupation = occupations[row["occupation_id"]]
        terms = row["terms"]
        if occupation != row["occupation_name"]:  # renamed since: its words found again
            terms = {name: found for name, found in terms.items() if name != "occupation__name"}
        documents = document_columns(
            {
                "title": row["title"],
                "occupation__name": occupation,
                "branch__enterprise__name": enterprise.name,
                "description": row["description"],
                "region__name": region,
                "region__parent__name": province,
                "region_id": row["region_id"],
                "occupation_id": row["occupation_id"],
                "industry_id": enterprise.industry_id,
                "employment_type": row["employment_type"],
                "min_education": row["min_education"],
                "salary_max": row["salary_max"],
                "agreement_id": row["agreement_id"],
                "agreement__batch__number": agreement.batch.number if agreement else None,
            },
            terms=terms,
        )
        values = {name: copy_line([row[name]])[:-1] for name in own}
        cells = [str(pk)] + [values[n] if n in values else shared[n] for n in attnames]
        lines.append("\t".join(cells) + "\t" + copy_line(documents))
    copy_rows(JobPost._meta.db_table, columns, lines)
    return pks
