"""Running as a fleet: media on object storage, the CDN purged on publish, settings from the
environment. The multi-instance run itself is tests/production/test_fleet.py."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import boto3
import pytest
from django.core.files.storage import storages
from moto import mock_aws

from healinghaven.settings.environment import media_origins
from tests import factories

REPO = Path(__file__).resolve().parent.parent

S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "clinic-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_S3_REGION_NAME": "ca-central-1",
    "AWS_ACCESS_KEY_ID": "id",
    "AWS_SECRET_ACCESS_KEY": "secret",
}

# The settings as the production module computes them from the environment (no app needs
# to be loaded for that, which keeps each of these processes short).
PRINT_SETTINGS = """
import json
from django.conf import settings
from django.utils.csp import build_policy
csp = build_policy(settings.SECURE_CSP)
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "img_src": settings.SECURE_CSP["img-src"],
    "admin_img_src": settings.ADMIN_CSP["img-src"],
    "csp_header": csp,
    "frontend_cache": settings.WAGTAILFRONTENDCACHE,
    "docs_serve": getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None),
}, default=str))
"""


def settings_with(env: dict[str, str]) -> dict:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "CLOUDFLARE_", "CLOUDFRONT_", "DJANGO_", "DATABASE_"))
    }
    clean.update(
        env,
        DJANGO_SETTINGS_MODULE="healinghaven.settings.production",
        SECRET_KEY="s" * 50,
        DATABASE_URL="sqlite:///:memory:",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


class TestSettingsFromTheEnvironment:
    def test_one_machine_keeps_media_on_disk_and_images_from_itself(self):
        found = settings_with({})
        assert found["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
        assert found["img_src"] == ["'self'", "data:"]
        assert "img-src 'self' data:;" in found["csp_header"] + ";"
        assert found["frontend_cache"] == {}
        assert found["docs_serve"] is None

    def test_bucket_moves_media_to_s3_and_allows_its_origin_in_csp(self):
        found = settings_with(S3_ENV)
        options = found["storage"]["OPTIONS"]
        assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
        assert options["bucket_name"] == "clinic-media"
        assert options["endpoint_url"] == "http://127.0.0.1:9000"
        assert options["region_name"] == "ca-central-1"
        assert options["access_key"] == "id"
        assert options["querystring_auth"] is False
        assert options["file_overwrite"] is False
        assert "http://127.0.0.1:9000" in found["img_src"]
        assert "http://127.0.0.1:9000" in found["admin_img_src"]
        assert "img-src 'self' data: http://127.0.0.1:9000;" in found["csp_header"]
        assert found["docs_serve"] == "serve_view"

    def test_custom_domain_is_the_media_origin(self):
        found = settings_with({**S3_ENV, "AWS_S3_CUSTOM_DOMAIN": "media.example.ca"})
        assert "img-src 'self' data: https://media.example.ca;" in found["csp_header"]
        assert "http://127.0.0.1:9000" not in found["csp_header"]

    def test_cdn_purge_is_configured_from_the_environment(self):
        found = settings_with(
            {
                "CLOUDFLARE_API_TOKEN": "cf-token",
                "CLOUDFLARE_ZONEID": "zone-1",
                "CLOUDFRONT_DISTRIBUTION_ID": "E123",
            }
        )
        assert found["frontend_cache"] == {
            "cloudflare": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
                "BEARER_TOKEN": "cf-token",
                "ZONEID": "zone-1",
            },
            "cloudfront": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
                "DISTRIBUTION_ID": "E123",
            },
        }

    def test_cloudflare_needs_both_token_and_zone(self):
        found = settings_with({"CLOUDFLARE_API_TOKEN": "cf-token"})
        assert found["frontend_cache"] == {}


class TestMediaOrigins:
    def test_aws_hosts_without_endpoint(self):
        assert media_origins(bucket="b", region="ca-central-1") == [
            "https://b.s3.amazonaws.com",
            "https://b.s3.ca-central-1.amazonaws.com",
        ]

    def test_virtual_addressing_adds_the_bucket_host(self):
        assert media_origins(
            bucket="b", endpoint_url="https://s3.example.net/", addressing_style="virtual"
        ) == ["https://s3.example.net", "https://b.s3.example.net"]

    def test_bad_endpoint_is_refused(self):
        from django.core.exceptions import ImproperlyConfigured

        with pytest.raises(ImproperlyConfigured):
            media_origins(bucket="b", endpoint_url="s3.example.net")


@pytest.fixture
def s3_media(settings):
    """STORAGES['default'] on a (moto) S3 bucket, as production sets it."""
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="clinic-media")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "clinic-media",
                    "region_name": "us-east-1",
                    "access_key": "id",
                    "secret_key": "secret",
                    "querystring_auth": False,
                    "default_acl": None,
                    "file_overwrite": False,
                },
            },
        }
        yield boto3.client("s3", region_name="us-east-1")


def bucket_keys(client) -> list[str]:
    listing = client.list_objects_v2(Bucket="clinic-media")
    return [item["Key"] for item in listing.get("Contents", [])]


@pytest.mark.django_db
def test_images_and_renditions_are_stored_in_the_bucket(s3_media):
    assert storages["default"].__class__.__name__ == "S3Storage"
    image = factories.SiteImageFactory(file=factories.image_file("knee.png"))
    rendition = image.get_rendition("fill-300x200")
    keys = bucket_keys(s3_media)
    assert image.file.name in keys
    assert rendition.file.name in keys
    assert rendition.file.name.startswith("images/")
    assert rendition.url.startswith("https://clinic-media.s3.amazonaws.com/images/")
    assert "Signature" not in rendition.url
    # Another upload with the same name does not replace the first file.
    second = factories.SiteImageFactory(file=factories.image_file("knee.png"))
    assert second.file.name != image.file.name
    assert len([key for key in bucket_keys(s3_media) if key.startswith("original_images/")]) == 2


CLOUDFLARE = {
    "cloudflare": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": "cf-token",
        "ZONEID": "zone-1",
    }
}


def publish_new_revision(page, title: str):
    page.title = title
    page.save_revision().publish()


@pytest.fixture(autouse=False)
def immediate_tasks(settings):
    """Wagtail queues the purge as a task: run it at once here."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.django_db
def test_publishing_purges_the_page_from_cloudflare(settings, home, immediate_tasks):
    settings.WAGTAILFRONTENDCACHE = CLOUDFLARE
    page = factories.StandardPageFactory(parent=home, title="Parking", slug="parking")
    with mock.patch("wagtail.contrib.frontend_cache.backends.cloudflare.requests.post") as post:
        post.return_value.json.return_value = {"success": True}
        publish_new_revision(page, "Parking and access")
    post.assert_called_once()
    (url,) = post.call_args.args
    assert url == "https://api.cloudflare.com/client/v4/zones/zone-1/purge_cache"
    assert post.call_args.kwargs["json"] == {"files": ["http://localhost/parking/"]}
    assert post.call_args.kwargs["headers"]["Authorization"] == "Bearer cf-token"


@pytest.mark.django_db
def test_unpublishing_purges_the_page_from_cloudfront(settings, home, immediate_tasks):
    settings.WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": "E123",
        }
    }
    page = factories.StandardPageFactory(parent=home, title="Parking", slug="parking")
    with mock.patch("boto3.client") as client:
        page.unpublish()
    client.assert_called_with(
        "cloudfront",
        aws_access_key_id=None,
        aws_secret_access_key=None,
        aws_session_token=None,
    )
    call = client.return_value.create_invalidation.call_args
    assert call.kwargs["DistributionId"] == "E123"
    assert call.kwargs["InvalidationBatch"]["Paths"] == {"Quantity": 1, "Items": ["/parking/"]}


@pytest.mark.django_db
def test_nothing_is_purged_without_a_cdn(settings, home, immediate_tasks):
    settings.WAGTAILFRONTENDCACHE = {}
    page = factories.StandardPageFactory(parent=home, title="Parking", slug="parking")
    with mock.patch("wagtail.contrib.frontend_cache.backends.cloudflare.requests.post") as post:
        publish_new_revision(page, "Parking and access")
    post.assert_not_called()
