from django.urls import path

from . import views

urlpatterns = [
    path("readers/<str:username>/", views.profile, name="reader_profile"),
    path("accounts/profile/", views.edit_profile, name="reader_settings"),
]
