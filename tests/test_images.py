"""Images: <picture> with AVIF and WebP, sizes always set, the hero first and the rest lazy,
and renditions made when an image is uploaded, not when a visitor first asks."""

import re

import pytest

from healinghaven.images import ALL_RENDITIONS
from healinghaven.models import SiteImage
from healinghaven.tasks import make_renditions, renditions_make
from tests import factories


@pytest.fixture
def post(blog_index):
    first = factories.BlogPageFactory(parent=blog_index, slug="first")
    factories.BlogPageFactory(parent=blog_index, slug="second")
    return first


def img_tags(html: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", html)


@pytest.mark.django_db
def test_a_post_shows_its_hero_as_an_eager_picture_and_cards_lazy(client, clinic, post):
    html = client.get(post.url).content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) >= 2  # the hero and a related post's card
    hero, card = pictures[0], pictures[1]
    assert 'type="image/avif"' in hero and 'type="image/webp"' in hero
    assert "sizes=" in hero and "srcset=" in hero
    hero_img = img_tags(hero)[0]
    assert 'fetchpriority="high"' in hero_img and 'loading="eager"' in hero_img
    assert f'alt="{post.hero_image.description}"' in hero_img
    assert 'loading="lazy"' in img_tags(card)[0]
    for tag in img_tags(html):
        assert re.search(r'\swidth="\d+"', tag) and re.search(r'\sheight="\d+"', tag), tag


@pytest.mark.django_db
def test_an_uploaded_image_has_its_renditions_made_by_a_task(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        image = factories.SiteImageFactory()
    assert callbacks, "no task queued on commit"
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path=make_renditions.module_path)
    assert queued.exists()
    assert image.renditions.count() == 0  # the upload did not wait for them

    assert renditions_make(image_id=image.pk) == len(set(ALL_RENDITIONS))
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(ALL_RENDITIONS)


@pytest.mark.django_db
def test_renditions_of_a_deleted_image_are_skipped():
    image = factories.SiteImageFactory()
    pk = image.pk
    SiteImage.objects.filter(pk=pk).delete()
    assert renditions_make(image_id=pk) == 0


@pytest.mark.django_db
def test_the_demo_loader_can_make_the_renditions_at_once(home, monkeypatch):
    from healinghaven.demo.loader import DemoContentLoader

    factories.smaller_demo_pictures(monkeypatch, size=(320, 180))  # what is made, not how well
    DemoContentLoader().load(make_renditions=True)
    image = SiteImage.objects.order_by("pk").first()
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(ALL_RENDITIONS)
