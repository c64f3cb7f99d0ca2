"""One settings module for every environment, read from the environment (DESIGN.md §7).

Development: when DATABASE_URL / REDIS_URL are not set, `scripts/devservers.py start`
(run by the make targets) starts private servers under var/ and writes their URLs to
var/devservers.env, which is read here so every terminal finds the same servers.
"""

from email.utils import getaddresses
from pathlib import Path

import environ
from celery.schedules import crontab

from portal import logs

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Development mode: no DATABASE_URL given, so the private servers under var/ are used.
# Values already in the environment win over the file (read_env never overwrites).
DEV_SERVERS = "DATABASE_URL" not in env.ENVIRON
if (BASE_DIR / "var" / "devservers.env").exists():
    env.read_env(BASE_DIR / "var" / "devservers.env")

DEBUG = env.bool("DEBUG", default=DEV_SERVERS)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me" if DEBUG else None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The portal's public address, for the links in e-mails.
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",  # named as it is: its models look for this entry
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "health_check",
    "portal.thirdparty.AxesConfig",  # axes
    "django_otp",
    "portal.thirdparty.TOTPConfig",  # django_otp.plugins.otp_totp
    "portal.thirdparty.StaticConfig",  # django_otp.plugins.otp_static: recovery codes
    "portal.reference",
    "portal.accounts",
    "enterprises",
    "veterans",
    "jobs",
    "startups",
    "dashboards",
    "demo",
    "benchmarks",
]

MIDDLEWARE = [
    "portal.logs.RequestIdMiddleware",  # first: every log line of the request names it
    "portal.database.StatementTimeoutMiddleware",  # before anything reads the database
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.errors.RequestLineLimitMiddleware",  # after the language: its page is translated
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.outages.ServiceUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "portal.urls"
# Django's form templates, with <select> written in Python (portal/widgets.py).
FORM_RENDERER = "portal.widgets.PortalFormRenderer"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.accounts.context_processors.inbox",
                "veterans.context_processors.service_station",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that does not answer makes a page fail fast (a 503, portal/outages.py), not
# hang: opening a connection gives up after DATABASE_CONNECT_TIMEOUT seconds, and in a web
# request every round trip after DATABASE_STATEMENT_TIMEOUT (portal/database.py, through the
# backend portal.postgresql); /health/ gives up after HEALTH_CHECK_TIMEOUT.
DATABASES["default"]["ENGINE"] = "portal.postgresql"
# Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator()) cannot
# outlive its transaction: DISABLE_SERVER_SIDE_CURSORS=true there.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DISABLE_SERVER_SIDE_CURSORS", default=False
)
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DATABASE_CONNECT_TIMEOUT", default=2
)
# A read replica (a streaming standby) for dashboards, reports and exports (portal/routers.py).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **env.db("DATABASE_REPLICA_URL"),
        "ENGINE": "portal.postgresql",
        "OPTIONS": DATABASES["default"]["OPTIONS"],
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["portal.routers.ReplicaRouter"]
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=5)
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# The cache may live apart from the broker (CACHE_URL, e.g. a Redis with an eviction policy
# of its own); by default both share REDIS_URL.
CACHE_URL = env("CACHE_URL", default=REDIS_URL)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "portal",
        # Fail fast while Redis is down (a 503), and reconnect by itself when it is back.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    },
    # In each process's memory, bounded: visitors' whole pages (portal/pagecache.py) and
    # the search filters' options (jobs/forms/search.py).
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-local",
        "OPTIONS": {"MAX_ENTRIES": env.int("LOCAL_CACHE_ENTRIES", default=1000)},
    },
}
VISITOR_PAGE_SECONDS = env.int("VISITOR_PAGE_SECONDS", default=60)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:workbench"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Thousands grouped with commas in Chinese too, as the ministry's reports print them.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Resumes and other personal files live apart from MEDIA_ROOT and are only served by views
# that check who is asking (portal/storage.py): a local folder, or, with
# PRIVATE_STORAGE_BACKEND=storages.backends.s3.S3Storage, an S3-compatible store shared by
# every machine (PRIVATE_STORAGE_BUCKET, PRIVATE_STORAGE_ENDPOINT, and the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment).
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=BASE_DIR / "var" / "private")
PRIVATE_STORAGE_BACKEND = env(
    "PRIVATE_STORAGE_BACKEND", default="portal.storage.PrivateFileSystemStorage"
)
PRIVATE_STORAGE_OPTIONS = (
    {
        "bucket_name": env("PRIVATE_STORAGE_BUCKET", default="portal-private"),
        "endpoint_url": env("PRIVATE_STORAGE_ENDPOINT", default=None),
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if PRIVATE_STORAGE_BACKEND.startswith("storages.backends.s3")
    else {}
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": PRIVATE_STORAGE_BACKEND, "OPTIONS": PRIVATE_STORAGE_OPTIONS},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Text messages (portal/accounts/sms.py): console://, or aliyun://<id>:<secret>@host/?...
SMS_URL = env("SMS_URL", default="console://")
SMS_TIMEOUT = env.int("SMS_TIMEOUT", default=10)
SMS_PER_NUMBER_PER_DAY = env.int("SMS_PER_NUMBER_PER_DAY", default=10)
SMS_CODES_PER_HOUR = env.int("SMS_CODES_PER_HOUR", default=5)
SMS_CODE_MINUTES = env.int("SMS_CODE_MINUTES", default=10)

# Rows a list shows a page, on the pages and in the API alike (portal.pagination).
PAGE_SIZE = 20
# Longer addresses (path and query) get the 414 page (portal.errors); gunicorn's own limit,
# limit_request_line in gunicorn.conf.py, is above it.
MAX_URL_LENGTH = 4096

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "portal.accounts.authentication.TokenAuthentication",  # refuses staff tokens (#8)
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Bodies are JSON; the one upload (a resume) takes multipart on its own view.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "portal.pagination.CursorPagination",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
}
# Anonymous callers of the public API (published posts, search, batches), per client address.
PUBLIC_API_RATE = env("PUBLIC_API_RATE", default="120/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Veteran employment cooperation portal API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Bodies are JSON (a resume upload is multipart). Authenticate with "
        "`Authorization: Bearer <token>`: auth_token_create for veterans and enterprise staff, "
        "auth_staff_token_create (with a one-time password) for bureau and ministry staff. "
        "Lists page by cursor: send a page's `next_cursor` as `?cursor=` until it is null. "
        "Errors answer `{detail, code}` (400 adds `errors`, one per field): `detail` in the "
        "language of `Accept-Language` (zh-hans or en), `code` stable for programs."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    # What a client sends and what it gets back are separate components (PostInput /
    # Post...), so read-only fields are never asked for and write-only ones never promised.
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from our own static files: the portal runs on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI (5.33 on) draws only the operations near the viewport once tags and
    # operations reach 150 rows, so the browser's find-in-page misses the rest: the tag
    # filter box stands in for it. deepLinking is drf-spectacular's default, kept.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "filter": True},
    # Each choice set is one component with an English name said by its meaning, shared by
    # the bodies and the filters (portal.api.shared_enums); number enums name their members.
    "ENUM_NAME_OVERRIDES": {
        "EnterpriseStatusEnum": "enterprises.models.Enterprise.Status",
        "EnterpriseOwnershipEnum": "enterprises.models.Enterprise.Ownership",
        "EnterpriseMemberRoleEnum": "enterprises.models.EnterpriseMember.Role",
        "BranchStatusEnum": "enterprises.models.Branch.Status",
        "AgreementStatusEnum": "enterprises.models.Agreement.Status",
        "JobPostStatusEnum": "jobs.models.JobPost.Status",
        "ApplicationStatusEnum": "jobs.models.Application.Status",
        "PipelineStepEnum": "jobs.api.enterprise.PIPELINE_STEP_CHOICES",
        "FollowUpStatusEnum": "jobs.models.FollowUp.Status",
        "StartUpStatusEnum": "startups.models.StartUp.Status",
        "MentorRequestStatusEnum": "startups.models.MentorRequest.Status",
        "FollowUpOutcomeEnum": "jobs.models.FollowUp.Outcome",
        "PostReportStatusEnum": "jobs.models.PostReport.Status",
        "PostReportReasonEnum": "jobs.models.PostReport.Reason",
        "VerificationMethodEnum": "jobs.models.Verification.Method",
        "VerificationResultEnum": "jobs.models.Verification.Result",
        "PlacementChannelEnum": "jobs.models.Placement.Channel",
        "OfflineHireChannelEnum": "jobs.models.OfflineHire.CHANNELS",
        "OfflineHireStatusEnum": "jobs.models.OfflineHire.Status",
        "SearchSortEnum": "jobs.forms.search.SORT_CHOICES",
        "ConsentPurposeEnum": "veterans.models.Consent.Purpose",
        "SkillSourceEnum": "veterans.models.VeteranSkill.Source",
        "EducationEnum": "veterans.models.Education",
        "InterviewStatusEnum": "jobs.models.Interview.Status",
        "InterviewModeEnum": "jobs.models.Interview.Mode",
        "MessageSideEnum": "jobs.models.Message.Side",
        "MessageReportStatusEnum": "jobs.models.MessageReport.Status",
        "MessageReportReasonEnum": "jobs.models.MessageReport.Reason",
        "InvitationStatusEnum": "jobs.models.Invitation.Status",
        "EnterpriseInvitationStatusEnum": "enterprises.models.EnterpriseInvitation.Status",
        "InvitationUploadStatusEnum": "enterprises.models.InvitationUpload.Status",
        "ProspectStatusEnum": "enterprises.models.Prospect.Status",
        "VerificationEvidenceKindEnum": "jobs.models.VerificationEvidence.Kind",
        "TrainingProgrammeKindEnum": "veterans.models.TrainingProgramme.Kind",
        "CommendationKindEnum": "enterprises.models.Commendation.Kind",
        "CommendationStatusEnum": "enterprises.models.Commendation.Status",
        "CooperationModeEnum": "enterprises.models.Agreement.CooperationMode",
        "ServiceStationKindEnum": "veterans.models.ServiceStation.Kind",
        "NoticeKindEnum": "jobs.models.Notice.Kind",
        "NoticeStatusEnum": "jobs.models.Notice.Status",
        "FeedbackStatusEnum": "jobs.models.Feedback.Status",
        "FeedbackSubjectEnum": "jobs.models.Feedback.Subject",
        "TrainingProgrammeStatusEnum": "veterans.models.TrainingProgramme.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.shared_enums",
    ],
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Above the longest task (a matching shard), so a late-acknowledged task is not redelivered
# while it runs; a task whose whole worker died comes back after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=4 * 3600)
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Every periodic schedule of the portal, in one place (STYLE.md rule 8).
CELERY_BEAT_SCHEDULE = {
    "expire-agreements": {
        "task": "enterprises.tasks.expire_agreements",
        "schedule": crontab(hour=0, minute=5),
    },
    # Invitations whose link ran out expire; those about to run out get one reminder.
    "remind-and-expire-enterprise-invitations": {
        "task": "enterprises.tasks.remind_and_expire_invitations",
        "schedule": crontab(hour=8, minute=0),
    },
    "expire-job-posts": {
        "task": "jobs.tasks.expire_job_posts",
        "schedule": crontab(hour=0, minute=10),
    },
    "mark-follow-ups-due": {
        "task": "jobs.tasks.mark_follow_ups_due",
        "schedule": crontab(hour=7, minute=0),
    },
    # Entrepreneurs' case records: where the business stands at 6 and 12 months.
    "mark-entrepreneur-follow-ups-due": {
        "task": "startups.tasks.mark_case_follow_ups_due",
        "schedule": crontab(hour=7, minute=10),
    },
    "run-matching": {
        "task": "jobs.tasks.matching_run",
        "schedule": crontab(hour=2, minute=0),
    },
    "send-pending-emails": {
        "task": "portal.accounts.tasks.send_pending_emails",
        "schedule": crontab(minute="*/5"),
    },
    "send-pending-sms": {
        "task": "portal.accounts.tasks.send_pending_sms",
        "schedule": crontab(minute="*/5"),
    },
    "mark-referrals-overdue": {
        "task": "jobs.tasks.mark_referrals_overdue",
        "schedule": crontab(hour=7, minute=5),
    },
    # Monday morning: each job-seeking veteran's new recommendations of the week.
    "send-recommendation-digests": {
        "task": "jobs.tasks.send_recommendation_digests",
        "schedule": crontab(hour=9, minute=0, day_of_week=1),
    },
    "send-job-alerts": {
        "task": "jobs.tasks.send_job_alerts",
        "schedule": crontab(hour=8, minute=30),
    },
    # Retention of personal data (RETENTION_* below).
    "purge-expired-personal-data": {
        "task": "veterans.tasks.personal_data_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    # Housekeeping: expired sessions, and the login log past RETENTION_LOGIN_LOG_DAYS.
    "clear-expired-sessions": {
        "task": "portal.accounts.tasks.sessions_clear_expired",
        "schedule": crontab(hour=3, minute=40),
    },
    "prune-login-log": {
        "task": "portal.accounts.tasks.login_log_prune",
        "schedule": crontab(hour=3, minute=45),
    },
    # Hires recorded at events or directly that the veteran did not confirm in time.
    "expire-offline-hires": {
        "task": "jobs.tasks.expire_offline_hires",
        "schedule": crontab(hour=2, minute=50),
    },
    # Interviews of tomorrow: both sides are reminded (jobs.services.interviews_remind).
    "remind-interviews": {
        "task": "jobs.tasks.remind_interviews",
        "schedule": crontab(hour=9, minute=0),
    },
    # Interviews owed to completers of linked training (no open post, or no consent yet)
    # are tried again before the working day: jobs.training.cooperation.
    "retry-owed-interview-guarantees": {
        "task": "jobs.tasks.retry_owed_interview_guarantees",
        "schedule": crontab(hour=6, minute=40),
    },
    # The quarter just ended, on the first day of January, April, July and October.
    "quarterly-report": {
        "task": "dashboards.tasks.quarterly_report",
        "schedule": crontab(hour=3, minute=0, day_of_month=1, month_of_year="1,4,7,10"),
    },
}

# People reaching each other (README "Interviews, messages and invitations"): messages one
# person may send per hour, and invitations to apply an enterprise may send per post a day.
MESSAGES_PER_HOUR = env.int("MESSAGES_PER_HOUR", default=20)
INVITATIONS_PER_POST_PER_DAY = env.int("INVITATIONS_PER_POST_PER_DAY", default=10)
# Referrals (jobs/referrals/): the working days (Monday to Friday) an enterprise has to
# answer a bureau's referral before it comes back to the officer as overdue; a veteran
# searching for longer than REFERRAL_HARD_TO_PLACE_MONTHS (since discharge, or since
# registering when no discharge date is known) is "hard to place" on the bureau's list.
REFERRAL_ANSWER_WORKING_DAYS = env.int("REFERRAL_ANSWER_WORKING_DAYS", default=5)
REFERRAL_HARD_TO_PLACE_MONTHS = env.int("REFERRAL_HARD_TO_PLACE_MONTHS", default=6)

# Enterprise invitations (README "Inviting and screening enterprises"): how long an
# invitation's registration link works, how many days before it runs out the invitee is
# reminded once, and the most rows an uploaded list of enterprises may have.
ENTERPRISE_INVITATION_DAYS = env.int("ENTERPRISE_INVITATION_DAYS", default=30)
ENTERPRISE_INVITATION_REMIND_DAYS = env.int("ENTERPRISE_INVITATION_REMIND_DAYS", default=7)
ENTERPRISE_INVITATION_MAX_ROWS = env.int("ENTERPRISE_INVITATION_MAX_ROWS", default=2000)

# Dashboards: how long the live counts beside the stored quarterly report are kept.
DASHBOARD_LIVE_COUNTS_SECONDS = env.int("DASHBOARD_LIVE_COUNTS_SECONDS", default=60)
# A scope's rendered report section, per report, language and query (dashboards.views).
DASHBOARD_REPORT_SECONDS = env.int("DASHBOARD_REPORT_SECONDS", default=3600)
# The quarterly report's queries run on this many database connections at once (its
# worker's and more; dashboards.queries.run_every): one per core the database can give it.
QUARTERLY_REPORT_CONNECTIONS = env.int("QUARTERLY_REPORT_CONNECTIONS", default=2)

# Commendations and warnings (README "Public announcement, directory and commendations"):
# the published criteria the portal proposes each quarter's and year's lists by
# (dashboards/commendations.py), and how many days after its period a confirmed
# commendation lifts the enterprise's posts in search and matching.
COMMENDATION_CRITERIA = {
    # Commended: posts published at least as the elapsed term calls for, this share of them
    # verified genuine, this share of placements still employed at 6 months (when any
    # reached 6 months), and no report of a fake post confirmed.
    "fulfilment_min": env.float("COMMENDATION_FULFILMENT_MIN", default=1.0),
    "verified_share_min": env.float("COMMENDATION_VERIFIED_SHARE_MIN", default=0.5),
    "retention_6_min": env.float("COMMENDATION_RETENTION_6_MIN", default=0.8),
    # Warned: fewer than this share of what the elapsed term calls for published, or a
    # fake post confirmed, or fewer than this share still employed at 6 months.
    "warning_fulfilment_below": env.float("WARNING_FULFILMENT_BELOW", default=0.5),
    "warning_retention_6_below": env.float("WARNING_RETENTION_6_BELOW", default=0.5),
}
COMMENDATION_LIFT_DAYS = env.int("COMMENDATION_LIFT_DAYS", default=183)

# The bureaus' verification work list (README "Bureau work lists"): a published post is due
# for a check when it was never verified or its last check is older than this many days;
# each agreement's share of posts verified this quarter is shown against the sampling target.
VERIFICATION_INTERVAL_DAYS = env.int("VERIFICATION_INTERVAL_DAYS", default=90)
VERIFICATION_SAMPLING_TARGET = env.float("VERIFICATION_SAMPLING_TARGET", default=0.3)
# Verification evidence (photos or PDF), checked by content and kept in private storage.
VERIFICATION_EVIDENCE_MAX_BYTES = env.int("VERIFICATION_EVIDENCE_MAX_BYTES", default=10 * 2**20)
VERIFICATION_EVIDENCE_MAX_FILES = env.int("VERIFICATION_EVIDENCE_MAX_FILES", default=5)
# Files one notice or policy document may carry (each checked and limited as evidence is).
NOTICE_ATTACHMENTS_MAX_FILES = env.int("NOTICE_ATTACHMENTS_MAX_FILES", default=5)
# Enterprise staff see their veterans' ratings only as an average over at least this many
# answers (fewer could point at one person); regulators see every aggregate.
FEEDBACK_MIN_ANSWERS = env.int("FEEDBACK_MIN_ANSWERS", default=5)
# At most one e-mail per post in this many minutes tells its enterprise of new applications.
APPLICATION_DIGEST_MINUTES = env.int("APPLICATION_DIGEST_MINUTES", default=60)
# How long a veteran has to confirm a hire recorded for them at an event or directly.
OFFLINE_HIRE_CONFIRM_DAYS = env.int("OFFLINE_HIRE_CONFIRM_DAYS", default=14)
# The bureau's follow-up of an enterprise behind its pledge is due this many days after the
# quarterly notice that found it behind (dashboards/notices.py).
PLEDGE_FOLLOW_UP_DAYS = env.int("PLEDGE_FOLLOW_UP_DAYS", default=30)
# Bulk posting (jobs.bulk): a file of more rows than BULK_IMPORT_ASYNC_ROWS is checked by a
# Celery task while its page shows the progress; at most BULK_IMPORT_MAX_ROWS rows and
# BULK_IMPORT_MAX_BYTES a file; the report keeps the first BULK_IMPORT_ERRORS_KEPT errors.
BULK_IMPORT_ASYNC_ROWS = env.int("BULK_IMPORT_ASYNC_ROWS", default=500)
BULK_IMPORT_MAX_ROWS = env.int("BULK_IMPORT_MAX_ROWS", default=20_000)
BULK_IMPORT_MAX_BYTES = env.int("BULK_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
BULK_IMPORT_ERRORS_KEPT = env.int("BULK_IMPORT_ERRORS_KEPT", default=1000)

# The nightly matching (jobs/matching/, README "Matching").
MATCHING_K = env.int("MATCHING_K", default=20)  # recommendations per veteran
MATCHING_DEPTH = env.int("MATCHING_DEPTH", default=40)  # candidates kept before congestion
# Kept past the depth by a shard, for the swap's fill to start from without scoring again.
MATCHING_RESERVE = env.int("MATCHING_RESERVE", default=20)
MATCHING_EXPOSURE_PER_OPENING = env.int("MATCHING_EXPOSURE_PER_OPENING", default=20)
MATCHING_CANDIDATES_PER_POST = env.int("MATCHING_CANDIDATES_PER_POST", default=20)
MATCHING_SHARDS = env.int("MATCHING_SHARDS", default=16)
MATCHING_KEEP_RUNS = env.int("MATCHING_KEEP_RUNS", default=2)
MATCHING_STALE_HOURS = env.int("MATCHING_STALE_HOURS", default=6)
# The Celery queue of the shard tasks: the default one, or one with workers of its own.
MATCHING_QUEUE = env("MATCHING_QUEUE", default="celery")
MATCHING_WEIGHTS = {
    "skill_fit": 0.30,
    "occupation_fit": 0.25,
    "location_fit": 0.15,
    "industry_fit": 0.08,
    "salary_fit": 0.10,
    "education_fit": 0.07,
    "agreement_bonus": 0.05,
}

# Logs (portal/logs.py; README "Logs and errors"): every line with time, level, logger and
# request id, masked (IDs and mobile numbers, in messages and tracebacks alike); text for
# people, LOG_FORMAT=json for a log collector. Errors are e-mailed to ADMINS
# ("Name <address>, ..."), and with SENTRY_DSN sent to Sentry or GlitchTip, masked too.
LOG_FORMAT = env("LOG_FORMAT", default="text")
ADMINS = getaddresses(env.list("ADMINS", default=[]))
LOGGING = logs.logging_config(
    level=env("LOG_LEVEL", default="INFO"), log_format=LOG_FORMAT, mail_admins=bool(ADMINS)
)
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    logs.init_error_tracker(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
    )

# --- Security and personal data (#8; README "Security and personal data") ------------------
# Production (DEBUG off) gets HTTPS-only cookies, HSTS and the redirect to HTTPS by default;
# `make run` over plain http keeps working because DEBUG is on there.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain http: /health/ (readiness) and /health/live/ (liveness).
SECURE_REDIRECT_EXEMPT = [r"^health/(live/)?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# HTTPS-only cookies; SECURE_COOKIES=false only where production settings run over plain
# http on 127.0.0.1 (`make loadtest`).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Proxies in front of the portal that append to X-Forwarded-For (nginx, a load balancer).
# 0: the client is REMOTE_ADDR and X-Forwarded-For is ignored, so a forged header changes
# nothing. N: the N-th address from the right, the one the outermost trusted proxy saw.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script or style anywhere (DESIGN.md §7): everything comes from our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's and Swagger UI's SVG icons are data: URLs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verifies (and upgrades) older hashes
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Bureau and ministry sessions end this many hours after the password login, active or not.
STAFF_SESSION_HOURS = env.int("STAFF_SESSION_HOURS", default=8)
# Their API token (obtained with a one-time password) ends this many minutes after issue.
STAFF_TOKEN_MINUTES = env.int("STAFF_TOKEN_MINUTES", default=60)
# One-time passwords (TOTP, django-otp) for bureau staff and ministry admins.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="退役军人就业合作平台")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user and address
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout per pair of username and address: one address guessing at one account is stopped,
# and nobody can lock a user out from every address by failing from their own.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.accounts.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Requests for a new verification link, per client address and per e-mail address, per hour.
RESEND_VERIFICATION_PER_HOUR = env.int("RESEND_VERIFICATION_PER_HOUR", default=5)

# Resident ID numbers are stored encrypted (AES-GCM) with an HMAC-SHA256 digest for
# uniqueness and lookup. Both keys are derived (HKDF) from these secrets, never from
# SECRET_KEY. PERSONAL_DATA_KEYS: newest first; older ones only decrypt (key rotation).
PERSONAL_DATA_KEYS = env.list(
    "PERSONAL_DATA_KEYS", default=["dev-only-personal-data-key"] if DEBUG else []
)
PERSONAL_DATA_HASH_KEY = env(
    "PERSONAL_DATA_HASH_KEY", default="dev-only-personal-data-hash-key" if DEBUG else None
)
# Retention (veterans.tasks.personal_data_purge, daily): resumes of a veteran who withdrew
# consent to the processing of sensitive data, or whose account is closed (deactivated),
# go this many days later; sign-ups never verified go this many days after the link expired.
# The audit trail is kept.
RETENTION_RESUME_DAYS = env.int("RETENTION_RESUME_DAYS", default=30)
RETENTION_UNVERIFIED_SIGNUP_DAYS = env.int("RETENTION_UNVERIFIED_SIGNUP_DAYS", default=30)
RETENTION_SENT_EMAIL_DAYS = env.int("RETENTION_SENT_EMAIL_DAYS", default=30)
RETENTION_LOGIN_LOG_DAYS = env.int("RETENTION_LOGIN_LOG_DAYS", default=30)
