"""Two-factor sign-in for staff: an authenticator app (TOTP) and one-time recovery codes.

django-otp stores the devices and checks the codes; this module adds the pages staff use
and the rule that enforces them. With `ADMIN_REQUIRE_TWO_FACTOR` on (the production
default), a signed-in user who has not entered a code in this session reaches no admin page
but these: the code page if they have an authenticator, the set-up page otherwise.

- `/admin/two-factor/`: enter a code from the app, or a recovery code (each works once).
- `/admin/two-factor/setup/`: scan a QR code (or type the key), confirm with a code, and
  get ten recovery codes. Someone who only knows the password cannot add an app to an
  account that already has one: that needs a verified session.
- `/admin/two-factor/recovery/`: new recovery codes (the old ones stop working).

A member of staff who lost both phone and codes: an administrator runs
`manage.py reset_two_factor USERNAME`, and the user sets up again at the next sign-in.
"""

import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
SESSION_NEW_CODES = "two_factor_new_recovery_codes"
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The six-digit code your authenticator app shows now, or one recovery code.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").replace("-", "").strip()


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _qr_svg_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with fresh ones and return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.confirmed = True
    device.save()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
@login_required(login_url="wagtailadmin_login")
def verify(request):
    if not user_has_device(request.user):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _safe_next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error(
            "code",
            "That code is not right, or has been used. Wait a few seconds and try the current one.",
        )
    return render(
        request, "healinghaven/two_factor/verify.html", {"form": form, "next": _safe_next(request)}
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
def setup(request):
    user = request.user
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if has_app and not user.is_verified():
        # Only a session that has already passed two-factor may add another app.
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.path})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user, confirmed=True).delete()
                device.confirmed = True
                device.save()
                request.session[SESSION_NEW_CODES] = new_recovery_codes(user)
            otp_login(request, device)
            return redirect(
                f"{reverse('two_factor_recovery')}?{urlencode({'next': _safe_next(request)})}"
            )
        form.add_error("code", "That code is not right. Check the phone's clock and try again.")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "healinghaven/two_factor/setup.html",
        {
            "form": form,
            "qr_code": _qr_svg_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _safe_next(request),
        },
    )


@never_cache
@login_required(login_url="wagtailadmin_login")
def recovery(request):
    if not request.user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        request.session[SESSION_NEW_CODES] = new_recovery_codes(request.user)
        return redirect("two_factor_recovery")
    codes = request.session.pop(SESSION_NEW_CODES, None)
    remaining = StaticToken.objects.filter(
        device__user=request.user, device__name=RECOVERY_DEVICE_NAME
    ).count()
    return render(
        request,
        "healinghaven/two_factor/recovery.html",
        {"codes": codes, "remaining": remaining, "next": _safe_next(request)},
    )


class RequireTwoFactorMiddleware:
    """With ADMIN_REQUIRE_TWO_FACTOR on, admin pages need a session that passed two-factor.

    Sits after django-otp's OTPMiddleware (which gives `request.user.is_verified()`).
    Signing in and out, password resets, the two-factor pages themselves and the icon sprite
    and translations those pages load stay open.
    """

    OPEN_URL_NAMES = (
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "two_factor_verify",
        "two_factor_setup",
        # What every admin page loads, these pages included: icons and translations.
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.ADMIN_REQUIRE_TWO_FACTOR and self._needs_code(request):
            target = "two_factor_verify" if user_has_device(request.user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _needs_code(self, request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return False
        path = request.path
        if not path.startswith(reverse("wagtailadmin_home")):
            return False
        return not any(path.startswith(reverse(name)) for name in self.OPEN_URL_NAMES)
