"""Environment for the test run, loaded as a pytest plugin before Django starts.

The settings module is the production one; these defaults only fill in what a
developer's shell does not set, so `pytest` works on a fresh clone.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("BIENBAN_STATIC_MANIFEST", "false")
os.environ.setdefault("BIENBAN_SIGNING_PASSPHRASE", "tests-only-passphrase")
# DEBUG is off, so the public address must be set (minutes.checks.check_site_url).
os.environ.setdefault("BIENBAN_SITE_URL", "https://bienban.example.org")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
