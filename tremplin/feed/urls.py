from django.urls import path

from tremplin.feed import article_views, views

app_name = "feed"
urlpatterns = [
    path("feed/new/", views.new_posts, name="new"),
    path("feed/posts/", views.compose, name="compose"),
    path("feed/items/<int:pk>/", views.item_detail, name="item"),
    path("feed/items/<int:pk>/edit/", views.item_edit, name="edit"),
    path("feed/items/<int:pk>/delete/", views.item_delete, name="delete"),
    path("feed/items/<int:pk>/history/", views.item_history, name="history"),
    path("feed/items/<int:pk>/react/", views.react, name="react"),
    path("feed/items/<int:pk>/bookmark/", views.bookmark, name="bookmark"),
    path("feed/items/<int:pk>/comments/", views.comment, name="comment"),
    path("feed/items/<int:pk>/reshare/", views.reshare, name="reshare"),
    path("feed/comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("feed/comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("feed/bookmarks/", views.bookmarks, name="bookmarks"),
    path("feed/images/<int:pk>/", views.image, name="image"),
    path("feed/hashtags/<str:name>/", views.hashtag, name="hashtag"),
    path("feed/articles/new/", article_views.article_new, name="article_new"),
    path("feed/articles/mine/", article_views.my_articles, name="my_articles"),
    path("feed/articles/<int:pk>/edit/", article_views.article_edit, name="article_edit"),
    path(
        "feed/people/<slug:handle>/articles/", article_views.author_articles, name="author_articles"
    ),
    path("feed/people/<slug:handle>/articles.atom", article_views.author_atom, name="author_atom"),
]
