from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from healinghaven.sitecache import register_chrome_part

        from .models import site_blog_index

        # Every page links the blog's feeds: keep the blog index with the site's chrome.
        register_chrome_part("blog_index", site_blog_index)
