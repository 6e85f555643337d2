from django.urls import path

from entraide.centres import public_views

app_name = "proposals"
urlpatterns = [
    path("groups/propose/", public_views.propose_group, name="new"),
    path("groups/propose/sent/", public_views.proposal_sent, name="sent"),
    path("groups/<int:group_id>/correction/", public_views.propose_correction, name="correction"),
]
