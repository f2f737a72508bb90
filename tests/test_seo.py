"""Every page says what it is: title, description, canonical URL, social tags, JSON-LD,
breadcrumbs; the sitemap, robots.txt and redirects keep the site findable."""

import datetime
import json
from urllib.parse import urlsplit
from xml.etree import ElementTree

import extruct
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from tests import factories
from tests.content import publish

ROOT = "http://localhost"  # the test site's root URL (hostname localhost, port 80)
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def page_urls(site) -> dict[str, str]:
    """One URL of every kind of public page."""
    return {
        "home": "/",
        "service index": "/services/",
        "service": "/services/dry-needling/",
        "service without FAQ": "/services/car-accident-rehabilitation/",
        "conditions": "/services/conditions/",
        "condition": "/services/conditions/sciatica/",
        "blog index": "/blog/",
        "blog category": "/blog/category/dry-needling/",
        "post": "/blog/dry-needling-101/",
        "standard page": "/about/",
        "standard page without intro": "/privacy/",
        "search": "/search/?q=needling",
    }


def fetch(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(soup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


def json_ld(html: str, url: str) -> list[dict]:
    """The JSON-LD items on the page, read by a real structured-data parser."""
    return extruct.extract(html, base_url=ROOT + url, syntaxes=["json-ld"], uniform=True)["json-ld"]


def of_type(items: list[dict], schema_type: str) -> list[dict]:
    return [item for item in items if item.get("@type") == schema_type]


@pytest.mark.django_db
class TestHeadTags:
    def test_every_page_has_its_title_description_canonical_and_language(self, client, site):
        for name, url in page_urls(site).items():
            soup = BeautifulSoup(fetch(client, url), "html.parser")
            assert soup.html["lang"] == "en-CA", name
            titles = soup.find_all("title")
            assert len(titles) == 1, name
            assert titles[0].string.endswith("| Healing Haven Physiotherapy"), name
            description = meta(soup, "description")
            assert description and 20 <= len(description) <= 200, (name, description)
            canonical = soup.find_all("link", rel="canonical")
            assert len(canonical) == 1, name
            expected_path = url if name == "search" else url.split("?")[0]
            assert canonical[0]["href"] == ROOT + expected_path, name

    def test_titles_and_descriptions_are_unique(self, client, site):
        titles, descriptions = {}, {}
        for name, url in page_urls(site).items():
            soup = BeautifulSoup(fetch(client, url), "html.parser")
            titles.setdefault(soup.title.string, []).append(name)
            descriptions.setdefault(meta(soup, "description"), []).append(name)
        assert all(len(names) == 1 for names in titles.values()), titles
        assert all(len(names) == 1 for names in descriptions.values()), descriptions

    def test_open_graph_and_twitter_cards_with_a_1200x630_image(self, client, site):
        for name, url in page_urls(site).items():
            soup = BeautifulSoup(fetch(client, url), "html.parser")
            assert meta(soup, "og:title"), name
            assert meta(soup, "og:description") == meta(soup, "description"), name
            assert meta(soup, "og:url") == soup.find("link", rel="canonical")["href"], name
            assert meta(soup, "og:site_name") == "Healing Haven Physiotherapy", name
            assert meta(soup, "og:type") == ("article" if name == "post" else "website"), name
            image = meta(soup, "og:image")
            assert image.startswith(ROOT + "/") and ".fill-1200x630." in image, (name, image)
            assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == (
                "1200",
                "630",
            ), name
            assert meta(soup, "og:image:alt"), name
            assert meta(soup, "twitter:card") == "summary_large_image", name
            assert meta(soup, "twitter:image") == image, name
            assert meta(soup, "twitter:title") == meta(soup, "og:title"), name

    def test_the_image_is_the_pages_own_else_the_home_pages(self, client, site):
        post = BeautifulSoup(fetch(client, site.post.url), "html.parser")
        about = BeautifulSoup(fetch(client, site.about.url), "html.parser")
        assert meta(post, "og:image:alt") == site.post.hero_image.description
        assert meta(about, "og:image:alt") == site.home.hero_image.description
        rendition = site.post.hero_image.get_rendition("fill-1200x630")
        assert meta(post, "og:image") == ROOT + rendition.url

    def test_promote_tab_title_and_description_win(self, client, site):
        site.service.seo_title = "Dry needling in Edmonton"
        site.service.search_description = "Dry needling at Healing Haven: what it is and costs."
        publish(site.service)
        soup = BeautifulSoup(fetch(client, site.service.url), "html.parser")
        assert soup.title.string == "Dry needling in Edmonton | Healing Haven Physiotherapy"
        assert meta(soup, "description") == site.service.search_description
        assert meta(soup, "og:title") == "Dry needling in Edmonton"

    def test_description_falls_back_to_intro_summary_then_first_paragraph(self, client, site):
        def description(url):
            return meta(BeautifulSoup(fetch(client, url), "html.parser"), "description")

        assert description(site.about.url) == site.about.intro
        assert description(site.other_service.url) == site.other_service.summary
        assert description(site.post.url) == site.post.intro
        assert description(site.privacy.url) == (
            "We keep what you tell us safe and use it only to care for you."
        )

    def test_long_descriptions_are_cut_at_a_word(self, client, site):
        site.about.intro = "Recovery takes time and care. " * 12
        publish(site.about)
        text = meta(BeautifulSoup(fetch(client, site.about.url), "html.parser"), "description")
        assert len(text) <= 160
        assert text.endswith("…") and not text.endswith(" …")

    def test_paginated_blog_pages_have_their_own_canonical_title_and_description(
        self, client, site
    ):
        for n in range(10):
            factories.BlogPageFactory(parent=site.blog_index, title=f"Extra post {n}")
        first = BeautifulSoup(fetch(client, "/blog/"), "html.parser")
        second = BeautifulSoup(fetch(client, "/blog/?page=2&utm_source=x"), "html.parser")
        assert second.find("link", rel="canonical")["href"] == ROOT + "/blog/?page=2"
        assert first.find("link", rel="canonical")["href"] == ROOT + "/blog/"
        assert first.title.string != second.title.string
        assert meta(first, "description") != meta(second, "description")

    def test_canonical_drops_tracking_and_form_parameters(self, client, site):
        soup = BeautifulSoup(
            fetch(client, "/services/dry-needling/?utm_source=mail"), "html.parser"
        )
        assert soup.find("link", rel="canonical")["href"] == ROOT + "/services/dry-needling/"

    def test_search_results_and_missing_pages_are_not_indexed(self, client, site):
        soup = BeautifulSoup(fetch(client, "/search/?q=needling"), "html.parser")
        assert "noindex" in meta(soup, "robots")
        response = client.get("/no-such-page/")
        soup = BeautifulSoup(response.content, "html.parser")
        assert response.status_code == 404
        assert "noindex" in meta(soup, "robots")
        assert soup.find("link", rel="canonical") is None
        assert meta(BeautifulSoup(fetch(client, "/"), "html.parser"), "robots") is None


@pytest.mark.django_db
class TestValidMarkup:
    def test_one_h1_ordered_headings_unique_ids_no_inline_script_or_style(self, client, site):
        for name, url in page_urls(site).items():
            soup = BeautifulSoup(fetch(client, url), "html.parser")
            assert len(soup.find_all("h1")) == 1, name
            levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4"])]
            assert levels[0] == 1, name
            for before, after in zip(levels, levels[1:], strict=False):
                assert after <= before + 1, (name, levels)
            ids = [tag["id"] for tag in soup.find_all(id=True)]
            assert len(ids) == len(set(ids)), (name, ids)
            assert not soup.find_all(style=True), name
            for script in soup.find_all("script"):
                # JSON-LD and the hours the open-now line reads are data, not script.
                data_types = ("application/ld+json", "application/json")
                assert script.get("src") or script.get("type") in data_types, name

    def test_header_search_box_on_every_page(self, client, site):
        for name, url in page_urls(site).items():
            soup = BeautifulSoup(fetch(client, url), "html.parser")
            form = soup.select_one("header.site-header form[role=search]")
            assert form is not None, name
            assert form["action"] == reverse("search") and form["method"] == "get", name
            field = form.find("input", attrs={"name": "q"})
            assert field["type"] == "search", name
            assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True), name

    def test_json_ld_cannot_end_its_script_element(self, client, site):
        site.service.title = 'Needles </script><script>alert("x")</script> & more'
        publish(site.service)
        html = fetch(client, site.service.url)
        soup = BeautifulSoup(html, "html.parser")
        assert all(script.get("src") or "json" in script["type"] for script in soup("script"))
        web_page = of_type(json_ld(html, site.service.url), "MedicalWebPage")[0]
        assert web_page["name"] == site.service.title


@pytest.mark.django_db
class TestStructuredData:
    def test_clinic_is_physiotherapy_on_every_page(self, client, site):
        for name, url in page_urls(site).items():
            clinics = of_type(json_ld(fetch(client, url), url), "Physiotherapy")
            assert len(clinics) == 1, name
            clinic = clinics[0]
            assert clinic["name"] == "Healing Haven Physiotherapy"
            assert clinic["url"] == ROOT + "/"
            assert clinic["telephone"] == "+15877356272"
            assert clinic["address"] == {
                "@type": "PostalAddress",
                "streetAddress": "123 Example Street",
                "addressLocality": "Edmonton",
                "addressRegion": "AB",
                "postalCode": "T5J 0N3",
                "addressCountry": "CA",
            }
            assert clinic["openingHoursSpecification"] == [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
                    "opens": "08:00",
                    "closes": "19:00",
                },
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": ["Saturday"],
                    "opens": "09:00",
                    "closes": "14:00",
                },
            ]
            assert clinic["sameAs"] == ["https://www.facebook.com/healinghaven"]
            assert clinic["image"].startswith(ROOT + "/")

    def test_clinic_settings_changes_show_at_once(self, client, site, clinic):
        clinic.phone = "(780) 555-0100"
        clinic.save()
        clinic_data = of_type(json_ld(fetch(client, "/"), "/"), "Physiotherapy")[0]
        assert clinic_data["telephone"] == "+17805550100"

    def test_breadcrumb_list_matches_the_visible_trail(self, client, site):
        for name, url in page_urls(site).items():
            html = fetch(client, url)
            lists = of_type(json_ld(html, url), "BreadcrumbList")
            if name == "home":
                assert lists == [], "the home page is the root of every trail"
                continue
            assert len(lists) == 1, name
            items = lists[0]["itemListElement"]
            visible = BeautifulSoup(html, "html.parser").select("nav.breadcrumbs li")
            assert [item["name"] for item in items] == [
                li.get_text(strip=True) for li in visible
            ], name
            assert [item["position"] for item in items] == list(range(1, len(items) + 1))
            assert items[0]["item"] == ROOT + "/"
            assert items[-1]["item"] == ROOT + url.split("?")[0], name
            for item in items:
                assert client.get(item["item"].removeprefix(ROOT)).status_code == 200, item

    def test_condition_breadcrumbs(self, client, site):
        url = "/services/conditions/sciatica/"
        items = of_type(json_ld(fetch(client, url), url), "BreadcrumbList")[0]["itemListElement"]
        assert [(item["name"], item["item"]) for item in items] == [
            ("Home", ROOT + "/"),
            ("Services", ROOT + "/services/"),
            ("Conditions we treat", ROOT + "/services/conditions/"),
            ("Sciatica", ROOT + url),
        ]

    def test_blog_posting(self, client, site):
        url = site.post.url
        postings = of_type(json_ld(fetch(client, url), url), "BlogPosting")
        assert len(postings) == 1
        posting = postings[0]
        assert posting["headline"] == "Dry Needling 101"
        assert posting["datePublished"].startswith("2022-10-06T")
        assert datetime.datetime.fromisoformat(posting["dateModified"]) >= (
            datetime.datetime.fromisoformat(posting["datePublished"])
        )
        assert posting["image"]["url"].startswith(ROOT + "/")
        assert ".fill-1200x630." in posting["image"]["url"]
        assert (posting["image"]["width"], posting["image"]["height"]) == (1200, 630)
        assert posting["author"] == {
            "@type": "Person",
            "name": "Example Physiotherapist",
            "jobTitle": "Registered physiotherapist",
        }
        assert posting["publisher"]["@type"] == "Organization"
        assert posting["publisher"]["name"] == "Healing Haven Physiotherapy"
        assert posting["publisher"]["logo"]["url"].startswith(ROOT + "/")
        assert posting["mainEntityOfPage"] == ROOT + url
        assert posting["description"] == site.post.intro
        assert posting["articleSection"] == ["Dry needling"]

    def test_a_team_post_is_by_the_clinic(self, client, site):
        url = site.other_post.url
        posting = of_type(json_ld(fetch(client, url), url), "BlogPosting")[0]
        assert posting["author"]["@type"] == "Organization"
        assert posting["author"]["name"] == "Healing Haven Physiotherapy team"

    def test_service_page_is_a_medical_web_page_with_its_faq(self, client, site):
        url = site.service.url
        items = json_ld(fetch(client, url), url)
        (page,) = of_type(items, "MedicalWebPage")
        assert page["url"] == ROOT + url
        assert page["name"] == "Dry needling"
        assert page["description"] == site.service.summary
        assert page["image"]["url"].startswith(ROOT + "/")
        about = {(thing["@type"], thing["name"]) for thing in page["about"]}
        assert about == {("PhysicalTherapy", "Dry needling"), ("MedicalCondition", "Sciatica")}
        (faq,) = of_type(items, "FAQPage")
        assert faq["mainEntity"] == [
            {
                "@type": "Question",
                "name": "Does dry needling hurt?",
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": "Most people feel only a brief twitch.",
                },
            },
            {
                "@type": "Question",
                "name": "How is it different from acupuncture?",
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": "It focuses on tight, knotted muscles.",
                },
            },
        ]

    def test_service_without_questions_has_no_faq(self, client, site):
        url = site.other_service.url
        items = json_ld(fetch(client, url), url)
        assert len(of_type(items, "MedicalWebPage")) == 1
        assert of_type(items, "FAQPage") == []

    def test_condition_page_is_about_the_condition(self, client, site):
        url = "/services/conditions/sciatica/"
        (page,) = of_type(json_ld(fetch(client, url), url), "MedicalWebPage")
        assert page["url"] == ROOT + url
        about = {(thing["@type"], thing["name"]) for thing in page["about"]}
        assert ("MedicalCondition", "Sciatica") in about
        assert ("PhysicalTherapy", "Dry needling") in about
        assert ("PhysicalTherapy", "Car accident rehabilitation") in about

    def test_home_page_names_the_website(self, client, site):
        (website,) = of_type(json_ld(fetch(client, "/"), "/"), "WebSite")
        assert website["url"] == ROOT + "/"
        assert website["name"] == "Healing Haven Physiotherapy"
        target = website["potentialAction"]["target"]["urlTemplate"]
        assert target == ROOT + "/search/?q={search_term}"


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    tree = ElementTree.fromstring(response.content)  # noqa: S314 - our own sitemap
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext(
            "sm:lastmod", namespaces=SITEMAP_NS
        )
        for url in tree.findall("sm:url", SITEMAP_NS)
    }


@pytest.mark.django_db
class TestSitemapAndRobots:
    def test_sitemap_lists_every_public_page_with_lastmod_and_each_answers(self, client, site):
        entries = sitemap_entries(client)
        expected = {
            url.split("?")[0] for name, url in page_urls(site).items() if name != "search"
        } | {"/blog/returning-to-work/", "/blog/category/car-accident-recovery/"}
        assert {urlsplit(loc).path for loc in entries} == expected
        for loc, lastmod in entries.items():
            assert loc.startswith(ROOT + "/"), loc
            assert lastmod and datetime.date.fromisoformat(lastmod), loc
            assert client.get(urlsplit(loc).path).status_code == 200, loc

    def test_sitemap_leaves_out_drafts_and_untreated_conditions(self, client, site):
        paths = {urlsplit(loc).path for loc in sitemap_entries(client)}
        assert site.draft.slug not in " ".join(paths)
        assert "/services/conditions/frozen-shoulder/" not in paths

    def test_condition_lastmod_follows_its_services(self, client, site):
        entries = sitemap_entries(client)
        site.service.refresh_from_db()
        site.other_service.refresh_from_db()
        latest = max(site.service.last_published_at, site.other_service.last_published_at)
        # The sitemap writes dates in the clinic's time zone: in Edmonton's evening the
        # UTC date is already the next day.
        expected = timezone.localdate(latest).isoformat()
        assert entries[ROOT + "/services/conditions/sciatica/"] == expected

    def test_robots_txt_points_to_the_sitemap_and_keeps_out_the_admin(self, client, site):
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        assert "Disallow: /admin/" in lines
        assert f"Sitemap: {ROOT}/sitemap.xml" in lines
        assert "Disallow: /" not in lines  # the site itself stays open


@pytest.mark.django_db
class TestRedirects:
    def test_an_old_link_redirects_to_its_page(self, client, site):
        Redirect.add_redirect("/dry-needling.html", redirect_to=site.service, is_permanent=True)
        response = client.get("/dry-needling.html")
        assert response.status_code == 301
        assert response["Location"] == "/services/dry-needling/"

    def test_staff_manage_redirects_in_the_admin(self, admin_client, client, site):
        assert admin_client.get(reverse("wagtailredirects:index")).status_code == 200
        response = admin_client.post(
            reverse("wagtailredirects:add"),
            {
                "old_path": "/old-site/whiplash.php",
                "site": "",
                "is_permanent": "on",
                "redirect_page": site.other_service.pk,
                "redirect_page_route_path": "",
                "redirect_link": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:1000]
        response = client.get("/old-site/whiplash.php")
        assert response.status_code == 301
        assert response["Location"] == site.other_service.url

    def test_renaming_a_page_keeps_its_old_url_alive(
        self, client, site, django_capture_on_commit_callbacks
    ):
        site.about.slug = "about-us"
        with django_capture_on_commit_callbacks(execute=True):  # Wagtail acts on commit
            publish(site.about)
        response = client.get("/about/")
        assert response.status_code == 301
        assert response["Location"] == "/about-us/"

    def test_moving_a_page_keeps_its_old_url_alive(self, client, site):
        site.privacy.move(site.about, pos="last-child")
        response = client.get("/privacy/")
        assert response.status_code == 301
        assert response["Location"] == "/about/privacy/"
        assert client.get("/about/privacy/").status_code == 200


def test_json_ld_helper_escapes_markup():
    from healinghaven.seo.schema import json_ld as render

    html = str(render({"name": "</script><b>&"}))
    assert "</script><b>" not in html.removesuffix("</script>")
    payload = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(payload) == {"name": "</script><b>&"}
