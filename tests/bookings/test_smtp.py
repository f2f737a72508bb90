"""A real SMTP server on loopback (aiosmtpd): delivered once, survives an outage, times out."""

import socket
import threading
import time
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from bookings.models import ConsultationRequest
from healinghaven.settings.environment import mailer_from_url
from tests.bookings.helpers import STAFF_ADDRESS
from tests.bookings.test_notifications import move_clock_past_retries

Delivery = ConsultationRequest.Delivery


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=default_policy))
        )
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for rcpt_tos, message in self.messages if address in rcpt_tos]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer(free_port())
    settings.MAILERS = {"default": mailer_from_url(f"smtp://127.0.0.1:{server.port}?timeout=2")}
    server.start()
    yield server
    server.stop()


def test_request_is_delivered_once_over_smtp(submit, run_queue, smtp_server):
    submit()
    run_queue()
    run_queue()

    request = ConsultationRequest.objects.get()
    [staff] = smtp_server.inbox.to(STAFF_ADDRESS)
    [patient] = smtp_server.inbox.to("patient@example.com")
    assert staff["Subject"] == f"New consultation request {request.reference}"
    assert staff.get_body(("plain",)) and staff.get_body(("html",))  # both parts arrived
    assert "Example Patient" not in staff.as_string()
    assert request.reference in patient["Subject"]
    assert request.staff_notification == Delivery.SENT


def test_request_is_kept_when_smtp_is_down_and_sent_once_when_it_returns(
    client, submit, run_queue, smtp_server
):
    smtp_server.stop()

    response = submit()
    assert response.status_code == 303
    assert client.get(response["Location"]).status_code == 200  # the patient's thank-you
    run_queue()

    request = ConsultationRequest.objects.get()
    assert request.staff_notification == Delivery.FAILED
    assert request.patient_confirmation == Delivery.FAILED
    assert request.notification_error.startswith("staff: ConnectionRefusedError")
    assert smtp_server.inbox.messages == []

    smtp_server.start()
    move_clock_past_retries()
    run_queue()
    # A late sweep and another pass of the worker change nothing.
    move_clock_past_retries()
    run_queue(periodic=True)

    request.refresh_from_db()
    assert request.staff_notification == Delivery.SENT
    assert request.patient_confirmation == Delivery.SENT
    assert len(smtp_server.inbox.to(STAFF_ADDRESS)) == 1
    assert len(smtp_server.inbox.to("patient@example.com")) == 1


@pytest.fixture
def silent_server(settings):
    """A server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.MAILERS = {"default": mailer_from_url(f"smtp://127.0.0.1:{port}?timeout=1")}
    yield
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


def test_a_mail_server_that_never_answers_cannot_hang_the_worker(submit, run_queue, silent_server):
    submit()
    started = time.monotonic()
    run_queue()

    # Two emails, each given up after the 1 s timeout: the worker moves on.
    assert 1 < time.monotonic() - started < 10
    request = ConsultationRequest.objects.get()
    assert request.staff_notification == Delivery.FAILED
    assert request.notification_error.startswith("staff: SMTPServerDisconnected")
    assert request.next_notification_at is not None  # and it will be retried
