"""The newsroom's pages: the home page, sections, articles, and the authors who write them."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import ArticleBodyBlock

# A republication within this time of the first one is a correction of the launch, not an update
# that readers need to be told about.
UPDATE_NOTICE_AFTER = timedelta(minutes=10)


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    role = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Correspondent, Eastern front'"
    )
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)


class HomePage(RoutablePageMixin, Page):
    tagline = models.CharField(max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("tagline")]
    subpage_types = ["articles.SectionPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .caching import LISTING_CACHE_SECONDS, listing_version
        from .queries import latest_articles, sections_with_latest

        context = super().get_context(request, *args, **kwargs)
        # Lazy: on a cache hit the template never runs these queries.
        context["latest"] = latest_articles(root=self, limit=7)
        context["sections"] = partial(sections_with_latest, root=self, per_section=4)
        context["listing_version"] = listing_version()
        context["listing_cache_seconds"] = (
            0 if getattr(request, "is_preview", False) else (LISTING_CACHE_SECONDS)
        )
        return context

    @path("authors/<str:slug>/", name="author")
    def author_page(self, request, slug):
        from .queries import latest_articles

        author = get_object_or_404(Author, slug=slug)
        articles = paginate(request, latest_articles(root=self, author=author))
        return self.render(
            request,
            template="articles/author_page.html",
            context_overrides={"author": author, "articles": articles},
        )

    @path("tags/<str:slug>/", name="tag")
    def tag_page(self, request, slug):
        from .queries import latest_articles

        articles = latest_articles(root=self, tag_slug=slug)
        tag = ArticlePageTag.objects.filter(tag__slug=slug).select_related("tag").first()
        if tag is None:
            raise Http404("No such tag")
        return self.render(
            request,
            template="articles/tag_page.html",
            context_overrides={"tag": tag.tag, "articles": paginate(request, articles)},
        )


class SectionPage(Page):
    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    def get_context(self, request, *args, **kwargs):
        from .queries import latest_articles

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, latest_articles(root=self))
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    class LeadKind(models.TextChoices):
        PHOTO = "photo", "Photo"
        MAP = "map", "Map"

    standfirst = models.TextField(
        max_length=600,
        help_text="One or two sentences under the headline: what happened and why it matters.",
    )
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    dateline_place = models.CharField(
        max_length=120, blank=True, help_text="Where the story was reported from, e.g. 'KARVENO'."
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_kind = models.CharField(max_length=10, choices=LeadKind.choices, default=LeadKind.PHOTO)
    lead_caption = models.CharField(max_length=500, blank=True)
    lead_alt = models.CharField(
        max_length=500, blank=True, help_text="What the image shows, for readers who cannot see it."
    )
    lead_credit = models.CharField(max_length=200, blank=True)
    body = StreamField(ArticleBodyBlock())
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    allow_comments = models.BooleanField(
        default=True,
        verbose_name="discussion open",
        help_text="Readers may comment. Discussions also close by themselves some days after "
        "first publication, as the moderation policy sets (site, section or article).",
    )

    content_panels = [
        TitleFieldPanel("title", heading="Headline"),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("dateline_place"), FieldPanel("tags")],
            heading="Byline",
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_kind"),
                FieldPanel("lead_caption"),
                FieldPanel("lead_alt"),
                FieldPanel("lead_credit"),
            ],
            heading="Lead image or map",
        ),
        FieldPanel("body"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("allow_comments")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("dateline_place"),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["articles.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"

    @cached_property
    def section(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def headline(self) -> str:
        return self.title

    @property
    def is_updated(self) -> bool:
        if not self.first_published_at or not self.last_published_at:
            return False
        return self.last_published_at - self.first_published_at > UPDATE_NOTICE_AFTER

    def get_context(self, request, *args, **kwargs):
        from .structured_data import article_json_ld

        context = super().get_context(request, *args, **kwargs)
        context["tags"] = list(self.tags.all())
        context["json_ld"] = article_json_ld(self, request, tags=context["tags"])
        return context


def paginate(request, queryset, per_page: int | None = None):
    per_page = per_page or settings.GAZETTE_ARTICLES_PER_PAGE
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
