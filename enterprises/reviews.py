"""How enterprises, branches and agreements are decided (portal.review): each decision once,
taken alike by the review pages, the API and the admin."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from enterprises import services
from enterprises.forms.ministry import SignForm
from enterprises.models import Agreement, Branch, Enterprise
from enterprises.policies import may_act_on_agreement, may_review_branch, may_review_enterprise
from portal.review import Decision, NothingForm, ReasonForm, Review

APPROVED = Enterprise.Status.APPROVED


class AgreementSignSerializer(serializers.Serializer):
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)


ENTERPRISE_REVIEW = Review(
    model=Enterprise,
    rule=may_review_enterprise,
    subject="enterprise",
    actor="reviewer",
    url="enterprises:enterprise_{name}",
    settled=_("This application has been decided."),
    decisions=(
        Decision(
            name="approve",
            service=services.enterprise_approve,
            target=APPROVED,
            sources=(Enterprise.Status.APPLIED,),
            label=_("Approve"),
            icon="bi-check-lg",
            success=_("The enterprise is approved and has been told by e-mail."),
        ),
        Decision(
            name="reject",
            service=services.enterprise_reject,
            target=Enterprise.Status.REJECTED,
            form=ReasonForm,
            label=_("Reject"),
            icon="bi-x-lg",
            danger=True,
            confirm=_("Reject this application? The enterprise will be told the reason by e-mail."),
            success=_("The application is rejected; the enterprise has been told why."),
        ),
        Decision(
            name="suspend",
            service=services.enterprise_suspend,
            target=Enterprise.Status.SUSPENDED,
            form=ReasonForm,
            label=_("Suspend"),
            danger=True,
            confirm=_("Suspend this enterprise? Its staff will be told the reason by e-mail."),
            success=_("The enterprise is suspended; it has been told why."),
        ),
        Decision(
            name="reinstate",
            service=services.enterprise_reinstate,
            target=APPROVED,
            sources=(Enterprise.Status.SUSPENDED,),
            label=_("Reinstate"),
            success=_("The enterprise is reinstated and has been told by e-mail."),
        ),
    ),
)

BRANCH_REVIEW = Review(
    model=Branch,
    rule=may_review_branch,
    subject="branch",
    actor="reviewer",
    url="enterprises:branch_{name}",
    decisions=(
        Decision(
            name="approve",
            service=services.branch_approve,
            target=Branch.Status.APPROVED,
            label=_("Approve"),
            icon="bi-check-lg",
            success=_("The branch is approved; the enterprise may now publish posts under it."),
        ),
        Decision(
            name="reject",
            service=services.branch_reject,
            target=Branch.Status.REJECTED,
            form=ReasonForm,
            label=_("Reject"),
            icon="bi-x-lg",
            danger=True,
            confirm=_("Reject this branch? The enterprise will be told the reason by e-mail."),
            success=_("The branch is rejected; the enterprise has been told why."),
        ),
    ),
)

AGREEMENT_REVIEW = Review(
    model=Agreement,
    rule=may_act_on_agreement,
    subject="agreement",
    actor="actor",
    url="enterprises:agreement_{name}",
    title=_("Next step"),
    decisions=(
        Decision(
            name="sign",
            service=services.agreement_sign,
            target=Agreement.Status.SIGNED,
            form=SignForm,
            serializer=AgreementSignSerializer,
            label=_("Record the signing"),
            icon="bi-pen",
            success=_("The agreement is signed."),
        ),
        Decision(
            name="activate",
            service=services.agreement_activate,
            target=Agreement.Status.ACTIVE,
            form=NothingForm,
            label=_("Put into force"),
            icon="bi-play-fill",
            explanation=_("Once in force, the enterprise can count its posts against the pledge."),
            success=_("The agreement is in force; posts may now count against its pledge."),
        ),
        Decision(
            name="expire",
            service=services.agreement_expire,
            target=Agreement.Status.EXPIRED,
            form=NothingForm,
            label=_("Mark as expired"),
            icon="bi-hourglass-bottom",
            confirm=_("Mark this agreement as expired? No more posts can count against it."),
            success=_("The agreement has expired."),
        ),
        Decision(
            name="terminate",
            service=services.agreement_terminate,
            target=Agreement.Status.TERMINATED,
            form=ReasonForm,
            label=_("Terminate"),
            danger=True,
            confirm=_(
                "Terminate this agreement? The enterprise will be told the reason by e-mail."
            ),
            success=_("The agreement is terminated; the enterprise has been told why."),
        ),
    ),
)
