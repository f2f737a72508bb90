"""Demo content for the Healing Haven site, loaded by `manage.py load_demo_content`.

The words live in `site_pages`, `service_pages` and `blog_posts` (data only, shaped by
`specs`); `images` draws the placeholder pictures; `loader` puts it all in the database.
"""
