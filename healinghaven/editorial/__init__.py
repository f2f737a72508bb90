"""What editors see besides the pages themselves: what the content lead reads.

- `advertising.py`: the College's advertising rules, as phrases with the rule each breaks.
- `review.py`: clinical review of health content (who reviewed a page, and when next).
- `reports.py`: the "Clinical reviews due" report.
- `dashboard.py`: the admin dashboard's panels (it lists every app's pages: top layer).
- `checklist.py`: the go-live checklist on the dashboard (it reads the team app: top layer).
- `guide.py`: the editor guide (docs/editor-guide.md) inside the admin.
"""
