"""/api/v1/ operations on a veteran's saved posts and saved searches.

A saved search keeps the web search form's parameters, so its daily e-mail and the web
page read it as they read one saved there; the API shows it under the API's filter names.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from jobs import selectors, services
from jobs.api.serializers import PostSerializer
from jobs.api.veteran import SearchFiltersSerializer, api_filters, form_params
from jobs.models import JobPost, SavedPost, SavedSearch
from portal.accounts.permissions import IsVeteran
from portal.api import ApiView, ListApiView, validated
from veterans.api import own_profile


class SavedPostSerializer(serializers.ModelSerializer):
    post = PostSerializer(read_only=True)

    class Meta:
        model = SavedPost
        fields = ["id", "post", "created_at"]


class SavedPostListApi(ListApiView):
    permission_classes = [IsVeteran]
    serializer_class = SavedPostSerializer
    queryset = SavedPost.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        saved = selectors.saved_posts_of(self.request.user)
        return saved.select_related("post__occupation", "post__industry")


def _published_post(request, pk) -> JobPost:
    return get_object_or_404(selectors.posts_visible_to(request.user), pk=pk)


class PostSaveApi(ApiView):
    """Keep a published post to come back to; saving it again changes nothing."""

    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={201: SavedPostSerializer})
    def post(self, request, pk):
        saved = services.saved_post_add(
            veteran=own_profile(request), post=_published_post(request, pk)
        )
        saved = selectors.saved_posts_of(request.user).get(pk=saved.pk)
        return Response(SavedPostSerializer(saved).data, status=status.HTTP_201_CREATED)


class PostUnsaveApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk):
        saved = get_object_or_404(selectors.saved_posts_of(request.user), post_id=pk)
        services.saved_post_remove(veteran=own_profile(request), post=saved.post)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SavedSearchSerializer(serializers.ModelSerializer):
    filters = serializers.SerializerMethodField()

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "filters", "alerts_enabled", "last_alert_at", "created_at"]

    @extend_schema_field(SearchFiltersSerializer)
    def get_filters(self, search) -> dict:
        filters = SearchFiltersSerializer(data=api_filters(search.params))
        return dict(filters.validated_data) if filters.is_valid() else api_filters(search.params)


class SavedSearchListApi(ListApiView):
    permission_classes = [IsVeteran]
    serializer_class = SavedSearchSerializer
    queryset = SavedSearch.objects.none()  # the model, for the schema; rows: get_queryset

    def get_queryset(self):
        return selectors.saved_searches_of(self.request.user)


class SavedSearchCreateApi(ApiView):
    """Save a search (the filters of GET /posts/); each day its new posts are e-mailed."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=64)
        filters = SearchFiltersSerializer()

    @extend_schema(request=InputSerializer, responses={201: SavedSearchSerializer})
    def post(self, request):
        data = validated(self.InputSerializer, request)
        search = services.saved_search_create(
            veteran=own_profile(request), name=data["name"], params=form_params(data["filters"])
        )
        return Response(SavedSearchSerializer(search).data, status=status.HTTP_201_CREATED)


def _own_search(request, pk) -> SavedSearch:
    return get_object_or_404(selectors.saved_searches_of(request.user), pk=pk)


class SavedSearchAlertsApi(ApiView):
    """Turn the daily e-mail of a saved search on or off."""

    permission_classes = [IsVeteran]

    class InputSerializer(serializers.Serializer):
        enabled = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: SavedSearchSerializer})
    def post(self, request, pk):
        search = _own_search(request, pk)
        data = validated(self.InputSerializer, request)
        search = services.saved_search_set_alerts(
            saved_search=search, veteran=own_profile(request), **data
        )
        return Response(SavedSearchSerializer(search).data)


class SavedSearchDeleteApi(ApiView):
    permission_classes = [IsVeteran]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk):
        search = _own_search(request, pk)
        services.saved_search_delete(saved_search=search, veteran=own_profile(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
