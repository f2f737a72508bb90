"""No request gets a 500: a corpus of hostile requests through the production stack.

Each case is sent to gunicorn running the Dockerfile's command with the production
settings (conftest.py), as a browser behind the TLS proxy would send it, with the
consultation form's own CSRF cookie and token where a form post needs them, so the
request reaches the code that reads the body. Every answer must be below 500; some must
be exactly what a person would expect (a 400 for a body the site cannot read).
"""

import urllib.parse

import pytest

from tests.production.browser import Browser, forms_in

pytestmark = pytest.mark.production

FORM = "/book-a-consultation/"


@pytest.fixture(scope="module")
def visitor(production):
    """A visitor who has opened the form: its CSRF cookie and the form's hidden fields."""
    browser = Browser(client_ip="198.51.100.50")
    page = browser.get(production.port, FORM)
    assert page.status == 200
    form = next(f for f in forms_in(page.body) if "full_name" in f.fields)
    return browser, form


def form_fields(form, **changes) -> dict[str, str]:
    fields = {
        **form.fields,
        "full_name": "Hostile Test",
        "email": "hostile@example.test",
        "phone": "780-555-0100",
        "service": next(value for value in form.selects["service"] if value),
        "contact_method": form.radios["contact_method"][0],
        "consent": "on",
    }
    return fields | changes


def post_raw(production, visitor, body: bytes, content_type: str, path: str = FORM):
    browser, _form = visitor
    return browser.request(production.port, "POST", path, body, {"Content-Type": content_type})


def urlencoded(fields: dict[str, str]) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def multipart(fields: dict[str, str], boundary: str = "hostile-boundary") -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


def test_a_body_in_a_charset_the_site_cannot_read_gets_a_400(production, visitor):
    _browser, form = visitor
    text = urllib.parse.urlencode(form_fields(form))
    for charset, body in (
        ("utf-16", text.encode("utf-16")),
        ("utf-16", multipart(form_fields(form)).decode().encode("utf-16")),
        ("latin-1", text.encode("latin-1")),
        ("no-such-charset", text.encode()),
    ):
        for content_type in (
            f"application/x-www-form-urlencoded; charset={charset}",
            f"multipart/form-data; boundary=hostile-boundary; charset={charset}",
        ):
            reply = post_raw(production, visitor, body, content_type)
            assert reply.status == 400, (content_type, reply.status)
            assert "character set" in reply.text


CASES = {
    "oversize body": lambda f: (
        urlencoded(form_fields(f, message="x" * (3 * 1024 * 1024))),
        "application/x-www-form-urlencoded",
    ),
    "10,001 fields": lambda f: (
        urlencoded(form_fields(f)) + b"&" + b"&".join(b"f%d=x" % n for n in range(10_001)),
        "application/x-www-form-urlencoded",
    ),
    "truncated multipart": lambda f: (
        multipart(form_fields(f))[:-40],
        "multipart/form-data; boundary=hostile-boundary",
    ),
    "multipart without a boundary": lambda f: (
        multipart(form_fields(f)),
        "multipart/form-data",
    ),
    "control characters": lambda f: (
        urlencoded(
            form_fields(
                f,
                full_name="Null\x00Name\x1b[31m",
                message="\u202eevil\u0007bell\r\nX-Injected: 1",
                preferred_times="\x0c\x0b\x7f",
            )
        ),
        "application/x-www-form-urlencoded",
    ),
    "invalid UTF-8": lambda f: (
        urlencoded(form_fields(f)) + b"&message=%FF%FE%C3",
        "application/x-www-form-urlencoded",
    ),
    "a JSON body": lambda f: (b'{"full_name": "x"}', "application/json"),
    "a file where a field goes": lambda f: (
        multipart(form_fields(f)).replace(
            b'name="message"', b'name="message"; filename="../../etc/passwd"'
        ),
        "multipart/form-data; boundary=hostile-boundary",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_hostile_form_post_never_gets_a_server_error(production, visitor, case):
    _browser, form = visitor
    body, content_type = CASES[case](form)
    reply = post_raw(production, visitor, body, content_type)
    assert reply.status < 500, (case, reply.status, reply.text[:500])


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/", {"Host": "evil.example"}),
        ("GET", "/", {"Host": "localhost:99999"}),
        ("GET", "/search/?q=" + "%FF" * 50, {}),
        ("GET", "/search/?q=" + "a" * 5000, {}),
        ("GET", "/search/?q=%00", {}),
        ("GET", "/blog/?page=-1", {}),
        ("GET", "/blog/?page=99999999999999999999999", {}),
        ("GET", "/%00", {}),
        ("GET", "/" + "a/" * 500, {}),
        ("GET", "/services/%ff%fe/", {}),
        ("GET", "/", {"Cookie": "__Host-sessionid=\x7f\x01garbage; =; ;;"}),
        ("GET", "/", {"Accept-Encoding": "gzip;q=not-a-number, *;q=-1"}),
        ("GET", "/", {"If-None-Match": '"' + "x" * 5000 + '"', "If-Modified-Since": "yesterday"}),
        ("POST", "/search/?q=needling", {"Content-Type": "application/x-www-form-urlencoded"}),
        ("PUT", FORM, {"Content-Type": "application/x-www-form-urlencoded"}),
        ("DELETE", "/", {}),
        ("OPTIONS", "/", {}),
        ("POST", "/admin/login/", {"Content-Type": "application/x-www-form-urlencoded"}),
    ],
)
def test_a_hostile_request_never_gets_a_server_error(production, visitor, method, path, headers):
    browser, _form = visitor
    reply = browser.request(production.port, method, path, b"username=%00&password=x", headers)
    assert reply.status < 500, (method, path, reply.status, reply.text[:500])
