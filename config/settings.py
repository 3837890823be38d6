"""Stride settings. This is the one place that reads the environment.

With nothing set, the embedded demo default applies: the demo's own PostgreSQL cluster, reached
over its unix socket in ``var/postgres/run`` of the checkout (``scripts/local_postgres.sh`` runs
it; ``STRIDE_PG_DIR`` moves it), Celery in eager mode, DEBUG on and a throwaway secret key.
``DATABASE_URL`` selects another PostgreSQL server and ``REDIS_URL`` selects Redis.
``STRIDE_ENV=production`` switches DEBUG off, turns on the HTTPS protections and refuses to start
without ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

STRIDE_ENV = env.str("STRIDE_ENV", default="development")
if STRIDE_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("STRIDE_ENV must be 'development' or 'production'.")
PRODUCTION = STRIDE_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when STRIDE_ENV=production.")

if PRODUCTION:
    # No defaults in production: a missing secret or host list must stop the service.
    try:
        SECRET_KEY = env.str("SECRET_KEY")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            f"STRIDE_ENV=production needs SECRET_KEY and ALLOWED_HOSTS in the environment ({exc})."
        ) from exc
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host.")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-demo-key-only-for-local-use")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "axes",
    # Ground, then records, alerts, insight and web (DESIGN.md; imports only point down).
    "core",
    "accounts",
    "tracker",
    "records",
    "questionnaires",
    "programs",
    "messaging",
    "notifications",
    "insights",
    "referrals",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves collected static files (admin, API docs) from gunicorn without a separate server.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    # The demo's own cluster (scripts/local_postgres.sh): trust authentication over a unix socket
    # in its directory, which STRIDE_PG_DIR can move (a relative path is taken from the checkout).
    local_pg_dir = BASE_DIR / (env.str("STRIDE_PG_DIR", default="") or "var/postgres")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "stride",
            "USER": "stride",
            "PASSWORD": "",
            "HOST": str(local_pg_dir / "run"),
            "PORT": "",
        },
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # A dead database must fail a request, not hang it.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and authentication --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes must come first so that it can refuse a locked-out account.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The clinician dashboard signs in with a session (the phone app uses tokens).
LOGIN_URL = "dashboard:login"
LOGIN_REDIRECT_URL = "dashboard:patients"
LOGOUT_REDIRECT_URL = "dashboard:login"
# A dashboard session ends after a working day, or when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE_S", default=12 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Phone tokens (django-rest-knox): stored hashed, expire, revocable one by one or all at once.
ACCESS_TOKEN_TTL_HOURS = env.int("ACCESS_TOKEN_TTL_HOURS", default=24 * 7)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=ACCESS_TOKEN_TTL_HOURS),
    "AUTH_HEADER_PREFIX": "Bearer",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
    "USER_SERIALIZER": None,
}

# --- Sign-in: trusted proxies, throttles, back-off (issue 11; README "### Sign-in") ----------
# How many reverse proxies in front of Django append to X-Forwarded-For. 0 (the default): the
# client is REMOTE_ADDR and X-Forwarded-For is ignored; the header is never believed beyond it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
# DRF throttles (shared cache): per real client address, and per account.
LOGIN_THROTTLE_RATES = {
    "login": env.str("LOGIN_THROTTLE_RATE", default="10/min"),
    "login_account": env.str("LOGIN_ACCOUNT_THROTTLE_RATE", default="10/min"),
}
# Back-off per account (accounts.backoff; OWASP ASVS 5.0 V6.3.1, NIST SP 800-63B §5.2.2): the
# first LOGIN_FAILURE_LIMIT wrong passwords are free; from the 5th on, the next try waits
# LOGIN_BACKOFF_BASE_S, doubling with each failure up to LOGIN_BACKOFF_MAX_S. NIST's ceiling of
# 100 consecutive failures locks the account for the failure memory (24 h).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_BACKOFF_BASE_S = env.int("LOGIN_BACKOFF_BASE_S", default=60)
LOGIN_BACKOFF_MAX_S = env.int("LOGIN_BACKOFF_MAX_S", default=15 * 60)
LOGIN_FAILURE_HARD_LIMIT = env.int("LOGIN_FAILURE_HARD_LIMIT", default=100)
# A failure is forgotten after this long without another one.
AXES_COOLOFF_TIME = timedelta(hours=env.int("LOGIN_FAILURE_MEMORY_HOURS", default=24))
AXES_HANDLER = "accounts.backoff.BackoffAxesHandler"
# A try refused during a wait is not counted, so hammering cannot stretch the wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "email"
# django-axes records the same real client address as the throttles.
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429
# --- end of the sign-in block ---------------------------------------------------------------

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["config.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {**LOGIN_THROTTLE_RATES},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

# The largest JSON body the API accepts: a 1,000-walk sync with notes fits well within it.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=4 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES

SPECTACULAR_SETTINGS = {
    "TITLE": "Stride API",
    "DESCRIPTION": "Claudication symptom tracking for patients' phones and their clinicians.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets used by several fields get one name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "PainSideEnum": "tracker.choices.PainSide",
        "PainLocationEnum": "tracker.choices.PainLocation",
        "PainQualityEnum": "tracker.choices.PainQuality",
        "SymptomKindEnum": "tracker.models.SymptomKind",
        "CalibrationKindEnum": "records.models.CalibrationKind",
        "PostureTestKindEnum": "records.models.PostureTestKind",
        "InstrumentEnum": "questionnaires.models.Instrument",
        "AlertStatusEnum": "notifications.models.AlertStatus",
        "AlertSeverityEnum": "core.severity.Severity",
        "SyncStatusEnum": "core.sync.SYNC_STATUSES",
    },
}

# --- Celery ---------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if PRODUCTION and not REDIS_URL:
    # Issue 11: without Redis, throttles would count per process and tasks would run inside
    # the web request; production must not fall back to that silently.
    raise ImproperlyConfigured(
        "STRIDE_ENV=production needs REDIS_URL (the Celery broker and the shared cache that "
        "sign-in throttles count in), e.g. REDIS_URL=redis://redis.internal:6379/0."
    )
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker (the embedded default) tasks run in-process, at once.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# An unacknowledged task (its worker died) is handed out again after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_S", default=3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A dead broker must fail a publish at once, not hang an upload.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Two queues: "realtime" for red flags and evaluation after ingest, "batch" for the nightly sweep.
CELERY_TASK_DEFAULT_QUEUE = "realtime"
CELERY_TASK_ROUTES = {
    "notifications.tasks.nightly_sweep": {"queue": "batch"},
    "notifications.tasks.*": {"queue": "realtime"},
}
# django-celery-beat copies these into its database schedule when beat starts.
CELERY_BEAT_SCHEDULE = {
    "nightly-sweep": {"task": "notifications.tasks.nightly_sweep",
                      "schedule": crontab(hour=2, minute=0)},
    "relay-outbox": {"task": "notifications.tasks.relay_outbox", "schedule": 30.0},
}

# --- Cache (throttling state) -----------------------------------------------------------------
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "stride"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Internationalisation and time ------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="stride@localhost")

# --- Alert delivery (notifications/channels) ---------------------------------------------------
# Patient push goes through this backend (a dotted path); the demo's writes to the log.
PUSH_BACKEND = env.str("PUSH_BACKEND", default="notifications.channels.push.LoggingPushBackend")
# A clinic webhook must answer within this many seconds, or the attempt counts as failed.
WEBHOOK_TIMEOUT_S = env.float("WEBHOOK_TIMEOUT_S", default=5.0)
# The link in care-team e-mails ({patient_id} and {alert_id} are filled in): by default the
# dashboard's page of the patient, which lists the alerts not yet resolved.
ALERT_LINK_TEMPLATE = env.str("ALERT_LINK_TEMPLATE",
                              default="http://127.0.0.1:8000/patients/{patient_id}/")

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Dashboard forms send the token from the page, so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Celery's per-task INFO lines drown the demo's output; a worker can ask for them back.
    "loggers": {"axes": {"level": "WARNING"},
                "celery": {"level": env.str("CELERY_LOG_LEVEL", default="WARNING")},
                "kombu": {"level": "WARNING"}},
}

AXES_USERNAME_CALLABLE = "accounts.lockout.login_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] = "rest_framework.pagination.PageNumberPagination"
REST_FRAMEWORK["PAGE_SIZE"] = 100

# The back-off is per account on purpose (accounts.backoff); per-address limits come from the
# DRF "login" throttle above.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Audit trail (issue 11; audit/) ---------------------------------------------------------
# pgtrigger installs the append-only trigger of the audit table; audit comes after accounts so
# its admin can wrap accounts' user admin.
INSTALLED_APPS += ["pgtrigger", "audit"]
# After authentication, so refused requests can be recorded with their user; it also holds the
# request id (X-Request-ID in and out) and the client's address for the audit service.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "audit.middleware.AuditContextMiddleware")
# Monthly partitions are made this many months ahead, daily by beat (and on migrate).
AUDIT_PARTITION_MONTHS_AHEAD = env.int("AUDIT_PARTITION_MONTHS_AHEAD", default=3)
CELERY_BEAT_SCHEDULE["audit-partitions"] = {"task": "audit.tasks.audit_partitions_make",
                                            "schedule": crontab(hour=1, minute=30)}
CELERY_TASK_ROUTES["audit.tasks.*"] = {"queue": "batch"}
# Referrals (issue 13): drafted nightly after the detectors' sweep (02:00) has judged the walks.
CELERY_BEAT_SCHEDULE["referral-drafts"] = {"task": "referrals.tasks.drafts_sweep",
                                           "schedule": crontab(hour=3, minute=0)}
CELERY_TASK_ROUTES["referrals.tasks.drafts_sweep"] = {"queue": "batch"}

# --- Headers and exposure (issue 11) -----------------------------------------------------------
# One strict Content-Security-Policy for every response (django-csp 4: the policy is a dict of
# directives). Same-origin scripts and styles only, no inline code anywhere: the dashboard reads
# its chart data from a JSON island, the API docs load Swagger UI and its start-up script as
# files (drf-spectacular-sidecar and the split view), and Django's admin has no inline script.
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp", "drf_spectacular_sidecar"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# After SecurityMiddleware and WhiteNoise (whose static files carry no patient data and keep
# their long cache lifetimes): every page and API answer is marked Cache-Control: no-store.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                  "config.middleware.NoStoreMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                  "csp.middleware.CSPMiddleware")
# The schema and the docs describe every endpoint: in production they need a sign-in unless a
# deployment chooses otherwise; in development they are open.
SCHEMA_PUBLIC = env.bool("SCHEMA_PUBLIC", default=not PRODUCTION)
SPECTACULAR_SETTINGS.update({
    # Swagger UI from the drf-spectacular-sidecar package: pinned by the lock file, served from
    # this origin, so the docs work offline and no CDN runs script on the dashboard's origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: it would load an image from swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
})

# --- Broker and worker faults (issue 11) -------------------------------------------------------
# A published outbox message is leased: the task renews the lease while it works and marks the
# message done at the end; the relay (beat, every OUTBOX_RELAY_INTERVAL_S) publishes again any
# message whose lease ran out. A worker killed mid-delivery therefore has its alert sent by
# another within OUTBOX_LEASE_S + OUTBOX_RELAY_INTERVAL_S (40 s by default), instead of after
# the broker's visibility timeout (an hour); the delivery log keeps it to one message.
OUTBOX_LEASE_S = env.float("OUTBOX_LEASE_S", default=30.0)
OUTBOX_RELAY_INTERVAL_S = env.float("OUTBOX_RELAY_INTERVAL_S", default=10.0)
CELERY_BEAT_SCHEDULE["relay-outbox"] = {
    "task": "notifications.tasks.relay_outbox", "schedule": OUTBOX_RELAY_INTERVAL_S,
    # A relay queued behind a dead worker is dropped: the next tick does its work.
    "options": {"expires": OUTBOX_RELAY_INTERVAL_S * 3},
}
# A connection kept across requests or tasks (CONN_MAX_AGE) is checked before reuse, so a
# restarted PostgreSQL costs a reconnect, not a failed request or task.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Input fuzzing and a true schema (issue 11, "No input breaks a request") ------------------
# One AutoSchema documents every error status each operation can answer, with the error body's
# shape (config/schema.py).
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "config.schema.ErrorDocumentingAutoSchema"
# Alerts are described as a carer or a patient sees them; both name the same kinds.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["AlertKindEnum"] = "notifications.models.AlertKind"
# A malformed bearer token (not UTF-8, a NUL byte) answers 401 instead of failing in knox.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "accounts.authentication.StrictTokenAuthentication"
    if name == "knox.auth.TokenAuthentication" else name
    for name in REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
]
# --- end of the input fuzzing block ------------------------------------------------------------

# --- Exercise library media (issue 12, outcomes) ---------------------------------------------
# An exercise's media link is a path on this service's own storage ("/media/...") or an https
# URL on one of these hosts the project runs itself; never a third-party CDN at run time.
# Comma-separated in the environment, e.g. EXERCISE_MEDIA_HOSTS=media.stride.example
EXERCISE_MEDIA_HOSTS = env.list("EXERCISE_MEDIA_HOSTS", default=[])

# --- Exercise programs (issue 12) --------------------------------------------------------------
# A home session's done/skipped status gets its own schema name beside the sync and alert ones.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({
    "HomeSessionStatusEnum": "programs.models.HomeStatus",
})

# --- Secure messages (issue 13) -----------------------------------------------------------------
# Message photos are kept with the default storage under MEDIA_ROOT. No MEDIA_URL is routed: a
# photo is only ever read through a signed, expiring link (messaging/photos.py), never publicly.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
