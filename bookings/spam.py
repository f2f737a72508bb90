"""Stopping spam without third parties: a signed form token, a honeypot, a rate limit.

The form token is signed (django.core.signing) and carries a random id, the time the
form was shown and the page the patient came from (visits report). The id makes a
resubmission find the request it already created; the time gives the minimum fill time. The rate limit counts the requests each client had accepted
in the last few minutes, in the database: it holds across app servers and needs no cache.
A client is known by a keyed digest of its address (no address is stored), and the
digest is erased from a request once the window has passed (periodic.py).
"""

import secrets
import time
from dataclasses import dataclass, replace
from enum import StrEnum

from django.core import signing
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from bookings import conf
from healinghaven.staff.security import client_ip

TOKEN_SALT = "bookings.consultation-form"  # noqa: S105 - a namespace, not a secret
HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"  # noqa: S105 - a field name


class Refusal(StrEnum):
    """Why a post was refused. The messages say what to do, not what tripped."""

    REJECTED = "rejected"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    RATE_LIMITED = "rate_limited"


REFUSAL_MESSAGES = {
    Refusal.REJECTED: (
        "Sorry, we could not accept this form. Please check your details and press "
        "“Send request” again, or call us."
    ),
    Refusal.TOO_FAST: "Please check your details, then press “Send request” again.",
    Refusal.EXPIRED: (
        "This page was open for a long time, so please check your details and press "
        "“Send request” again."
    ),
    Refusal.RATE_LIMITED: (
        "We have received many requests from your connection in the last few minutes. "
        "Please wait a few minutes and try again, or call us."
    ),
}
# The HTTP status of each refusal; the others are 200, a page to correct and send again.
REFUSAL_STATUS = {Refusal.REJECTED: 400, Refusal.RATE_LIMITED: 429}


@dataclass(frozen=True)
class FormToken:
    value: str
    issued_at: float
    # The id of the page whose "Book a consultation" link opened the form, if any.
    came_from: int | None = None

    @classmethod
    def new(cls, *, came_from: int | None = None) -> "FormToken":
        return cls(value=secrets.token_urlsafe(24), issued_at=time.time(), came_from=came_from)

    def sign(self) -> str:
        data = {"id": self.value, "at": self.issued_at, "from": self.came_from}
        return signing.dumps(data, salt=TOKEN_SALT)

    @property
    def age(self) -> float:
        return time.time() - self.issued_at


class TokenExpired(Exception):
    pass


def read_form_token(signed: str) -> FormToken | None:
    """The token the form was rendered with; None when missing or tampered with.

    Raises TokenExpired when the signature is good but older than the max age.
    """
    if not signed or len(signed) > 500:
        return None
    try:
        data = signing.loads(
            signed, salt=TOKEN_SALT, max_age=conf.get("CONSULTATION_FORM_MAX_AGE_SECONDS")
        )
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("id"), str)
        or not isinstance(data.get("at"), int | float)
    ):
        return None
    came_from = data.get("from")
    token = FormToken(
        value=data["id"],
        issued_at=float(data["at"]),
        came_from=came_from if isinstance(came_from, int) else None,
    )
    if token.age > conf.get("CONSULTATION_FORM_MAX_AGE_SECONDS"):
        raise TokenExpired
    return token


def filled_too_fast(token: FormToken) -> bool:
    return token.age < conf.get("CONSULTATION_MIN_FILL_SECONDS")


def asked_once(token: FormToken) -> FormToken:
    """The token for a form sent too fast and shown again: old enough now, so pressing
    "Send request" once more sends it, however quick the patient is."""
    return replace(token, issued_at=time.time() - conf.get("CONSULTATION_MIN_FILL_SECONDS"))


def honeypot_filled(data) -> bool:
    return bool(data.get(HONEYPOT_FIELD, "").strip())


def client_digest(request: HttpRequest) -> str:
    """Who is asking, for the rate limit: the client's address (the same answer the sign-in
    lockout and the logs use: TRUSTED_PROXY_COUNT), keyed with the site's secret so the
    digest cannot be turned back into the address by trying them all."""
    return salted_hmac(TOKEN_SALT, client_ip(request), algorithm="sha256").hexdigest()[:32]


def rate_limited(accepted_in_window) -> bool:
    """True when a client's requests accepted within the window (a queryset) reach the limit."""
    limit, _window = conf.get("CONSULTATION_RATE_LIMIT")
    return bool(limit) and accepted_in_window.count() >= limit


def refusal(data, *, token: FormToken | None, expired: bool, accepted_lately) -> Refusal | None:
    """Why an otherwise valid request is refused, or None to accept it.

    A script fills the hidden field or sends no token of ours; a form open for a day is
    sent again; a form sent within seconds of showing is sent again once (a person who is
    quick just presses again); and a client whose accepted requests reach the limit waits.
    """
    if honeypot_filled(data) or (token is None and not expired):
        return Refusal.REJECTED
    if expired:
        return Refusal.EXPIRED
    if filled_too_fast(token):
        return Refusal.TOO_FAST
    if rate_limited(accepted_lately):
        return Refusal.RATE_LIMITED
    return None
