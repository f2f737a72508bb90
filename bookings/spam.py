"""Stopping spam without third parties: a signed form token, a honeypot, a rate limit.

The form token is signed (django.core.signing) and carries a random id and the time the
form was shown. The id makes a resubmission find the request it already created; the time
gives the minimum fill time. The rate limit counts posts per client in Django's cache, so
it works with local memory now and a shared cache (Redis) later.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from . import conf

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
    Refusal.TOO_FAST: ("Please check your details, then press “Send request” again to send them."),
    Refusal.EXPIRED: (
        "This page was open for a long time, so please check your details and press "
        "“Send request” again."
    ),
    Refusal.RATE_LIMITED: (
        "We have received several requests from your connection in the last few minutes. "
        "Please wait a few minutes and try again, or call us."
    ),
}


@dataclass(frozen=True)
class FormToken:
    value: str
    issued_at: float

    @classmethod
    def new(cls) -> "FormToken":
        return cls(value=secrets.token_urlsafe(24), issued_at=time.time())

    def sign(self) -> str:
        return signing.dumps({"id": self.value, "at": self.issued_at}, salt=TOKEN_SALT)

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
    token = FormToken(value=data["id"], issued_at=float(data["at"]))
    if token.age > conf.get("CONSULTATION_FORM_MAX_AGE_SECONDS"):
        raise TokenExpired
    return token


def filled_too_fast(token: FormToken) -> bool:
    return token.age < conf.get("CONSULTATION_MIN_FILL_SECONDS")


def honeypot_filled(data) -> bool:
    return bool(data.get(HONEYPOT_FIELD, "").strip())


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the last address in a header that a trusted proxy sets."""
    header = conf.get("CONSULTATION_CLIENT_IP_HEADER")
    if header:
        addresses = [part.strip() for part in request.META.get(header, "").split(",")]
        addresses = [address for address in addresses if address]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(request: HttpRequest) -> bool:
    """Count this post against the client's allowance; True when it is over."""
    limit, window = conf.get("CONSULTATION_RATE_LIMIT")
    if not limit:
        return False
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"bookings:rate:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
