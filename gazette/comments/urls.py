from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("article/<int:article_id>/", views.article_discussion, name="article"),
    path("article/<int:article_id>/post/", views.post, name="post"),
    path("thread/<int:comment_id>/", views.thread, name="thread"),
    path("comment/<int:comment_id>/", views.permalink, name="permalink"),
    path("comment/<int:comment_id>/reply/", views.reply, name="reply"),
    path("comment/<int:comment_id>/edit/", views.edit, name="edit"),
    path("comment/<int:comment_id>/delete/", views.delete, name="delete"),
    path("comment/<int:comment_id>/vote/", views.vote, name="vote"),
    path("comment/<int:comment_id>/flag/", views.flag, name="flag"),
]
