"""Opening hours are grouped for reading: consecutive days with the same hours together."""

from datetime import time
from types import SimpleNamespace

from healinghaven.hours import group_opening_hours


def row(day, opens, closes):
    return SimpleNamespace(weekday=day, opens=time(opens), closes=time(closes))


def test_consecutive_days_with_same_hours_group():
    rows = [row(d, 8, 19) for d in range(5)] + [row(5, 9, 14)]
    groups = group_opening_hours(rows)
    assert [g["days"] for g in groups] == ["Monday – Friday", "Saturday"]
    assert groups[0]["spans"] == [(time(8), time(19))]


def test_a_gap_splits_a_group():
    rows = [row(0, 8, 17), row(1, 8, 17), row(3, 8, 17)]
    assert [g["days"] for g in group_opening_hours(rows)] == ["Monday – Tuesday", "Thursday"]


def test_split_days_keep_both_spans_and_order_does_not_matter():
    rows = [row(2, 13, 18), row(2, 8, 12), row(1, 8, 12), row(1, 13, 18)]
    groups = group_opening_hours(rows)
    assert [g["days"] for g in groups] == ["Tuesday – Wednesday"]
    assert groups[0]["spans"] == [(time(8), time(12)), (time(13), time(18))]


def test_no_rows_no_groups():
    assert group_opening_hours([]) == []
