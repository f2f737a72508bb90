"""Background tasks, run by the django-tasks-db worker (`manage.py run_worker`)."""

from django.tasks import task

from . import actions


@task()
def send_consultation_notifications(request_id: int) -> str:
    """Send a request's staff notification and patient confirmation; retry on failure."""
    return actions.consultation_notifications_deliver(request_id=request_id).outcome
