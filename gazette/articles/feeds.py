"""RSS and Atom feeds for the whole site and for each section."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from wagtail.models import Site

from gazette.core.sites import site_name_for

from .queries import latest_articles, section_by_slug

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    description_template = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def site_root(self):
        site = Site.find_for_request(self.request)
        if site is None:
            raise Http404("No site is set up for this host")
        return site.root_page

    def title(self, obj=None):
        return site_name_for(self.request)

    def link(self, obj=None):
        return self.site_root().get_url(self.request) or "/"

    def description(self, obj=None):
        return f"The latest reporting from {site_name_for(self.request)}."

    def items(self, obj=None):
        return latest_articles(root=self.site_root(), limit=FEED_LENGTH)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers render the description as HTML; the standfirst is plain text.
        return escape(item.standfirst)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, section_slug):
        section = section_by_slug(section_slug)
        if section is None:
            raise Http404("No such section")
        return section

    def title(self, obj=None):
        return f"{obj.title} — {site_name_for(self.request)}"

    def link(self, obj=None):
        return obj.get_url(self.request)

    def description(self, obj=None):
        return obj.intro or f"The latest {obj.title} reporting from {site_name_for(self.request)}."

    def items(self, obj=None):
        return latest_articles(root=obj, limit=FEED_LENGTH)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    subtitle = SectionFeed.description
