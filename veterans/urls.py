from django.urls import path

from veterans import training_views, views

app_name = "veterans"

urlpatterns = [
    path("profile/", views.profile_detail, name="profile"),
    path("profile/edit/<slug:step>/", views.profile_step, name="profile_step"),
    path("regions/cities/", views.region_cities, name="region_cities"),
    path("resumes/", views.resume_list, name="resume_list"),
    path("resumes/upload/", views.resume_upload, name="resume_upload"),
    path("resumes/<int:pk>/download/", views.resume_download, name="resume_download"),
    path("resumes/<int:pk>/delete/", views.resume_delete, name="resume_delete"),
    path("consents/", views.consent_list, name="consent_list"),
    path("consents/give/", views.consent_give, name="consent_give"),
    path("consents/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    *training_views.urlpatterns,
]
