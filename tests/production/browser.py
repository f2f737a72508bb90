"""A tiny HTTP client for the production tests: cookies, forms, multipart uploads.

It talks to gunicorn on loopback as a browser behind the TLS proxy would (Host localhost,
X-Forwarded-Proto https), so the production settings' __Host- secure cookies work.
"""

import http.client
import secrets
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    radios: dict[str, list[str]] = field(default_factory=dict)
    selects: dict[str, list[str]] = field(default_factory=dict)


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(attrs.get("action", ""), attrs.get("method", "get").lower()))
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "radio":
                form.radios.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind == "checkbox":
                if "checked" in attrs:
                    form.fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                form.fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            form.selects[name] = []
        elif tag == "option" and self._select:
            form.selects[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            form.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data


def forms_in(html: bytes) -> list[Form]:
    parser = FormParser()
    parser.feed(html.decode())
    return parser.forms


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


class Browser:
    """One visitor: a cookie jar shared across every app server it talks to."""

    def __init__(self, client_ip: str = "127.0.0.1"):
        self.cookies: dict[str, str] = {}
        self.client_ip = client_ip

    def request(
        self,
        port: int,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict | None = None,
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        sent = {
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_ip,
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent.setdefault("Origin", "https://localhost")
            sent.setdefault("Referer", f"https://localhost{path}")
        conn.request(method, path, body=body, headers=sent)
        raw = conn.getresponse()
        reply = Reply(raw.status, raw.headers, raw.read())
        conn.close()
        for cookie in raw.headers.get_all("Set-Cookie") or []:
            pair = cookie.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if value and "expires=Thu, 01 Jan 1970" not in cookie:
                self.cookies[name.strip()] = value.strip()
            else:
                self.cookies.pop(name.strip(), None)
        return reply

    def get(self, port: int, path: str) -> Reply:
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, data: dict[str, str]) -> Reply:
        body = urllib.parse.urlencode(data).encode()
        return self.request(
            port, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_multipart(
        self, port: int, path: str, data: dict[str, str], files: dict[str, tuple[str, bytes]]
    ) -> Reply:
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in data.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            port,
            "POST",
            path,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
