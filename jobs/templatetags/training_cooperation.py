"""The agreement page's training-cooperation panel (templates/enterprises/agreement_detail.html):
the programmes linked to the agreement and the interview guarantees given, owed and lapsed. A tag,
so the enterprises app's view does not reach up into jobs."""

from django import template
from django.db.models import Count, Q

from enterprises.policies import may_act_on_agreement
from jobs.models import InterviewGuarantee
from jobs.training.selectors import agreement_guarantees, agreement_training_links

register = template.Library()

GUARANTEES_SHOWN = 20


@register.inclusion_tag("jobs/partials/agreement_training.html", takes_context=True)
def agreement_training(context, agreement):
    user = context["request"].user
    links = list(agreement_training_links(agreement))
    guarantees = agreement_guarantees(agreement)
    over = agreement.status in (agreement.Status.EXPIRED, agreement.Status.TERMINATED)
    may_act = may_act_on_agreement.allows(user, agreement)
    return {
        "agreement": agreement,
        "links": links,
        **guarantees.aggregate(
            given=Count("pk", filter=Q(status=InterviewGuarantee.Status.GIVEN)),
            owed=Count("pk", filter=Q(status=InterviewGuarantee.Status.OWED)),
            lapsed=Count("pk", filter=Q(status=InterviewGuarantee.Status.LAPSED)),
        ),
        "guarantees": list(guarantees[:GUARANTEES_SHOWN]),
        "may_link": may_act and not over,
        "may_unlink": may_act,
        "csrf_token": context.get("csrf_token"),
    }
