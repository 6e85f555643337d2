"""The admin is read-only: every write goes through the services, which audit it."""

from django.contrib import admin

from entraide.accounts.models import Membership, Organisation, Unit, User
from entraide.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "display_name", "language", "is_active", "last_login"]
    search_fields = ["email", "display_name"]
    exclude = ["password"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "canton", "is_active"]
    list_filter = ["kind", "canton"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "institution", "canton"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
