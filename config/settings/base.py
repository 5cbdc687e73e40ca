"""Settings shared by every environment; every value comes from the environment.

Defaults are the embedded mode of ``make run``: SQLite under ``var/``, Celery eager,
archive on the local disk under ``var/archive/``.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.apps.DepartmentAdminConfig",  # django.contrib.admin, staff only (config.admin)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "simple_history",
    "viewflow",
    "viewflow.workflow",
    # ours, in dependency order
    "audit",
    "accounts",
    "core",
    "reference",
    "subscribers",
    "metering",
    "billing",
    # after the registers: its part of seed_demo writes letters to their consumers
    "documents",
    "settlements",
    "inspections",
    "contracts",
    "reconciliation",
    "supply",
    "reception",
    "casefiles",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.QueryStringGuard",  # ?q=%00 → 400 (PostgreSQL holds no NUL)
    "core.middleware.PermissionRefusal",  # a service's permission_denied → 403 (core.permissions)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.LoginRequiredSiteMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
    # a task URL's process and node must be the task's own (404 before the view takes a lock)
    "workflows.task_urls.TaskUrlMatchMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "billing.api.throttling.FailedAuthMiddleware",  # /api/ only: 429 for an address guessing tokens
    # last: turns a login refused for a lockout into the lockout page (accounts/lockout.py)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # «|title» as a Russian heading: the first letter capital, not every word's (core/templatetags/sentence_case.py)
            "builtins": ["core.templatetags.sentence_case"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 30)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # no JIT compilation: it costs 0.2–0.4 s per query the planner estimates as large (the
    # dashboard's and the debtors list's aggregates), more than those queries run for
    # (docs/performance.md, «Pages»)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The API's throttle counts live here: several web processes need a shared cache
# (CACHE_URL=redis://127.0.0.1:6379/2); the default is each process's own memory.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking the password
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords in a row for one
# username from one address, that pair is refused for AXES_COOLOFF_MINUTES (every further
# failure restarts the wait); a successful login clears the count. Other users and other
# addresses are not affected. Lift a lockout: `manage.py axes_reset_username <login>`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ru")
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
# the project's corrections of its libraries' Russian catalogues (docs/setup.md «Язык интерфейса»)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
# dates ДД.ММ.ГГГГ and moments ДД.ММ.ГГГГ ЧЧ:ММ everywhere, not Django's «8 декабря 2026 г.» (config/formats/ru)
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")

# Uploaded working files (photos, imports) and the immutable document archive.
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
ARCHIVE_ROOT = env.path("ARCHIVE_ROOT", default=VAR_DIR / "archive")
ARCHIVE_STORAGE = env.str("ARCHIVE_STORAGE", default="local")  # local | s3

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    },
    "archive": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(ARCHIVE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if ARCHIVE_STORAGE == "s3":
    STORAGES["archive"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("ARCHIVE_S3_BUCKET"),
            "endpoint_url": env.str("ARCHIVE_S3_ENDPOINT_URL", default=None),
            "access_key": env.str("ARCHIVE_S3_ACCESS_KEY", default=None),
            "secret_key": env.str("ARCHIVE_S3_SECRET_KEY", default=None),
            "location": env.str("ARCHIVE_S3_PREFIX", default="archive"),
            "file_overwrite": False,
            "default_acl": None,
        },
    }

# File imports (registry, readings, temperatures), pages and commands alike (core/imports.py):
# the file's size, an XLSX's unpacked size, the rows of a file, the characters of a cell quoted
# in a report. A file past a limit is refused before its rows are read.
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
IMPORT_MAX_CELL_SHOWN = env.int("IMPORT_MAX_CELL_SHOWN", default=60)
# Documents uploaded into a case file (scans, extracts, receipts: PDF, DOCX, JPEG, PNG): the
# file's size, and a DOCX's unpacked size (casefiles/uploads.py).
CASEFILES_MAX_UPLOAD_BYTES = env.int("CASEFILES_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# A photo of a field inspection or its act (JPEG or PNG only, inspections/uploads.py).
INSPECTIONS_MAX_PHOTO_BYTES = env.int("INSPECTIONS_MAX_PHOTO_BYTES", default=10 * 1024 * 1024)
# a court package is split into parts under this size for e-filing (casefiles/package.py)
CASEFILES_PACKAGE_PART_LIMIT = env.int("CASEFILES_PACKAGE_PART_LIMIT", default=10 * 1024 * 1024)
# «Требование об оплате» of unmetered consumption: calendar days to pay from the demand's date
# (a contract-less demand has the statutory term of the dated ContractlessRule; inspections/demand.py).
INSPECTIONS_DEMAND_PAYMENT_DAYS = env.int("INSPECTIONS_DEMAND_PAYMENT_DAYS", default=10)

# Celery: no broker → tasks run eagerly in-process (embedded mode).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Results travel back through Redis when it is the broker, else through the broker (rpc).
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or (
    (CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "rpc://") if CELERY_BROKER_URL else None
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a killed pool child's task goes back to the queue
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged task to another worker after this many seconds (a killed
# worker): longer than the longest task (an output job over a whole period), or a task still
# running is started twice. The watchdog below re-queues lost work sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3 * 3600)}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {}  # filled in config/beat.py — all periodic schedules in one place
# Task modules outside the apps' own tasks.py (autodiscovery finds only those).
CELERY_IMPORTS = ["billing.invoices.tasks", "billing.forecast.tasks"]
# Watchdog (config/beat.py): background work without progress for this many minutes is
# stalled (its worker died) and is queued again; a slow job keeps reporting progress.
WATCHDOG_STALL_MINUTES = {
    "billing_run": env.int("STALL_MINUTES_BILLING_RUN", default=15),  # no chunk started or done
    "penalty_accrual": env.int("STALL_MINUTES_PENALTY_ACCRUAL", default=30),  # no chunk done
    "output_job": env.int("STALL_MINUTES_OUTPUT_JOB", default=15),  # no document issued or printed
    "reconciliation_bulk": env.int("STALL_MINUTES_RECONCILIATION_BULK", default=15),  # no act issued or printed
    "pdf": env.int("STALL_MINUTES_PDF", default=30),  # a document still without its PDF or failure
    "flow_handle": env.int("STALL_MINUTES_FLOW_HANDLE", default=10),  # a queued flow step not run
}
# A billing run, output job or penalty accrual re-queued this many times without finishing
# fails (its page shows why) instead of being queued again for ever.
WATCHDOG_MAX_REQUEUES = env.int("WATCHDOG_MAX_REQUEUES", default=3)
# PDF conversions queued again per watchdog pass (oldest documents first).
WATCHDOG_PDF_BATCH = env.int("WATCHDOG_PDF_BATCH", default=200)

# LibreOffice / unoserver pool for DOCX → PDF (documents/pdf, `manage.py pdf_pool`).
PDF_POOL_SIZE = env.int("PDF_POOL_SIZE", default=0)  # 0 → number of CPUs
PDF_POOL_MAX_CONVERSIONS = env.int("PDF_POOL_MAX_CONVERSIONS", default=200)  # then restart; 0 → never
PDF_CONVERSION_TIMEOUT = env.int("PDF_CONVERSION_TIMEOUT", default=60)  # s per conversion
UNOSERVER_PYTHON = env.str("UNOSERVER_PYTHON", default=str(VAR_DIR / "unovenv" / "bin" / "python"))
# The pool's state and locks: every process converting on this machine must see the same dir.
PDF_POOL_DIR = env.path("PDF_POOL_DIR", default=VAR_DIR / "pdf_pool")
PDF_POOL_WAIT_TIMEOUT = env.int("PDF_POOL_WAIT_TIMEOUT", default=120)  # s to wait for a free worker
PDF_SOFFICE = env.str("PDF_SOFFICE", default="soffice")  # LibreOffice executable (name or path)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    # bounded JSON (size, depth, exact decimals, clean strings) and ApplicationError → 400
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    # billing/api/throttling.py: requests per token (or session user); wrong credentials per
    # address (429 for that address, checked before authentication by FailedAuthMiddleware)
    "DEFAULT_THROTTLE_CLASSES": ["billing.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_token": env.str("API_TOKEN_RATE", default="300/min"),
        "api_auth_failure": env.str("API_AUTH_FAILURE_RATE", default="20/hour"),
    },
    # the client address is REMOTE_ADDR; behind N trusted proxies set API_NUM_PROXIES=N
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Абонентский отдел ТСО — API",
    "VERSION": "1.0.0",
    "ENUM_NAME_OVERRIDES": {"BillingPeriodStatusEnum": "billing.models.BillingPeriod.Status"},
    # the schema, like the API, is for signed-in users and token holders
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# viewflow draws no <vf-field-checkbox-select>: a multiple choice as labelled checkboxes (core/renderers.py)
VIEWFLOW = {"WIDGET_RENDERERS": {"django.forms.CheckboxSelectMultiple": "core.renderers.CheckboxListRenderer"}}

# Metering events → the Celery task (by name) that follows them up.
METERING_HOOKS = {
    "reading_flagged": "workflows.tasks.open_reading_review",
    "reading_accepted": "billing.tasks.recalculate_late_reading",  # a month billing has closed
    "verification_notice": "workflows.tasks.open_verification_followup",
}
# Models of other areas that keep files in the archive (a ``storage_name`` and ``sha256`` field),
# each with the check archive_verify (documents.verification) runs on them; backup/restore copy
# their files. The one declaration of archived files outside the documents app.
ARCHIVE_CHECKS = {
    "billing.InvoicePrintout": "billing.invoices.verification.verify_printouts",
    "casefiles.CaseDocument": "casefiles.verification.verify_uploads",
    "inspections.InspectionPhoto": "inspections.verification.verify_photos",
}
# Sections other areas add to the register's cards (subscribers.card_sections).
CONSUMER_CARD_SECTIONS = [
    "metering.card.consumer_sections", "billing.analytics.card.consumer_sections", "casefiles.card.consumer_sections",
]
HEATED_OBJECT_CARD_SECTIONS = ["metering.card.heated_object_sections"]
# Rows of the billing-centre export's supply-mode and quality sheets that higher areas provide
# (billing.export.supply): functions (first_day, last_day, object_ids) -> rows per object.
BILLING_EXPORT_SUPPLY_ROWS = [
    "supply.export_rows.interruption_rows", "supply.export_rows.restriction_rows", "supply.export_rows.quality_rows",
]
CONTRACT_CARD_SECTIONS = ["metering.card.contract_sections"]
METERING_REVIEW_DAYS = env.int("METERING_REVIEW_DAYS", default=3)  # a flagged reading is reviewed within
METERING_SCHEDULE_DAYS = env.int("METERING_SCHEDULE_DAYS", default=5)  # an application gets a technician within
METERING_VERIFICATION_NOTICE_DAYS = [60, 30]  # notices go out this many days before verification is due
METERING_SYSTEM_USERNAME = "system"  # background jobs act as this inactive account

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "unoserver": {"level": "WARNING"},  # its client logs every request at INFO
        "axes": {"level": "WARNING"},  # failures and lockouts; not every successful login
    },
}

from config.beat import BEAT_SCHEDULE  # noqa: E402

CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE
