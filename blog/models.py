"""The clinic's blog: dated posts with images, categories, authors and related services."""

import math

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Exists, Max, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from healinghaven.blocks import BodyBlock, stream_strings
from healinghaven.caching.middleware import mark_page_shown
from healinghaven.editorial.review import ClinicalReviewMixin
from healinghaven.forms import ClinicPageForm
from healinghaven.images import (
    SOCIAL_RENDITION,
    attach_page_renditions,
    prefetch_image,
)
from healinghaven.models import ClinicPageManager, ClinicPageQuerySet
from healinghaven.previews import PreviewSizesMixin

from .feeds import BlogAtomFeed, BlogFeed

WORDS_PER_MINUTE = 200
POSTS_PER_PAGE = 9


class BlogCategory(models.Model):
    name = models.CharField(
        max_length=80, unique=True, help_text="A short topic name, e.g. 'Sports injuries'."
    )
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the web address.")
    description = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences shown on the category's page."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = "blog category"
        verbose_name_plural = "blog categories"

    def __str__(self) -> str:
        return self.name


class Author(models.Model):
    """Who wrote a post: a person on the team, or the clinic team as a whole."""

    name = models.CharField(
        max_length=120,
        help_text="As shown on posts: a person's name, or 'Healing Haven Physiotherapy team'.",
    )
    role = models.CharField(
        max_length=120,
        blank=True,
        help_text="E.g. 'Registered physiotherapist'. Leave empty for the team.",
    )

    panels = [FieldPanel("name"), FieldPanel("role")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BlogPageQuerySet(ClinicPageQuerySet):
    def cards(self):
        """What a post card needs (image, author, categories) in a fixed number of queries."""
        return (
            self.select_related("hero_image", "author")
            .prefetch_related(
                Prefetch("categories", queryset=BlogCategory.objects.order_by("name"))
            )
            .order_by("-date", "-pk")
        )


BlogPageManager = PageManager.from_queryset(BlogPageQuerySet)


def paginate(request, queryset, per_page: int = POSTS_PER_PAGE):
    """The page of results `?page=` asks for; the first for nonsense, the last past the end.
    The page shown is told to the page cache, which keeps only pages asked for by number."""
    paginator = Paginator(queryset, per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    mark_page_shown(request, page.number)
    return page


class BlogIndexPage(PreviewSizesMixin, RoutablePageMixin, Page):
    intro = models.TextField(
        max_length=500, blank=True, help_text="A sentence or two above the list of posts."
    )

    objects = ClinicPageManager()

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["healinghaven.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count = 1

    base_form_class = ClinicPageForm

    def posts(self):
        return BlogPage.objects.child_of(self).live().public().cards()

    def get_context(self, request, *args, posts=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = BlogCategory.objects.filter(
            blog_posts__in=self.posts().values("pk")
        ).distinct()
        context["posts"] = paginate(request, self.posts() if posts is None else posts)
        attach_page_renditions(self, cards=list(context["posts"]))
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("category/<slug:slug>/", name="category")
    def category(self, request, slug):
        category = get_object_or_404(BlogCategory, slug=slug)
        return self.render(
            request,
            posts=self.posts().filter(categories=category),
            context_overrides={"category": category},
        )

    def category_url(self, category: BlogCategory) -> str:
        return self.url + self.reverse_subpage("category", kwargs={"slug": category.slug})

    # Feeds: RSS and Atom, of the whole blog and of each category.

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return BlogFeed(blog_index=self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return BlogAtomFeed(blog_index=self)(request)

    @path("category/<slug:slug>/feed/", name="category_feed")
    def category_rss_feed(self, request, slug):
        category = get_object_or_404(BlogCategory, slug=slug)
        return BlogFeed(blog_index=self, category=category)(request)

    @path("category/<slug:slug>/feed/atom/", name="category_atom_feed")
    def category_atom_feed(self, request, slug):
        category = get_object_or_404(BlogCategory, slug=slug)
        return BlogAtomFeed(blog_index=self, category=category)(request)

    def feed_posts(self, category: BlogCategory | None = None):
        """Newest posts with what a feed entry needs, its image rendition included."""
        posts = (
            BlogPage.objects.child_of(self)
            .live()
            .public()
            .select_related("author")
            .prefetch_related(
                prefetch_image("hero_image", SOCIAL_RENDITION),
                Prefetch("categories", queryset=BlogCategory.objects.order_by("name")),
            )
            .order_by("-date", "-pk")
        )
        return posts.filter(categories=category) if category else posts

    def feed_links(self, category: BlogCategory | None = None) -> list[dict]:
        """The feeds to advertise with <link rel="alternate">: the blog's, and the
        category's when there is one."""
        links = [
            {"title": self.title, "type": "rss", "url": self.url + self.reverse_subpage("feed")},
            {
                "title": self.title,
                "type": "atom",
                "url": self.url + self.reverse_subpage("atom_feed"),
            },
        ]
        if category is not None:
            kwargs = {"slug": category.slug}
            links += [
                {
                    "title": f"{self.title}: {category.name}",
                    "type": "rss",
                    "url": self.url + self.reverse_subpage("category_feed", kwargs=kwargs),
                },
                {
                    "title": f"{self.title}: {category.name}",
                    "type": "atom",
                    "url": self.url + self.reverse_subpage("category_atom_feed", kwargs=kwargs),
                },
            ]
        return links

    def get_sitemap_urls(self, request=None):
        """The index (changed when a post is published) and each category with posts."""
        posts = self.posts().order_by()
        latest_post = posts.aggregate(latest=Max("last_published_at"))["latest"]
        own = self.last_published_at or self.latest_revision_created_at
        urls = [
            {
                "location": self.get_full_url(request),
                "lastmod": max(filter(None, [own, latest_post]), default=None),
            }
        ]
        categories = (
            BlogCategory.objects.filter(blog_posts__in=posts.values("pk"))
            .annotate(lastmod=Max("blog_posts__last_published_at"))
            .order_by("name")
        )
        base = self.get_full_url(request)
        for category in categories:
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage("category", kwargs={"slug": category.slug}),
                    "lastmod": category.lastmod,
                }
            )
        return urls


def site_blog_index(site):
    """The site's published blog (its feeds are linked from every page)."""
    if site is None:
        return None
    return BlogIndexPage.objects.live().public().descendant_of(site.root_page).first()


class BlogPage(ClinicalReviewMixin, PreviewSizesMixin, Page):
    date = models.DateField(
        "post date",
        default=timezone.localdate,
        help_text="Shown on the post; posts are listed newest first. A new post starts at today.",
    )
    author = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text="Leave empty to credit the clinic team.",
    )
    hero_image = models.ForeignKey(
        "healinghaven.SiteImage",
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the post and on cards. Its alt text is required.",
    )
    intro = models.TextField(
        max_length=400, help_text="One or two sentences: shown on cards and under the title."
    )
    body = StreamField(
        BodyBlock(),
        help_text=(
            "The post itself. Add blocks with +: text, headings (H2 for sections, H3 inside "
            "them), images, notes and questions."
        ),
    )
    categories = ParentalManyToManyField(
        BlogCategory,
        blank=True,
        related_name="blog_posts",
        help_text="Topics the post belongs to; readers can list posts by topic.",
    )
    related_services = ParentalManyToManyField(
        "services.ServicePage",
        blank=True,
        related_name="blog_posts",
        help_text="Services this post is about: the post links to them and they list it.",
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    objects = BlogPageManager()

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("date"), FieldPanel("author")], heading="Post details"),
        FieldPanel("hero_image"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_services", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Categories and services",
        ),
        *ClinicalReviewMixin.review_panels,
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    base_form_class = ClinicPageForm

    def save(self, *args, **kwargs):
        self.reading_minutes = self.compute_reading_minutes()
        return super().save(*args, **kwargs)

    def compute_reading_minutes(self) -> int:
        words = len(self.intro.split()) + sum(
            len(strip_tags(text).split()) for text in stream_strings(self.body.raw_data)
        )
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @cached_property
    def category_list(self) -> list[BlogCategory]:
        return list(self.categories.all())

    def related_posts(self, limit: int = 3):
        """Posts that share a category with this one, newest first; else the latest posts."""
        category_ids = [category.pk for category in self.category_list]
        shares_category = Exists(
            BlogPage.categories.through.objects.filter(
                blogpage_id=OuterRef("pk"), blogcategory_id__in=category_ids
            )
        )
        return list(
            BlogPage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .cards()
            .annotate(shares_category=shares_category)
            .order_by("-shares_category", "-date", "-pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_posts"] = related = self.related_posts()
        # In a preview the relation is an in-memory list: filter in Python, not in SQL.
        context["related_services"] = sorted(
            (service for service in self.related_services.all() if service.live),
            key=lambda service: service.title,
        )
        blog_index = self.get_parent()  # known from routing: no query
        index_url = blog_index.get_url(request) or ""
        context["category_links"] = [
            (
                category,
                index_url
                + BlogIndexPage.get_resolver().reverse("category", slug=category.slug).lstrip("/"),
            )
            for category in self.category_list
        ]
        attach_page_renditions(self, cards=related)
        return context
