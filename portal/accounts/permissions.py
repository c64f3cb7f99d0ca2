"""Role gates for the API, one DRF permission class per role.

A gate only checks the role; whether the object is in the user's scope is the selector's
business (404) and whether the user may act on it is the service's (403 or 409).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from portal.accounts.models import ORGANISATION_STAFF_ROLES, User


class RoleRequired(BasePermission):
    roles: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in self.roles)


class IsVeteran(RoleRequired):
    roles = (User.Role.VETERAN,)
    message = _("Only veterans may do this.")


class IsEnterpriseStaff(RoleRequired):
    roles = (User.Role.ENTERPRISE,)
    message = _("Only enterprise staff may do this.")


class IsBureau(RoleRequired):
    roles = (User.Role.BUREAU,)
    message = _("Only veterans-affairs bureau staff may do this.")


class IsMinistry(RoleRequired):
    roles = (User.Role.MINISTRY,)
    message = _("Only the ministry may do this.")


class IsRegulator(RoleRequired):
    """Bureau staff or the ministry: the authorities that review, verify and follow up."""

    roles = (User.Role.BUREAU, User.Role.MINISTRY)
    message = _("Only the veterans-affairs authorities may do this.")


class IsHireRecorder(RoleRequired):
    """Enterprise staff or bureau staff: who record a hire made at an event or directly."""

    roles = (User.Role.ENTERPRISE, User.Role.BUREAU)
    message = _("Only enterprise or veterans-affairs bureau staff may do this.")


class IsTrainingStaff(RoleRequired):
    """The authorities, and a training institution's staff for its own programmes."""

    roles = (User.Role.BUREAU, User.Role.MINISTRY, User.Role.INSTITUTION)
    message = _("Only the veterans-affairs authorities or a training institution may do this.")


class IsProgrammeWriter(RoleRequired):
    """Bureau staff (the region's catalogue) or a training institution's staff (proposals)."""

    roles = (User.Role.BUREAU, User.Role.INSTITUTION)
    message = _("Only a veterans-affairs bureau or a training institution may do this.")


class IsOfficerManager(RoleRequired):
    roles = (User.Role.BUREAU,)
    message = _("Only veterans-affairs bureau staff may do this.")


class IsOrganisationStaff(RoleRequired):
    """Staff of an enterprise, a bureau or the ministry: whom the quarterly communication
    addresses (the pages' organisation_staff_required)."""

    roles = ORGANISATION_STAFF_ROLES
    message = _("Only the staff of an enterprise, a bureau or the ministry may do this.")
