"""The review workflow as one piece: the decisions an authority takes on an object (approve,
reject, suspend, sign, confirm a report...), declared once per kind of object and taken
alike by the pages, the API and the admin.

An app declares a Review per kind of object (enterprises/reviews.py, jobs/reviews.py): the
model, the rule that says who may decide (``<app>/policies.py``) and its Decisions, each
naming the service that takes it. Then

- a page shows ``review_panel(...)`` through templates/includes/review.html (the decision
  forms the user may use now, and the audit trail) and posts each form to its own URL,
  whose view calls ``decide(...)``;
- the API's operation is ``decision_api(...)``: the same service, the same refusal;
- the admin's action is ``decision_action(...)``.

The services check the rule again under their row lock; nothing here decides on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from portal.api import ApiView, ScopedPrimaryKeyRelatedField, validated
from portal.forms import StyledFormMixin, text_box
from portal.refusals import REFUSALS, refusal_message, run_for_each, run_service
from portal.rules import Rule
from portal.text import NOTE_MAX

TEXT_MAX_LENGTH = NOTE_MAX


# --- what a decider writes: on a page (forms) and in the API (serializers) -----------------


class NoteForm(StyledFormMixin, forms.Form):
    """An approval's optional note."""

    note = text_box(_("Note"), rows=2, max_length=TEXT_MAX_LENGTH, required=False)


class ReasonForm(StyledFormMixin, forms.Form):
    """Rejections, suspensions and terminations are explained to the enterprise by e-mail."""

    reason = text_box(
        _("Reason"),
        rows=3,
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": _("Give a reason for this decision.")},
        help_text=_("The enterprise receives this reason by e-mail."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for this decision."))
        return reason


class FindingForm(StyledFormMixin, forms.Form):
    """The bureau's note on a report; the reporter and, if confirmed, the enterprise see it."""

    note = text_box(
        _("Finding"),
        rows=2,
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": _("Write down what you found before deciding.")},
    )


class NothingForm(forms.Form):
    """A decision that needs no words (putting an agreement into force)."""


class ReviewNoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH
    )


class ReviewReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, help_text="Why; the enterprise is told."
    )


class ResolutionSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, help_text="What the bureau found; the reporter is told."
    )


class NothingSerializer(serializers.Serializer):
    pass


# What the API asks for a decision taken on a page with each of these forms.
SERIALIZER_OF_FORM = {
    NoteForm: ReviewNoteSerializer,
    ReasonForm: ReviewReasonSerializer,
    FindingForm: ResolutionSerializer,
    NothingForm: NothingSerializer,
}


# --- decisions and reviews ------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """One decision: the service that takes it and how the pages offer it.

    ``service`` is called as ``service(<subject>=obj, <actor>=user, **what was written)``;
    ``target`` is the status it moves the object to and ``sources`` the statuses it is
    offered in (by default every status the model's transition map lets reach ``target``).
    The API's ``serializer`` is by default the one that asks what ``form`` asks.
    """

    name: str
    service: Callable
    target: str
    label: Promise
    success: Promise
    form: type[forms.Form] = NoteForm
    serializer: type[serializers.Serializer] | None = None
    sources: tuple[str, ...] = ()
    confirm: Promise | str = ""
    explanation: Promise | str = ""
    icon: str = ""
    danger: bool = False

    def __post_init__(self):
        if self.serializer is None:
            object.__setattr__(self, "serializer", SERIALIZER_OF_FORM[self.form])

    def take(self, review: "Review", obj, actor, data: dict):
        return self.service(**{review.subject: obj, review.actor: actor}, **data)


@dataclass(frozen=True)
class Review:
    """How one kind of object is reviewed: who may decide (``rule``) and the decisions.

    ``url`` names the page route of each decision: ``url.format(name=...)``, taking the
    object's pk (e.g. "jobs:post_{name}").
    """

    model: type[models.Model]
    rule: Rule
    subject: str
    actor: str
    url: str
    decisions: tuple[Decision, ...]
    title: Promise = _("Decision")
    settled: Promise | str = ""
    by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "by_name", {d.name: d for d in self.decisions})

    def decision(self, name: str) -> Decision:
        return self.by_name[name]

    def sources(self, decision: Decision) -> set[str]:
        if decision.sources:
            return set(decision.sources)
        moves = self.model.TRANSITIONS
        return {source for source, targets in moves.items() if decision.target in targets}

    def offered(self, user, obj) -> list[Decision]:
        """The decisions this user may take on the object as it stands."""
        if not self.rule.allows(user, obj):
            return []
        return [d for d in self.decisions if obj.status in self.sources(d)]


def review_panel(review: Review, user, obj, events, bound: dict | None = None) -> dict:
    """What templates/includes/review.html shows: the forms of the decisions on offer (a
    form the user got wrong comes back in ``bound``, with its errors) and the trail."""
    bound = bound or {}
    choices = [
        {
            "decision": decision,
            "form": bound.get(decision.name) or decision.form(),
            "url": reverse(review.url.format(name=decision.name), args=[obj.pk]),
        }
        for decision in review.offered(user, obj)
    ]
    shown = review.rule.allows(user, obj) and bool(choices or review.settled)
    return {"title": review.title, "choices": choices, "shown": shown,
            "settled": review.settled, "events": events}  # fmt: skip


# --- the pages, the API and the admin take them alike --------------------------------------


def decide(request, review: Review, name: str, obj, *, page, done: str, back: str):
    """The page's POST of one decision: bad input shows the page again with the form's
    errors; the service's refusal or success is told as a message, then ``done`` (taken)
    or ``back`` (refused), both URLs."""
    decision = review.decision(name)
    form = decision.form(request.POST)
    if not form.is_valid():
        return page(request, obj, bound={name: form})
    taken = run_service(
        request,
        lambda: decision.take(review, obj, request.user, form.cleaned_data),
        decision.success,
    )
    return redirect(done if taken else back)


def decision_view(review: Review, name: str, *, gate, fetch, page, done, back):
    """The page route of one decision: POST only, behind the role ``gate``; ``fetch(request,
    pk)`` finds the object in the user's scope; ``done(pk)`` and ``back(pk)`` are where the
    user goes after the decision is taken or refused."""

    @require_POST
    @gate
    def view(request, pk):
        obj = fetch(request, pk)
        return decide(request, review, name, obj, page=page, done=done(pk), back=back(pk))

    view.__name__ = view.__qualname__ = f"{review.subject}_{name}"
    return view


def decision_api(
    review: Review, name: str, *, class_name: str, selector, answer, output, permissions
):
    """The API operation of one decision: the object through the user's scoped selector
    (404 outside it), the input checked, the same service, ``answer(request, result)``."""
    decision = review.decision(name)

    def post(self, request, pk):
        obj = get_object_or_404(selector(request.user), pk=pk)
        data = validated(decision.serializer, request)
        return answer(request, decision.take(review, obj, request.user, dict(data)))

    doc = f"{decision.label}: the service the page calls, refused alike (portal.review)."
    attrs = {"post": post, "permission_classes": permissions, "__doc__": doc}
    view = type(class_name, (ApiView,), attrs)
    return extend_schema(methods=["POST"], request=decision.serializer, responses={200: output})(
        view
    )


def decision_action(review: Review, name: str, description: Promise):
    """An admin action taking one decision on each selected row; the text box beside the
    action menu (ReasonActionForm) gives its note or reason."""
    decision = review.decision(name)
    fields = list(decision.form.base_fields)

    def action(modeladmin, request, queryset):
        text = request.POST.get("reason", "")
        data = {fields[0]: text} if fields else {}
        done = run_for_each(
            modeladmin,
            request,
            queryset,
            lambda obj: decision.take(review, obj, request.user, data),
        )
        if done:
            message = _("%(count)d decided.") % {"count": done}
            modeladmin.message_user(request, message, messages.SUCCESS)

    action.__name__ = name
    return admin.action(description=description)(action)


class ReasonActionForm(ActionForm):
    """Adds a text box beside the admin's action menu, for a decision's note or reason."""

    reason = forms.CharField(label=_("Reason"), required=False)


# --- bulk decisions: many objects, each through the one-object service ---------------------

# A page of a review queue at most: a bigger selection is a slip, not a decision.
BULK_MAX = 200


@dataclass
class BulkOutcome:
    """What a bulk decision did: the objects decided, and each refusal with its sentence
    and code (the object stays as it was)."""

    decided: list = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)


def decide_many(review: Review, name: str, objects, actor, data: dict) -> BulkOutcome:
    """Take one decision on each object in turn through the decision's single-object
    service: each in its own transaction, with its own lock, rule check, audit event and
    notice, so one refusal (decided meanwhile by a colleague, out of the actor's region)
    leaves the others decided. The caller has already kept the objects to the actor's
    scope (its selector)."""
    decision, outcome = review.decision(name), BulkOutcome()
    for obj in objects:
        try:
            decision.take(review, obj, actor, data)
        except REFUSALS as error:
            code = getattr(error, "code", None) or type(error).__name__
            outcome.refused.append({"object": obj, "detail": refusal_message(error), "code": code})
        else:
            outcome.decided.append(obj)
    return outcome


def _bulk_data(decision: Decision, text: str) -> dict:
    """The one note or reason written for all, under the name the decision's form uses."""
    fields = list(decision.form.base_fields)
    return {fields[0]: text} if fields else {}


class BulkSelectionForm(forms.Form):
    """The objects ticked on a queue page, each one the user's to see (``queryset``)."""

    ids = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={
            "required": _("Tick at least one item first."),
            "invalid_choice": _("One of the ticked items is not in your scope any more."),
            "invalid_pk_value": _("One of the ticked items is not in your scope any more."),
        },
    )
    reason = forms.CharField(required=False, max_length=TEXT_MAX_LENGTH)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].queryset = queryset

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        if len(ids) > BULK_MAX:
            raise forms.ValidationError(
                _("Decide at most %(max)d items at once.") % {"max": BULK_MAX}
            )
        return ids


def bulk_decision_view(review: Review, name: str, *, gate, selector, done: str):
    """The page route of one decision taken on every ticked object of a queue (POST only):
    the selection is checked against ``selector(user)`` (anything outside it refuses the
    whole selection), the one reason against the decision's form, then each object goes
    through the single-object service; ``done`` is the queue's URL name."""
    decision = review.decision(name)

    @require_POST
    @gate
    def view(request):
        selection = BulkSelectionForm(request.POST, queryset=selector(request.user))
        if not selection.is_valid():
            messages.error(request, next(iter(selection.errors.values()))[0])
            return redirect(done)
        form = decision.form(_bulk_data(decision, selection.cleaned_data["reason"]))
        if not form.is_valid():
            messages.error(request, next(iter(form.errors.values()))[0])
            return redirect(done)
        objects = selection.cleaned_data["ids"].order_by("pk")
        outcome = decide_many(review, name, objects, request.user, form.cleaned_data)
        _tell_bulk(request, decision, outcome)
        return redirect(done)

    view.__name__ = view.__qualname__ = f"{review.subject}_bulk_{name}"
    return view


def _tell_bulk(request, decision: Decision, outcome: BulkOutcome) -> None:
    if outcome.decided:
        count = len(outcome.decided)
        messages.success(
            request,
            ngettext(
                "%(decision)s: %(count)d item done; each is recorded in its own trail.",
                "%(decision)s: %(count)d items done; each is recorded in its own trail.",
                count,
            )
            % {"decision": decision.label, "count": count},
        )
    for refused in outcome.refused:
        messages.error(request, f"{refused['object']}: {refused['detail']}")


class BulkRefusalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()


class BulkOutcomeSerializer(serializers.Serializer):
    decided = serializers.ListField(child=serializers.IntegerField(), help_text="Ids decided.")
    refused = BulkRefusalSerializer(many=True, help_text="Ids left as they were, and why.")


def bulk_decision_api(review: Review, name: str, *, class_name: str, selector, permissions):
    """The API operation of one decision on many objects: ``ids`` (each in the caller's
    scope, else 400 as an unknown id and nothing is decided) and the one note or reason;
    each object through the same single-object service as its page."""
    decision = review.decision(name)
    ids = ScopedPrimaryKeyRelatedField(
        selector=selector,
        queryset=review.model.objects.all(),
        many=True,
        allow_empty=False,
        help_text=f"Ids to decide (at most {BULK_MAX}), each in the caller's scope.",
    )
    serializer = type(
        f"{class_name}Input", (decision.serializer,), {"ids": ids, "__module__": __name__}
    )

    def post(self, request):
        data = dict(validated(serializer, request))
        objects = sorted(data.pop("ids"), key=lambda obj: obj.pk)
        if len(objects) > BULK_MAX:
            raise ValidationError(
                {"ids": _("Decide at most %(max)d items at once.") % {"max": BULK_MAX}}
            )
        outcome = decide_many(review, name, objects, request.user, data)
        body = {
            "decided": [obj.pk for obj in outcome.decided],
            "refused": [
                {"id": r["object"].pk, "detail": r["detail"], "code": r["code"]}
                for r in outcome.refused
            ],
        }
        return Response(BulkOutcomeSerializer(body).data)

    doc = f"{decision.label}, for many at once: each through the service one decision uses."
    attrs = {"post": post, "permission_classes": permissions, "__doc__": doc}
    view = type(class_name, (ApiView,), attrs)
    return extend_schema(
        methods=["POST"], request=serializer, responses={200: BulkOutcomeSerializer}
    )(view)
