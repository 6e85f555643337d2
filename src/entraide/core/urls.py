from django.urls import path

from entraide.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("audit/", views.audit_list, name="audit_list"),
    path("demo/emails/", views.demo_outbox, name="demo_outbox"),
]
