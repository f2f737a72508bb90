"""What the report and the dashboard panel show, from the daily totals and the requests."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.utils import timezone
from wagtail.models import Page

from blog.models import BlogPage
from bookings.records import ConsultationRequest
from services.models import ServicePage
from visits.models import PageViews, Referrals

PERIODS = (7, 30, 90)
CHART_HEIGHT = 24
BAR_WIDTH = 3  # and one unit of gap


def user_can_see_visits(user) -> bool:
    return user.has_perm("visits.view_pageviews")


def first_day(days: int, today: date) -> date:
    return today - timedelta(days=days - 1)


def first_moment(days: int, today: date) -> datetime:
    """The start of the period's first day, in the clinic's time zone."""
    return timezone.make_aware(datetime.combine(first_day(days, today), time.min))


def chart(per_day: dict[date, int], days: list[date]) -> dict:
    """Bars of an inline SVG, one a day, the highest day full height."""
    most = max(per_day.values(), default=0)
    bars = []
    for index, day in enumerate(days):
        height = round(per_day.get(day, 0) / (most or 1) * CHART_HEIGHT)
        bars.append({"x": index * (BAR_WIDTH + 1), "y": CHART_HEIGHT - height, "height": height})
    return {
        "bars": bars,
        "width": len(days) * (BAR_WIDTH + 1),
        "height": CHART_HEIGHT,
        "label": (f"Views each day over the last {len(days)} days: at most {most} a day"),
    }


def pages(*, days: int, today: date, limit: int | None = None) -> list[dict]:
    """Each page (or path, when it led to no page) with its views in the period and a
    chart of them, most viewed first."""
    since = first_day(days, today)
    totals, per_day, paths = defaultdict(int), defaultdict(dict), {}
    rows = PageViews.objects.filter(day__gte=since, day__lte=today)
    for page_id, path, day, views in rows.values_list("page_id", "path", "day", "views"):
        key = page_id or path
        totals[key] += views
        per_day[key][day] = per_day[key].get(day, 0) + views
        paths.setdefault(key, path)
    ranked = sorted(totals, key=lambda key: (-totals[key], paths[key]))[:limit]
    titles = Page.objects.in_bulk([key for key in ranked if isinstance(key, int)])
    calendar = [since + timedelta(days=n) for n in range(days)]
    return [
        {
            "page": titles.get(key),
            "path": paths[key],
            "views": totals[key],
            "chart": chart(per_day[key], calendar),
        }
        for key in ranked
    ]


def referrers(*, days: int, today: date) -> list[dict]:
    return list(
        Referrals.objects.filter(day__gte=first_day(days, today), day__lte=today)
        .values("domain")
        .annotate(visits=Sum("visits"))
        .order_by("-visits", "domain")[:50]
    )


def kind_of(page) -> str:
    if page is None:
        return "Not known"
    return {ServicePage: "Service", BlogPage: "Post"}.get(page.specific_class, "Other page")


def requests_by_page(*, days: int, today: date) -> list[dict]:
    """Consultation requests received in the period, by the page they were asked from:
    services first, then posts, other pages, and requests from no known page."""
    counts = (
        ConsultationRequest.objects.filter(created_at__gte=first_moment(days, today))
        .values_list("came_from")
        .order_by()
        .annotate(requests=Count("pk"))
    )
    found = Page.objects.in_bulk([page_id for page_id, _ in counts if page_id])
    order = ["Service", "Post", "Other page", "Not known"]
    rows = [
        {"kind": kind_of(found.get(page_id)), "page": found.get(page_id), "requests": n}
        for page_id, n in counts
    ]
    return sorted(rows, key=lambda row: (order.index(row["kind"]), -row["requests"]))


def week(today: date) -> dict:
    """The dashboard's summary: views in the last seven days, the top pages, requests."""
    every = pages(days=7, today=today)
    return {
        "views": sum(row["views"] for row in every),
        "top": every[:5],
        "requests": ConsultationRequest.objects.filter(
            created_at__gte=first_moment(7, today)
        ).count(),
    }
