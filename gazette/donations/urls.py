from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.donate, name="donate_current"),
    path("thanks/", views.thanks, name="thanks"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("monthly/<str:token>/stop/", views.stop_monthly, name="stop_monthly"),
    path("<slug:slug>/", views.donate, name="donate"),
    path("<slug:slug>/progress.json", views.progress, name="progress"),
    path("<slug:slug>/donors/", views.donor_wall, name="donor_wall"),
]
