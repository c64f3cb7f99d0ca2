"""What the jobs operations answer, shared by the veteran, enterprise and bureau modules.

Lists are read through the scoped selectors, which join what these serializers show.
"""

from rest_framework import serializers

from jobs.models import (
    Application,
    FollowUp,
    JobPost,
    Placement,
    PostReport,
    Verification,
    VerificationEvidence,
)


class PostSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="branch.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="branch.enterprise.name", read_only=True)
    branch_name = serializers.CharField(source="branch.name", read_only=True)
    region_name = serializers.CharField(source="region.local_name", read_only=True)
    industry_name = serializers.CharField(source="industry.local_name", read_only=True)
    occupation_name = serializers.CharField(source="occupation.local_name", read_only=True)
    openings_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = JobPost
        fields = [
            "id", "title", "enterprise", "enterprise_name", "branch", "branch_name", "region",
            "region_name", "industry", "industry_name", "occupation", "occupation_name",
            "is_national", "employment_type", "min_education", "salary_min", "salary_max",
            "openings", "filled_count", "openings_left", "deadline", "agreement", "status",
            "published_at",
        ]  # fmt: skip


class PostDetailSerializer(PostSerializer):
    class RequiredSkillSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()

    required_skills = RequiredSkillSerializer(many=True, read_only=True)

    class Meta(PostSerializer.Meta):
        fields = [
            *PostSerializer.Meta.fields, "description", "required_skills", "decision_reason",
            "submitted_at", "reposted_from",
        ]  # fmt: skip


class ApplicationSerializer(serializers.ModelSerializer):
    post_title = serializers.CharField(source="post.title", read_only=True)
    enterprise_name = serializers.CharField(source="post.branch.enterprise.name", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id", "post", "post_title", "enterprise_name", "veteran", "resume", "note", "status",
            "contact_shared_at", "created_at", "updated_at",
        ]  # fmt: skip


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = [
            "id", "placement", "month", "due_on", "status", "outcome", "left_reason", "note",
            "recorded_at",
        ]  # fmt: skip


class PlacementSerializer(serializers.ModelSerializer):
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id", "application", "post", "veteran", "channel", "event", "started_on", "follow_ups",
        ]  # fmt: skip


class PostReportSerializer(serializers.ModelSerializer):
    post_title = serializers.CharField(source="post.title", read_only=True)

    class Meta:
        model = PostReport
        fields = [
            "id", "post", "post_title", "reason", "detail", "status", "handled_at",
            "resolution_note", "created_at",
        ]  # fmt: skip


class VerificationEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = VerificationEvidence
        fields = ["id", "kind", "original_name", "size", "uploaded_at"]


class VerificationSerializer(serializers.ModelSerializer):
    post_title = serializers.CharField(source="post.title", read_only=True)
    verified_by = serializers.CharField(source="verified_by.username", read_only=True)
    evidence = VerificationEvidenceSerializer(
        many=True, read_only=True, help_text="Files: GET verifications/evidence/{id}/."
    )

    class Meta:
        model = Verification
        fields = [
            "id", "post", "post_title", "verified_by", "method", "result", "note",
            "verified_on", "created_at", "evidence",
        ]  # fmt: skip


class ContactDetailsSerializer(serializers.Serializer):
    phone = serializers.CharField(help_text="The full mobile number (each display is audited).")
    email = serializers.EmailField()
