"""How a start-up's declaration is decided (portal.review): confirmed or not, by the bureau
of its region, taken alike by the start-up's page and the admin."""

from django.utils.translation import gettext_lazy as _

from portal.review import Decision, NoteForm, ReasonForm, Review, ReviewReasonSerializer
from startups import services
from startups.models import StartUp
from startups.policies import may_confirm_startup


class StartUpReasonForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("The veteran receives this reason by e-mail.")


STARTUP_REVIEW = Review(
    model=StartUp,
    rule=may_confirm_startup,
    subject="startup",
    actor="reviewer",
    url="startups:startup_{name}",
    settled=_("This declaration has been decided."),
    decisions=(
        Decision(
            name="confirm",
            service=services.startup_confirm,
            target=StartUp.Status.CONFIRMED,
            form=NoteForm,
            label=_("Confirm"),
            icon="bi-check-lg",
            explanation=_(
                "Confirm once you have checked the business licence and that the founder "
                "is a veteran of your region."
            ),
            success=_("The start-up is confirmed; the founder has been told."),
        ),
        Decision(
            name="reject",
            service=services.startup_reject,
            target=StartUp.Status.REJECTED,
            form=StartUpReasonForm,
            serializer=ReviewReasonSerializer,
            label=_("Do not confirm"),
            icon="bi-x-lg",
            danger=True,
            confirm=_("Not confirm this start-up? The founder will be told the reason."),
            success=_("The start-up is not confirmed; the founder has been told why."),
        ),
    ),
)
