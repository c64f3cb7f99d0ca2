"""The veteran's answer: two ratings and an optional comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.models import Feedback
from jobs.models.feedback import COMMENT_MAX
from portal.forms import StyledFormMixin, text_box

RATINGS = [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(StyledFormMixin, forms.Form):
    score_1 = forms.ChoiceField(choices=RATINGS, widget=forms.RadioSelect)
    score_2 = forms.ChoiceField(choices=RATINGS, widget=forms.RadioSelect)
    comment = text_box(
        _("Anything else you would like to say?"),
        rows=3,
        max_length=COMMENT_MAX,
        required=False,
    )

    def __init__(self, *args, feedback: Feedback, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = feedback.questions
        self.fields["score_1"].label, self.fields["score_2"].label = first, second
        for name in ("score_1", "score_2"):
            self.fields[name].help_text = _("1: poor, 5: very good.")
            self.fields[name].error_messages["required"] = _("Choose a rating from 1 to 5.")
