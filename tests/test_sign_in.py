"""Staff sign-in resists guessing: lockouts (django-axes), passwords, two-factor codes."""

import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from healinghaven.staff import two_factor
from tests.staff import PASSWORD, member

LOGIN = "/admin/login/"


def sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


# --- lockout -----------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    return member("Editors", username="editor")


def test_wrong_passwords_lock_the_account_for_that_client(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "editor", "wrong-password")
        assert response.status_code == 200  # the sign-in form again, with its error
    locked = sign_in(client, "editor", "wrong-password")
    assert locked.status_code == 429
    assert b"Sign-in paused" in locked.content
    assert b"15 minutes" in locked.content
    # Even the right password is refused while the lock lasts.
    again = sign_in(client, "editor", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong-password", REMOTE_ADDR="198.51.100.7")
    assert sign_in(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    # The same person from the clinic's own connection still gets in.
    response = sign_in(client, "editor", PASSWORD, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_forged_forwarded_header_does_not_escape_the_lock(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(
            client, "editor", "wrong-password", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_client_address_is_used(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    # The client's own address is locked, even with a forged address in front of it...
    forged = "1.2.3.4, 198.51.100.7"
    assert (
        sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    )
    # ...but not everyone behind the same proxy.
    response = sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.10", **proxy)
    assert response.status_code == 302


def test_lockout_logs_name_no_user_or_address(client, editor, settings, caplog):
    caplog.set_level(logging.INFO, logger="axes")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong-password", REMOTE_ADDR="198.51.100.7")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "locking out client" in text.lower()
    assert "editor" not in text and "198.51.100.7" not in text


@pytest.mark.parametrize("password", ["short-1", "password12345", "123456789012345"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


# --- two-factor ----------------------------------------------------------------------------


@pytest.fixture
def require_two_factor(settings):
    settings.ADMIN_REQUIRE_TWO_FACTOR = True


def app_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_without_the_requirement_the_admin_opens_after_the_password(client, editor):
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_an_unverified_session_is_refused_and_sent_to_set_up(client, editor, require_two_factor):
    client.force_login(editor)
    for path in (reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_setup"))


def test_a_user_with_an_app_is_asked_for_a_code(client, editor, require_two_factor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the next test covers the pause after a wrong code
    device = app_device(editor)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response["Location"] == f"{reverse('two_factor_verify')}?next=%2Fadmin%2F"

    wrong = client.post(reverse("two_factor_verify"), {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert b"That code is not right" in wrong.content
    assert client.get(reverse("wagtailadmin_home")).status_code == 302

    right = client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_after_a_wrong_code_even_the_right_one_waits(client, editor, require_two_factor):
    device = app_device(editor)
    client.force_login(editor)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 200
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_verify_never_redirects_off_site(client, editor, require_two_factor):
    device = app_device(editor)
    client.force_login(editor)
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_set_up_confirms_the_app_and_shows_recovery_codes_once(client, editor, require_two_factor):
    client.force_login(editor)
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content  # the QR code, drawn here
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(response["Location"])
    codes = StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    for code in codes:
        assert code.encode() in codes_page.content
    assert b"recovery-codes" not in client.get(reverse("two_factor_recovery")).content
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_recovery_code_signs_in_once(client, editor, require_two_factor):
    app_device(editor)
    (code,) = two_factor.new_recovery_codes(editor)[:1]
    client.force_login(editor)
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    client.logout()
    client.force_login(editor)
    again = client.post(reverse("two_factor_verify"), {"code": code})
    assert again.status_code == 200
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_the_password_alone_cannot_add_another_app(client, editor, require_two_factor):
    app_device(editor)
    client.force_login(editor)
    response = client.get(reverse("two_factor_setup"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=editor, confirmed=False).exists()


def test_the_public_site_does_not_ask_for_a_code(client, editor, home, require_two_factor):
    client.force_login(editor)
    assert client.get("/").status_code == 200


def test_the_two_factor_pages_run_under_the_strict_policy(client, editor, require_two_factor):
    client.force_login(editor)
    response = client.get(reverse("two_factor_setup"))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "no-cache" in response["Cache-Control"]


def test_an_administrator_can_reset_a_lost_phone(editor):
    from django.core.management import call_command

    app_device(editor)
    two_factor.new_recovery_codes(editor)
    call_command("reset_two_factor", "editor")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticToken.objects.filter(device__user=editor).exists()


def test_what_the_two_factor_pages_load_is_not_redirected(client, editor, require_two_factor):
    client.force_login(editor)
    for name in ("wagtailadmin_sprite", "wagtailadmin_javascript_catalog"):
        assert client.get(reverse(name)).status_code == 200, name


def test_password_reset_links_use_the_public_address(client, editor, settings, mailoutbox):
    settings.WAGTAILADMIN_BASE_URL = "https://www.healinghaven.example"
    response = client.post(
        reverse("wagtailadmin_password_reset"),
        {"email": editor.email},
        HTTP_HOST="localhost:8000",  # the address the request came in on
    )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert "https://www.healinghaven.example/admin/password_reset/confirm/" in message.body
    assert "localhost" not in message.body
