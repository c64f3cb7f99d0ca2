"""/api/v1/ operations of notices: the public list (searched as the page searches) and one
notice; the publisher's own, the draft, its files, publishing and withdrawing."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from jobs.models import Notice, NoticeAttachment
from jobs.models.notices import TAG_MAX, TAGS_MAX
from jobs.notices import selectors, services
from jobs.notices.forms import NoticeSearchForm
from portal.accounts.permissions import IsRegulator
from portal.api import ApiView, ListApiView, PublicApiMixin, validated
from portal.text import limit_of


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeAttachment
        fields = ["id", "original_name", "kind", "size"]


class NoticeSerializer(serializers.ModelSerializer):
    region = serializers.CharField(
        source="region_id", allow_null=True, help_text="GB/T 2260 code; null: nationwide."
    )
    region_name = serializers.SerializerMethodField()
    is_expired = serializers.BooleanField(help_text="Past its effective period (still public).")

    class Meta:
        model = Notice
        fields = [
            "id", "kind", "title", "document_number", "region", "region_name", "tags",
            "effective_from", "effective_until", "is_expired", "status", "published_at",
        ]  # fmt: skip

    def get_region_name(self, notice) -> str:
        return notice.region.local_name if notice.region else ""


class NoticeDetailSerializer(NoticeSerializer):
    attachments = AttachmentSerializer(many=True)

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "body", "attachments"]


NOTICE_FILTERS = [
    OpenApiParameter("q", str, description="Words, in Chinese or English, as on the page."),
    OpenApiParameter("kind", str, enum=Notice.Kind.values),
    OpenApiParameter("tag", str),
    OpenApiParameter(
        "region", str, description="A province or city code: notices that apply there."
    ),
    OpenApiParameter("in_force", bool, description="Leave out those past their period."),
]


@extend_schema_view(get=extend_schema(parameters=NOTICE_FILTERS))
class NoticeListApi(PublicApiMixin, ListApiView):
    """Published notices and policy documents, newest first (titles that hold every word
    first when searching); expired ones too, marked ``is_expired``."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        form = NoticeSearchForm(self.request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise serializers.ValidationError(form.errors)
        return selectors.search_notices(form.criteria())


class NoticeDetailApi(PublicApiMixin, ApiView):
    """A published notice; its publisher also reads its drafts and withdrawn ones."""

    @extend_schema(responses={200: NoticeDetailSerializer})
    def get(self, request, pk):
        notice = get_object_or_404(selectors.notices_visible_to(request.user), pk=pk)
        return Response(NoticeDetailSerializer(notice).data)


class NoticeAttachmentFileApi(PublicApiMixin, ApiView):
    """The bytes of a file of a notice the caller may read."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        attachment = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
        return FileResponse(
            services.notice_attachment_open(attachment=attachment),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class ManagedNoticeListApi(ListApiView):
    """The notices the caller publishes: the ministry's national ones, a bureau's own."""

    permission_classes = [IsRegulator]
    serializer_class = NoticeSerializer
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        return selectors.notices_managed_by(self.request.user)


class NoticeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Notice.Kind.choices)
    title = serializers.CharField(max_length=limit_of(Notice, "title"))
    document_number = serializers.CharField(
        max_length=limit_of(Notice, "document_number"), required=False, allow_blank=True
    )
    body = serializers.CharField(max_length=limit_of(Notice, "body"))
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX), max_length=TAGS_MAX, required=False
    )
    effective_from = serializers.DateField()
    effective_until = serializers.DateField(required=False, allow_null=True)


def _managed(request, pk) -> Notice:
    return get_object_or_404(selectors.notices_managed_by(request.user), pk=pk)


def _detail(request, notice: Notice, code=status.HTTP_200_OK) -> Response:
    notice = selectors.notices_visible_to(request.user).get(pk=notice.pk)
    return Response(NoticeDetailSerializer(notice).data, status=code)


class NoticeCreateApi(ApiView):
    """A draft, national for the ministry, of the bureau's own region for a bureau."""

    permission_classes = [IsRegulator]

    @extend_schema(request=NoticeInputSerializer, responses={201: NoticeDetailSerializer})
    def post(self, request):
        data = validated(NoticeInputSerializer, request)
        notice = services.notice_create(author=request.user, **data)
        return _detail(request, notice, status.HTTP_201_CREATED)


class NoticeUpdateApi(ApiView):
    """Change a draft or a withdrawn notice (a published one is withdrawn first)."""

    permission_classes = [IsRegulator]

    @extend_schema(request=NoticeInputSerializer, responses={200: NoticeDetailSerializer})
    def post(self, request, pk):
        notice = _managed(request, pk)
        data = validated(NoticeInputSerializer, request, partial=True)
        return _detail(request, services.notice_update(notice=notice, editor=request.user, **data))


class NoticeAttachApi(ApiView):
    """Attach files (multipart/form-data, field ``files``, repeated: PDF, JPEG or PNG,
    checked by content) to a draft or withdrawn notice."""

    permission_classes = [IsRegulator]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        files = serializers.ListField(child=serializers.FileField(), allow_empty=False)

    @extend_schema(request=InputSerializer, responses={201: NoticeDetailSerializer})
    def post(self, request, pk):
        notice = _managed(request, pk)
        data = validated(self.InputSerializer, request)
        notice = services.notice_update(
            notice=notice, editor=request.user, attachments=data["files"]
        )
        return _detail(request, notice, status.HTTP_201_CREATED)


class NoticePublishApi(ApiView):
    permission_classes = [IsRegulator]

    @extend_schema(request=None, responses={200: NoticeDetailSerializer})
    def post(self, request, pk):
        notice = services.notice_publish(notice=_managed(request, pk), actor=request.user)
        return _detail(request, notice)


class NoticeWithdrawApi(ApiView):
    permission_classes = [IsRegulator]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: NoticeDetailSerializer})
    def post(self, request, pk):
        notice = _managed(request, pk)
        data = validated(self.InputSerializer, request)
        notice = services.notice_withdraw(notice=notice, actor=request.user, **data)
        return _detail(request, notice)
