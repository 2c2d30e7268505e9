from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gazette.api import v1 as api_v1
from gazette.articles import feeds, sitemaps
from gazette.articles import views as article_views
from gazette.core import views as core_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", article_views.search, name="search"),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("feeds/<slug:section_slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("feeds/<slug:section_slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("healthz", core_views.health, name="health"),
    path("discussion/", include("gazette.comments.urls")),
    path("", include("gazette.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api_v1.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", core_views.serve_media, name="media"),
    )

urlpatterns.append(path("donate/", include("gazette.donations.urls")))
urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "gazette.core.views.page_not_found"
handler500 = "gazette.core.views.server_error"
