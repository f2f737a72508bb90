"""Conditions, blog categories and authors are edited in the admin as snippets."""

import pytest
from django.urls import reverse

from blog.models import Author, BlogCategory
from services.models import Condition
from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "make", "data"),
    [
        (
            Condition,
            factories.ConditionFactory,
            {"name": "Tennis elbow", "slug": "tennis-elbow", "summary": "Pain outside the elbow."},
        ),
        (
            BlogCategory,
            factories.BlogCategoryFactory,
            {"name": "Wellness", "slug": "wellness", "description": ""},
        ),
        (Author, factories.AuthorFactory, {"name": "Clinic team", "role": ""}),
    ],
)
def test_snippet_can_be_listed_and_added(admin_client, model, make, data):
    existing = make()
    meta = model._meta
    list_url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")
    response = admin_client.get(list_url)
    assert response.status_code == 200
    assert str(existing) in response.content.decode()

    add_url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:add")
    response = admin_client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:1000]
    assert model.objects.filter(name=data["name"]).exists()
