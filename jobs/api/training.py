"""/api/v1/ reads of skill gaps: a veteran's gap for a post with the programmes that close it,
and the bureau's skill gaps of its region (jobs.training)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from jobs.api.veteran import _visible_post
from jobs.training import region_skill_gaps, training_for_post
from portal.accounts.permissions import IsBureau, IsVeteran
from portal.api import ApiView
from portal.reference.models import Skill
from veterans.api import own_profile
from veterans.training_api import ProgrammeSerializer


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "code", "name", "name_en"]


class OfferSerializer(serializers.Serializer):
    programme = ProgrammeSerializer()
    teaches = SkillSerializer(many=True, help_text="The skills you miss that it teaches.")
    posts_helped = serializers.IntegerField(
        help_text="Your best posts (recommendations and this one) with a missing skill it teaches."
    )
    posts_closed = serializers.IntegerField(
        help_text="Your best posts whose every missing skill it teaches."
    )


class PostSkillGapApi(ApiView):
    """The post's required skills you do not hold (counted as the matching engine counts:
    profile, completed training, military specialty) and the programmes near you, open for
    enrolment, that teach them, the most helpful first."""

    permission_classes = [IsVeteran]

    class OutputSerializer(serializers.Serializer):
        missing = SkillSerializer(many=True)
        programmes = OfferSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request, pk):
        post = _visible_post(request, pk)
        own_profile(request)  # refused until the veteran has a profile
        return Response(self.OutputSerializer(training_for_post(request.user, post)).data)


class SkillGapListApi(ApiView):
    """Skills most often missing among looking veterans of the bureau's region: for each,
    the veterans who lack it while an open post of the region, or one of their current
    recommendations, requires it."""

    permission_classes = [IsBureau]

    class OutputSerializer(serializers.Serializer):
        class GapSerializer(serializers.Serializer):
            skill = SkillSerializer()
            veterans_missing = serializers.IntegerField()
            open_posts = serializers.IntegerField()
            openings = serializers.IntegerField()
            programmes = serializers.IntegerField(
                help_text="Programmes of the region open for enrolment that teach it."
            )

        looking_veterans = serializers.IntegerField()
        gaps = GapSerializer(many=True)

    @extend_schema(responses={200: OutputSerializer})
    def get(self, request):
        seekers, gaps = region_skill_gaps(request.user)
        data = {"looking_veterans": seekers, "gaps": gaps}
        return Response(self.OutputSerializer(data).data)
