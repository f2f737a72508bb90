"""The staff notification and patient confirmation: content, recipients, retries, once only."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bookings import actions, emails, notifications, tasks
from bookings.models import ConsultationRequest
from tests.bookings.helpers import STAFF_ADDRESS, patient_emails, staff_emails

Delivery = ConsultationRequest.Delivery
TASK_PATH = "bookings.tasks.send_consultation_notifications"

PERSONAL = {
    "name": "Éxample Ó'Patient-Test",
    "email": "patient.private@example.com",
    "phone": "(780) 555-0199",
    "message": "My left knee has hurt since my surgery in March.",
    "preferred_times": "Tuesdays after 4",
}


def everything_in(message) -> str:
    """Subject, headers, plain text and HTML of a message, as sent."""
    parts = [message.subject, message.body, str(message.message())]
    parts += [content for content, _ in message.alternatives]
    return "\n".join(parts)


def submit_personal(submit, **overrides):
    return submit(
        full_name=PERSONAL["name"],
        email=PERSONAL["email"],
        phone=PERSONAL["phone"],
        message=PERSONAL["message"],
        preferred_times=PERSONAL["preferred_times"],
        service="vestibular-therapy",
        **overrides,
    )


def move_clock_past_retries():
    """As if the back-off had passed: due attempts and deferred tasks become due now."""
    past = timezone.now() - timedelta(seconds=1)
    ConsultationRequest.objects.exclude(next_notification_at=None).update(next_notification_at=past)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)


def test_request_queues_one_task_on_commit(submit):
    submit()
    request = ConsultationRequest.objects.get()
    queued = DBTaskResult.objects.filter(task_path=TASK_PATH)
    assert queued.count() == 1
    assert queued.get().args_kwargs == {"args": [], "kwargs": {"request_id": request.pk}}


def test_worker_sends_staff_notification_and_patient_confirmation_once(submit, run_queue):
    submit()
    run_queue()
    run_queue()  # nothing left: nothing sent twice

    request = ConsultationRequest.objects.get()
    assert len(staff_emails()) == 1
    assert len(patient_emails()) == 1
    assert request.staff_notification == Delivery.SENT
    assert request.patient_confirmation == Delivery.SENT
    assert request.staff_notified_at and request.patient_confirmed_at
    assert request.next_notification_at is None
    assert request.notification_attempts == 1


def test_staff_email_carries_no_personal_or_health_information(submit, run_queue):
    submit_personal(submit)
    run_queue()
    request = ConsultationRequest.objects.get()

    [message] = staff_emails()
    sent = everything_in(message)
    for value in [*PERSONAL.values(), "+17805550199", "555-0199", "Vestibular", "vestibular"]:
        assert value not in sent, value
    assert request.reference in message.subject
    assert message.subject == f"New consultation request {request.reference}"
    admin_link = f"http://testserver/admin/consultation-requests/inspect/{request.pk}/"
    assert admin_link in message.body
    assert admin_link in message.alternatives[0].content
    assert "Healing Haven Physiotherapy" in message.body
    assert "(587) 735-6272" in message.body


def test_patient_confirmation_has_clinic_details_and_never_echoes_the_message(submit, run_queue):
    submit_personal(submit)
    run_queue()
    request = ConsultationRequest.objects.get()

    [message] = patient_emails(address=PERSONAL["email"])
    sent = everything_in(message)
    assert PERSONAL["message"] not in sent
    assert "knee" not in sent
    assert request.reference in message.subject
    assert "Healing Haven Physiotherapy" in message.body
    assert "(587) 735-6272" in message.body
    assert "What happens next" in message.body
    assert "We reply within one business day." in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert "What happens next" in message.alternatives[0].content
    assert message.reply_to == ["hello@healinghaven.test"]


def test_recipients_fall_back_to_the_setting(booking_site, submit, run_queue, settings):
    booking_site.clinic.consultation_recipients = ""
    booking_site.clinic.save()
    settings.CONSULTATION_NOTIFY_EMAILS = ["fallback@healinghaven.test"]

    submit()
    run_queue()

    assert [m.to for m in mail.outbox if "fallback@healinghaven.test" in m.to] == [
        ["fallback@healinghaven.test"]
    ]


def test_no_recipients_anywhere_is_a_visible_failure_that_is_retried(
    booking_site, submit, run_queue
):
    booking_site.clinic.consultation_recipients = ""
    booking_site.clinic.save()

    submit()
    run_queue()

    request = ConsultationRequest.objects.get()
    assert request.staff_notification == Delivery.FAILED
    assert request.patient_confirmation == Delivery.SENT  # one failure does not block the other
    assert "NoRecipients" in request.notification_error
    assert request.next_notification_at > timezone.now()


class FlakyMailer:
    """Stands in for emails.send: fails while `down`, records what it sent."""

    def __init__(self, down=True, exception=None):
        self.down = down
        self.exception = exception or ConnectionRefusedError(111, "refused")
        self.sent = []

    def __call__(self, message):
        if self.down:
            raise self.exception
        self.sent.append(message)


@pytest.fixture
def flaky_mailer(monkeypatch):
    mailer = FlakyMailer()
    monkeypatch.setattr(emails, "send", mailer)
    return mailer


def test_mail_outage_keeps_the_request_pending_and_retries_with_back_off(
    submit, run_queue, flaky_mailer
):
    response = submit()
    assert response.status_code == 303  # the patient never sees the outage
    run_queue()

    request = ConsultationRequest.objects.get()
    assert request.staff_notification == Delivery.FAILED
    assert request.patient_confirmation == Delivery.FAILED
    assert request.notification_attempts == 1
    assert request.notification_error == (
        "staff: ConnectionRefusedError errno 111; patient: ConnectionRefusedError errno 111"
    )
    # The retry is queued for later (30 s), not now.
    retry = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").get()
    assert timezone.now() + timedelta(seconds=20) < retry.run_after
    assert retry.run_after == request.next_notification_at

    move_clock_past_retries()
    run_queue()  # still down: the second wait is longer
    request.refresh_from_db()
    assert request.notification_attempts == 2
    assert request.next_notification_at > timezone.now() + timedelta(seconds=50)

    flaky_mailer.down = False
    move_clock_past_retries()
    run_queue()
    run_queue()

    request.refresh_from_db()
    assert request.staff_notification == Delivery.SENT
    assert request.patient_confirmation == Delivery.SENT
    assert request.notification_error == ""
    assert len(flaky_mailer.sent) == 2  # each email exactly once


def test_back_off_doubles_up_to_the_cap(settings):
    settings.CONSULTATION_NOTIFY_RETRY_BASE_SECONDS = 30
    settings.CONSULTATION_NOTIFY_RETRY_MAX_SECONDS = 3600
    delays = [notifications.retry_delay(n).total_seconds() for n in range(1, 10)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_retries_go_on_until_sent_by_default(submit, run_queue, flaky_mailer, settings):
    assert settings.CONSULTATION_NOTIFY_MAX_ATTEMPTS is None
    submit()
    for _ in range(4):
        run_queue()
        move_clock_past_retries()
    request = ConsultationRequest.objects.get()
    assert request.notification_attempts >= 4
    assert request.next_notification_at is not None  # still scheduled: never given up


def test_after_the_last_attempt_the_request_shows_failed(submit, run_queue, flaky_mailer, settings):
    settings.CONSULTATION_NOTIFY_MAX_ATTEMPTS = 2
    submit()
    run_queue()
    move_clock_past_retries()
    run_queue()

    request = ConsultationRequest.objects.get()
    assert request.notification_attempts == 2
    assert request.next_notification_at is None
    assert request.staff_notification == Delivery.FAILED
    assert "gave up after 2 attempts" in request.notifications_display
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()


def test_sent_email_is_not_sent_again_when_the_other_one_fails(submit, run_queue, monkeypatch):
    sent = []

    def send(message):
        if STAFF_ADDRESS not in message.to:
            raise TimeoutError("patient's server is slow")
        sent.append(message)

    monkeypatch.setattr(emails, "send", send)
    submit()
    run_queue()
    move_clock_past_retries()
    run_queue()

    request = ConsultationRequest.objects.get()
    assert request.staff_notification == Delivery.SENT
    assert request.patient_confirmation == Delivery.FAILED
    assert len(sent) == 1  # the staff email, once, despite two attempts


def test_duplicate_tasks_send_each_email_once(submit, run_queue):
    submit()
    request = ConsultationRequest.objects.get()
    for _ in range(3):  # a sweep and a retry racing the first task, say
        tasks.consultation_notifications_enqueue(request_id=request.pk)
    run_queue()

    assert len(staff_emails()) == 1
    assert len(patient_emails()) == 1


def test_a_request_held_by_another_worker_is_left_alone(submit, run_queue):
    submit()
    request = ConsultationRequest.objects.get()
    ConsultationRequest.objects.filter(pk=request.pk).update(
        notification_lock_until=timezone.now() + timedelta(minutes=5)
    )
    run_queue()
    assert mail.outbox == []

    # A worker that died while sending: its lease runs out and the sweep picks it up.
    ConsultationRequest.objects.filter(pk=request.pk).update(
        notification_lock_until=timezone.now() - timedelta(seconds=1),
        next_notification_at=timezone.now() - timedelta(minutes=5),
    )
    assert actions.consultation_notifications_sweep() == 1
    run_queue()
    assert len(staff_emails()) == 1


def test_sweep_requeues_a_lost_task(submit, run_queue):
    submit()
    DBTaskResult.objects.all().delete()  # the task was lost
    assert actions.consultation_notifications_sweep() == 0  # not overdue yet

    ConsultationRequest.objects.update(next_notification_at=timezone.now() - timedelta(minutes=2))
    assert actions.consultation_notifications_sweep() == 1
    run_queue()

    assert len(staff_emails()) == 1
    assert actions.consultation_notifications_sweep() == 0  # nothing left to do


def test_sweep_command_reports(submit, capsys):
    from django.core.management import call_command

    submit()
    ConsultationRequest.objects.update(next_notification_at=timezone.now() - timedelta(minutes=2))
    call_command("sweep_consultation_notifications")
    assert "Queued the emails of 1 consultation request(s)." in capsys.readouterr().out


def test_failure_details_never_include_addresses():
    import smtplib

    refused = smtplib.SMTPRecipientsRefused(
        {"patient.private@example.com": (550, b"5.1.1 <patient.private@example.com> unknown")}
    )
    assert notifications.safe_error(refused) == "SMTPRecipientsRefused 550"
    error = smtplib.SMTPDataError(554, b"rejected for patient.private@example.com")
    assert notifications.safe_error(error) == "SMTPDataError 554"
