"""Site search, the top layer of the site: it may read every app (blog, services), and no
app reads it. `query.py` finds and ranks the hits; `views.py` is the /search/ page."""
