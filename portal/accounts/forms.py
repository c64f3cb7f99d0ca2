"""Sign-up, log-in and verification-link forms. They validate; the services write."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.accounts.notifications import kinds_for
from portal.accounts.selectors import emailed_kinds_of, texted_kinds_of
from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region


class SignupForm(StyledFormMixin, UserCreationForm):
    """Username, e-mail and the password twice; the account is always a veteran's."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address to activate your account."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in, or reset its password."
                ),
                code="email_taken",
            )
        return email


class LoginForm(StyledFormMixin, AuthenticationForm):
    """Django's log-in, telling an account still awaiting its e-mail link what to do.

    The hint is given only after the right password, so it reveals nothing to a stranger.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "inactive": _(
            "Your account is not active yet. Open the link in the e-mail we sent you, "
            "or ask for a new link below."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            username = self.cleaned_data.get("username")
            password = self.cleaned_data.get("password")
            user = User.objects.filter(username=username, is_active=False).first()
            if user is not None and password and user.check_password(password):
                raise ValidationError(self.error_messages["inactive"], code="inactive") from None
            raise


class ResendVerificationForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class OneTimePasswordForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("One-time password"),
        min_length=6,
        max_length=6,
        help_text=_("The 6 digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise ValidationError(_("Enter the 6 digits only."), code="not_digits")
        return token


class RecoveryCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=20,
        help_text=_(
            "One of the recovery codes you kept when you set up your authenticator app, for example abcd-efgh."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


class NotificationSettingsForm(StyledFormMixin, forms.Form):
    """The language of one's messages and the kinds of event that also come by e-mail."""

    # The service's sentences, so the page and the API refuse alike.
    language = forms.ChoiceField(
        label=_("Language of e-mails and messages"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose one of the languages offered.")},
    )
    emailed_kinds = forms.MultipleChoiceField(
        label=_("Also send these by e-mail"),
        error_messages={"invalid_choice": _("Choose among the kinds of notice offered.")},
        help_text=_("Everything always lands in your inbox on the portal."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    texted_kinds = forms.MultipleChoiceField(
        label=_("Also send these by text message"),
        help_text=_("At most a few a day, to your verified mobile number."),
        error_messages={"invalid_choice": _("Choose among the kinds of notice offered.")},
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs):
        kinds = [(name, kind.label) for name, kind in kinds_for(user).items()]
        initial = {
            "language": user.language,
            "emailed_kinds": emailed_kinds_of(user),
            "texted_kinds": texted_kinds_of(user),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["emailed_kinds"].choices = self.fields["texted_kinds"].choices = kinds
        if not user.phone_verified_at:
            del self.fields["texted_kinds"]  # the page offers to verify a number instead


class PhoneForm(StyledFormMixin, forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("We send a six-digit code to this number."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class PhoneCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AccountDeleteForm(StyledFormMixin, forms.Form):
    """The password again, and a box that says what deletion means: it cannot be undone."""

    password = forms.CharField(
        label=_("your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my account and my personal data are erased at once and cannot be restored."
        ),
    )


class OfficerCreateForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("user name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    first_name = forms.CharField(label=_("full name"), max_length=150, required=False)
    region = RegionChoiceField(label=_("region"), queryset=Region.objects.none())

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.within(manager.region).select_related("parent").order_by("code")
        # Offered: the manager's subtree; taken: any region, so that one outside it meets
        # the service's rule (accounts.may_manage_officers) and its sentence, as in the API.
        self.fields["region"].queryset = Region.objects.all() if self.is_bound else regions
        self.fields["region"].initial = manager.region_id
        self.fields["region"].widget.attrs["class"] = "form-select"
