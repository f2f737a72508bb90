"""Visits, counted without personal data: views per page per day, referring sites.

- middleware.py counts each page view by a person (not bots, not signed-in staff), cached
  pages included, in the shared cache: no cookie, address, user agent or fingerprint.
- counting.py keeps those counters and folds them into daily totals (models.py) from the
  worker's periodic jobs, and deletes totals older than two years.
- views.py and wagtail_hooks.py: the report under Reports and the dashboard panel, which
  also show the page each consultation request was asked from (bookings' `came_from`).
"""
