"""manage.py bench_import [--rows 20000] [--error-rows 200] [--seed 1] [--keep]

Bulk posting at the programme's scale. Makes (once) a bench enterprise with ten approved
branches and an active agreement, writes an XLSX of --rows valid posts in the template's
shape (jobs.bulk) and a copy with one error planted in each of --error-rows rows scattered
through it (an unknown branch, a pay range upside down, no openings, a date that is no date,
a deadline past, an unknown occupation, ...). Then it runs each file through the page's own
service (jobs.services.post_import_start, checked in this process rather than by a Celery
worker: BULK_IMPORT_ASYNC_ROWS is lifted for the run):

  validate_s      checking the valid file ("check only": nothing written but the upload's
                  record and its checked rows, kept for the upload that follows)
  import_s        the committing call: the same user uploading the same file to create its
                  posts, right after its check, as the page and the API do (post_import_start
                  with submit=False, timed from call to return). The file's checked rows are
                  taken from the check (same digest, same references, same day); the
                  enterprise, branches, agreements and pledge are checked again under lock;
                  every post is created in one transaction (posts with their search
                  documents, skills, one audit event per post: each one COPY)
  rows_per_s      rows / import_s
  direct_import_s the same file uploaded once more without a check before it (its kept rows
                  were used): read, checked and written in the one call;
                  direct_rows_per_s = rows / direct_import_s
  errors_found    errors the report of the planted file counts; errors_planted: planted
  errors_validate_s   checking the planted file
  peak_rss_mib    the process's peak resident memory (generating the files included)
  import_cpu_s    this process's CPU time during the import (the database's not counted),
                  and load_average_1m before the first check and after the import
                  (load_average_1m_end after the direct import): on a shared machine the
                  wall times follow the load

and prints one JSON line. The posts created are deleted afterwards unless --keep.
"""

import datetime
import io
import json
import os
import random
import resource
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from benchmarks.timing import timed
from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from jobs import services
from jobs.bulk import References, headers
from jobs.models import JobPost, PostImport
from jobs.search import _tokenizer
from portal.accounts.models import AuditEvent, User
from portal.reference.models import Region

USERNAME = "bench-import-hr"
ENTERPRISE = "bench import enterprise"
DUTIES = [
    "负责日常巡查与安全防范，做好交接班记录。",
    "按计划完成设备维护保养，及时上报故障。",
    "带领班组完成仓储收发货，确保账实相符。",
    "驾驶公司车辆完成市内配送，遵守交通法规。",
    "参与项目现场管理，协调施工进度与质量。",
    "做好客户接待与咨询，处理投诉并跟踪回访。",
    "负责园区消防设施检查，组织应急演练。",
    "完成物业维修工单，保持设施设备完好。",
]
TERMS = [
    "五险一金，提供食宿。",
    "双休，带薪年假，节日福利。",
    "退役军人优先，提供岗前培训。",
    "月度绩效奖金，年终奖。",
]


def _bench_world():
    """The bench enterprise, its staff user, branches and agreement (made once)."""
    enterprise = Enterprise.objects.filter(name=ENTERPRISE).first()
    if enterprise is None or not enterprise.agreements.exists():
        Enterprise.objects.filter(name=ENTERPRISE).delete()
        from demo.identifiers import make_credit_code

        enterprise = Enterprise.objects.create(
            name=ENTERPRISE,
            credit_code=make_credit_code("110000", 990_000_001),
            ownership=Enterprise.Ownership.PRIVATE,
            industry_id="C",
            hq_region_id="110100",
            status=Enterprise.Status.APPROVED,
        )
        cities = list(Region.objects.cities().order_by("code").values_list("code", flat=True)[:10])
        for code in cities:
            Branch.objects.create(
                enterprise=enterprise,
                name=f"分公司{code}",
                region_id=code,
                address="-",
                contact_name="-",
                contact_phone="-",
                status=Branch.Status.APPROVED,
            )
        batch, _ = CooperationBatch.objects.get_or_create(
            number=98,
            defaults={"name": "bench import batch", "published_on": timezone.localdate()},
        )
        today = timezone.localdate()
        Agreement.objects.create(
            batch=batch,
            enterprise=enterprise,
            signatory_level=Agreement.SignatoryLevel.MINISTRY,
            cooperation_mode=Agreement.CooperationMode.INDUSTRY,
            pledged_posts=100_000_000,
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=700),
            signed_on=today - datetime.timedelta(days=30),
            status=Agreement.Status.ACTIVE,
        )
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User.objects.create_user(
            username=USERNAME, email="bench-import@example.com", role=User.Role.ENTERPRISE
        )
        EnterpriseMember.objects.create(enterprise=enterprise, user=user)
    return enterprise, User.objects.select_related("enterprise_membership").get(pk=user.pk)


def _rows(refs: References, count: int, rng: random.Random) -> list[list]:
    lists = refs.lists
    today = timezone.localdate()
    rows = []
    for i in range(count):
        occupation = rng.choice(lists["occupation"])
        low = rng.randrange(3000, 12000, 500)
        skills = rng.sample(lists["required_skills"], rng.randint(0, 3))
        rows.append(
            [
                rng.choice(lists["branch"]),
                lists["agreement"][0] if i % 3 == 0 else "",
                f"{occupation.split()[0]}（{i % 97 + 1}号岗）",
                rng.choice(DUTIES) + rng.choice(TERMS),
                occupation,
                rng.choice(lists["employment_type"]),
                rng.choice(lists["min_education"]),
                low,
                low + rng.randrange(0, 6000, 500),
                rng.randint(1, 20),
                today + datetime.timedelta(days=rng.randint(10, 120)),
                rng.choice(lists["is_national"]),
                "、".join(skills),
            ]
        )
    return rows


# One error per planted row: the column it is in and what the cell becomes.
PLANTS = [
    (0, lambda row: "不存在的分公司"),  # branch
    (8, lambda row: row[7] - 500),  # pay range upside down
    (9, lambda row: 0),  # no openings
    (9, lambda row: "十个"),  # not a number
    (10, lambda row: "2026-13-45"),  # not a date
    (10, lambda row: timezone.localdate() - datetime.timedelta(days=3)),  # deadline past
    (4, lambda row: "不存在的职业 9-99-99-99"),  # occupation
    (5, lambda row: "兼职外包"),  # employment type
    (2, lambda row: ""),  # title missing
    (11, lambda row: "也许"),  # is_national
    (12, lambda row: "飞檐走壁"),  # skill
]


def _plant(rows: list[list], count: int, rng: random.Random) -> list[list]:
    planted = [list(row) for row in rows]
    for n, index in enumerate(sorted(rng.sample(range(len(rows)), count))):
        column, make = PLANTS[n % len(PLANTS)]
        planted[index][column] = make(planted[index])
    return planted


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers("zh-hans"))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Command(BaseCommand):
    help = "Time checking and importing an XLSX of 20,000 posts, and one with planted errors."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=20_000)
        parser.add_argument("--error-rows", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="keep the imported posts")

    def handle(self, *args, rows, error_rows, seed, keep, **options):
        rng = random.Random(seed)
        translation.activate("zh-hans")
        enterprise, user = _bench_world()
        refs = References.load(enterprise.pk)
        valid_rows = _rows(refs, rows, rng)
        valid = _xlsx(valid_rows)
        planted = _xlsx(_plant(valid_rows, min(error_rows, rows), rng))
        del valid_rows

        def upload(content, **flags):
            return services.post_import_start(
                author=user, filename="bench.xlsx", content=content, **flags
            )

        _tokenizer()  # jieba's dictionary, loaded once per process (about 1 s)
        load_before = os.getloadavg()[0]
        limits = {"BULK_IMPORT_ASYNC_ROWS": 10**9, "BULK_IMPORT_MAX_ROWS": max(rows, 20_000)}
        with override_settings(**limits):
            validate_s, checked = timed(lambda: upload(valid, validate_only=True))
            errors_s, with_errors = timed(lambda: upload(planted, validate_only=True))
            cpu = time.process_time()
            import_s, imported = timed(lambda: upload(valid, submit=False))
            import_cpu = time.process_time() - cpu
            load_after = os.getloadavg()[0]
            direct_s, direct = timed(lambda: upload(valid, submit=False))
        result = {
            "rows": rows,
            "validate_s": round(validate_s, 2),
            "import_s": round(import_s, 2),
            "rows_per_s": round(rows / import_s),
            "rows_per_s_is": "rows / import_s; import_s: the upload creating the posts of the "
            "file checked just before (check only) by the same user",
            "direct_import_s": round(direct_s, 2),
            "direct_rows_per_s": round(rows / direct_s),
            "direct_import_status": direct.status,
            "validate_rows_per_s": round(rows / validate_s),
            "valid_file_status": checked.status,
            "import_status": imported.status,
            "posts_created": imported.posts_created,
            "errors_validate_s": round(errors_s, 2),
            "errors_found": with_errors.error_count,
            "errors_planted": min(error_rows, rows),
            "xlsx_mib": round(len(valid) / 2**20, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "import_cpu_s": round(import_cpu, 2),
            "load_average_1m": [round(load_before, 2), round(load_after, 2)],
            "load_average_1m_end": round(os.getloadavg()[0], 2),
        }
        if not keep:
            with transaction.atomic():
                posts = JobPost.objects.filter(source_import__in=[imported, direct])
                ids = [str(pk) for pk in posts.values_list("pk", flat=True)]
                AuditEvent.objects.filter(content_type__model="jobpost", object_id__in=ids).delete()
                posts.delete()
                PostImport.objects.filter(enterprise=enterprise).delete()
        self.stdout.write(json.dumps(result))
