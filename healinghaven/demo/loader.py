"""Load the demo content: create what is missing, change nothing that already exists.

Pages are found by slug under their parent, snippets by slug or name, images by title.
Anything found is left as it is (an editor may have changed it); only missing things are
created, and new pages are published through revisions, as an editor would publish them.
The clinic settings are the one exception: empty fields are filled in, filled ones kept.
"""

import hashlib
import io
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from healinghaven.models import (
    ClinicSettings,
    HomePage,
    HomePageFeaturedService,
    SiteImage,
    StandardPage,
)
from healinghaven.tasks import renditions_make
from services.models import Condition, ServiceIndexPage, ServicePage
from team.models import TeamPage

from . import blog_posts, images, service_pages, site_pages, team_pages
from .specs import Block, ImageSpec, IndexPageSpec, StandardPageSpec

IMAGE_CREDIT = "Illustration made for the demo content"


@dataclass
class LoadReport:
    pages: list[str] = field(default_factory=list)
    images: int = 0
    conditions: int = 0
    categories: int = 0
    authors: int = 0
    settings: str = ""  # "created", "completed" or ""
    site: str = ""  # what was done to the site, or ""
    warnings: list[str] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return bool(
            self.pages
            or self.images
            or self.conditions
            or self.categories
            or self.authors
            or self.settings
            or self.site
        )

    def summary(self) -> str:
        if not self.created_anything:
            return "Nothing to create: the demo content is already loaded."
        counts = [
            (len(self.pages), "page", "pages"),
            (self.images, "image", "images"),
            (self.conditions, "condition", "conditions"),
            (self.categories, "blog category", "blog categories"),
            (self.authors, "author", "authors"),
        ]
        parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts]
        lines = ["Created " + ", ".join(parts) + "."]
        if self.settings:
            lines.append(f"Clinic settings {self.settings}.")
        if self.site:
            lines.append(self.site)
        return "\n".join(lines)


class DemoContentLoader:
    def __init__(self) -> None:
        self.report = LoadReport()

    def load(self, *, make_renditions: bool = False) -> LoadReport:
        with transaction.atomic():
            conditions = self._conditions()
            categories = self._categories()
            author = self._author()
            home, home_is_new = self._home()
            services = self._services(home, conditions)
            self._blog(home, categories, author, services)
            self._standard_page(home, site_pages.ABOUT)
            self._index_page(home, TeamPage, team_pages.TEAM_PAGE)
            privacy = self._standard_page(home, site_pages.PRIVACY)
            accessibility = self._standard_page(home, site_pages.ACCESSIBILITY)
            booking = self._consultation_page(home)
            if home_is_new:
                # Published last, so its first revision already lists the featured services;
                # fetched again, as adding its children changed its row (the tree counts).
                home = HomePage.objects.get(pk=home.pk)
                home.featured_services = [
                    HomePageFeaturedService(service=services[slug])
                    for slug in service_pages.FEATURED_SERVICES
                    if slug in services
                ]
                self._publish(home)
            site = self._site(home)
            if site is not None:
                self._clinic_settings(
                    site,
                    privacy_page=privacy,
                    accessibility_page=accessibility,
                    booking_page=booking,
                )
        if make_renditions:
            # The renditions the pages show, made now rather than by the worker (each new
            # image also queued its task) or on a visitor's first request.
            for image_id in SiteImage.objects.values_list("pk", flat=True):
                renditions_make(image_id=image_id)
        return self.report

    # Snippets

    def _conditions(self) -> dict[str, Condition]:
        conditions = {}
        for spec in service_pages.CONDITIONS:
            condition, created = Condition.objects.get_or_create(
                slug=spec.slug, defaults={"name": spec.name, "summary": spec.summary}
            )
            self.report.conditions += created
            conditions[spec.slug] = condition
        return conditions

    def _categories(self) -> dict[str, BlogCategory]:
        categories = {}
        for spec in blog_posts.CATEGORIES:
            category, created = BlogCategory.objects.get_or_create(
                slug=spec.slug, defaults={"name": spec.name, "description": spec.description}
            )
            self.report.categories += created
            categories[spec.slug] = category
        return categories

    def _author(self) -> Author:
        author = Author.objects.filter(name=blog_posts.AUTHOR_NAME).first()
        if author is None:
            author = Author.objects.create(name=blog_posts.AUTHOR_NAME)
            self.report.authors += 1
        return author

    # Images

    def _image(self, spec: ImageSpec) -> SiteImage:
        image = SiteImage.objects.filter(title=spec.title).first()
        if image is not None:
            return image
        data = images.render(spec.title, spec.motif)
        image = SiteImage(
            title=spec.title,
            description=spec.description,
            credit=IMAGE_CREDIT,
            file=ImageFile(io.BytesIO(data), name=f"{slugify(spec.title)}.jpg"),
            file_size=len(data),
            file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
        )
        image.save()
        self.report.images += 1
        return image

    def _body(self, body: list[Block]) -> list[Block]:
        """The body with the image drawn for each ImageSpec in a block (a video's still)."""
        return [
            (kind, {k: self._image(v) if isinstance(v, ImageSpec) else v for k, v in value.items()})
            if isinstance(value, dict)
            else (kind, value)
            for kind, value in body
        ]

    # Pages

    def _home(self) -> tuple[HomePage, bool]:
        home = HomePage.objects.first()
        if home is not None:
            return home, False
        self._remove_welcome_page()
        home = HomePage(
            **site_pages.HOME,
            hero_image=self._image(site_pages.HOME_IMAGE),
            facts=[("fact", {"title": t, "text": x}) for t, x in site_pages.HOME_FACTS],
        )
        self._add(Page.get_first_root_node(), home, publish=False)
        return home, True

    def _remove_welcome_page(self) -> None:
        """Delete the page Wagtail's first migration makes, freeing the slug "home"."""
        root = Page.get_first_root_node()
        welcome = root.get_children().filter(slug=site_pages.HOME["slug"]).first()
        if welcome is None:
            return
        is_plain_page = welcome.content_type_id == ContentType.objects.get_for_model(Page).pk
        if not is_plain_page or welcome.get_children_count():
            raise CommandError(
                f"A page “{welcome.title}” already uses the slug “home” at the top of the "
                "page tree. Move or rename it, then run this command again."
            )
        for site in Site.objects.filter(root_page=welcome):
            site.root_page = root  # for a moment: the home page takes its place below
            site.save()
        welcome.delete()
        self.report.site = "Replaced Wagtail's welcome page with the home page."

    def _index_page(self, parent: Page, page_class: type[Page], spec: IndexPageSpec) -> Page:
        page = self._child(parent, spec.slug, page_class)
        if page is None:
            page = page_class(
                title=spec.title,
                slug=spec.slug,
                intro=spec.intro,
                search_description=spec.search_description,
                show_in_menus=True,
                **spec.extra,
            )
            self._add(parent, page)
        return page

    def _services(self, home: HomePage, conditions: dict[str, Condition]) -> dict[str, ServicePage]:
        index = self._index_page(home, ServiceIndexPage, service_pages.SERVICE_INDEX)
        for spec in service_pages.SERVICES:
            if self._child(index, spec.slug, ServicePage) is None:
                page = ServicePage(
                    title=spec.title,
                    slug=spec.slug,
                    summary=spec.summary,
                    hero_image=self._image(spec.image),
                    body=self._body(spec.body),
                )
                page.conditions = [conditions[slug] for slug in spec.conditions]
                self._add(index, page)
        return {page.slug: page for page in ServicePage.objects.child_of(index)}

    def _blog(
        self,
        home: HomePage,
        categories: dict[str, BlogCategory],
        author: Author,
        services: dict[str, ServicePage],
    ) -> None:
        index = self._index_page(home, BlogIndexPage, blog_posts.BLOG_INDEX)
        for spec in blog_posts.POSTS:
            if self._child(index, spec.slug, BlogPage) is not None:
                continue
            page = BlogPage(
                title=spec.title,
                slug=spec.slug,
                date=spec.date,
                author=author,
                hero_image=self._image(spec.image),
                intro=spec.intro,
                body=spec.body,
            )
            page.categories = [categories[slug] for slug in spec.categories]
            page.related_services = [services[slug] for slug in spec.services if slug in services]
            self._add(index, page)

    def _standard_page(self, home: HomePage, spec: StandardPageSpec) -> StandardPage:
        page = self._child(home, spec.slug, StandardPage)
        if page is None:
            page = StandardPage(
                title=spec.title,
                slug=spec.slug,
                intro=spec.intro,
                body=spec.body,
                search_description=spec.search_description,
                show_in_menus=spec.show_in_menus,
            )
            self._add(home, page)
        return page

    def _consultation_page(self, home: HomePage) -> Page:
        # Looked up by name: the bookings app is imported only by URLs and hooks.
        page_class = apps.get_model("bookings", "ConsultationPage")
        page = self._child(home, site_pages.CONSULTATION["slug"], page_class)
        if page is None:
            page = page_class(**site_pages.CONSULTATION)  # the texts keep their defaults
            self._add(home, page)
        return page

    def _child(self, parent: Page, slug: str, page_class: type[Page]) -> Page | None:
        page = parent.get_children().filter(slug=slug).first()
        if page is None:
            return None
        page = page.specific
        if not isinstance(page, page_class):
            raise CommandError(
                f"The page at {page.url_path} is a {page.specific_class.__name__}, "
                f"not a {page_class.__name__}. Move or rename it, then run this command again."
            )
        return page

    def _add(self, parent: Page, page: Page, *, publish: bool = True) -> None:
        """Create a page as the admin does: saved as a draft, then its revision published."""
        page.live = False
        Page.objects.get(pk=parent.pk).add_child(instance=page)  # a fresh parent: tree counts
        self.report.pages.append(page.title)
        if publish:
            self._publish(page)

    @staticmethod
    def _publish(page: Page) -> None:
        page.save_revision().publish()

    # The site and its settings

    def _site(self, home: HomePage) -> Site | None:
        site = Site.objects.filter(root_page=home).first()
        if site is not None:
            return site
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name=site_pages.CLINIC_NAME,
            )
            self.report.site = "Created the default site (localhost:80) with the home page."
        elif site.root_page_id == Page.get_first_root_node().pk:
            site.root_page = home
            site.site_name = site.site_name or site_pages.CLINIC_NAME
            site.save()
            self.report.site = self.report.site or "Set the home page as the site's root."
        else:
            self.report.warnings.append(
                f"The default site starts at “{site.root_page.title}”, not the home page; "
                "it was left as it is."
            )
        return site

    def _clinic_settings(self, site: Site, **pages: Page) -> None:
        values = {**site_pages.CLINIC_SETTINGS, **pages}
        settings = ClinicSettings.objects.filter(site=site).first()
        if settings is None:
            ClinicSettings.objects.create(site=site, **values)
            self.report.settings = "created"
            return
        # Settings may exist already (Wagtail makes them empty when a page first reads them):
        # fill in what is empty, keep what an editor has set.
        missing = [name for name in values if not getattr(settings, name)]
        if missing:
            for name in missing:
                setattr(settings, name, values[name])
            settings.save()
            self.report.settings = "completed"
