"""What a page tells search engines and social networks.

- `schema.py`: schema.org builders every app uses (the clinic, breadcrumbs, people,
  reviews, FAQs) and the escaping of JSON-LD.
- `healinghaven/templatetags/seo_tags.py`: the head's tags (title, description,
  canonical URL, Open Graph) and the site-wide JSON-LD.
- Each app builds its own types: `blog/seo.py` (BlogPosting), `services/seo.py`
  (MedicalWebPage, Therapy, MedicalCondition), with their tags in the app's templatetags.
"""
