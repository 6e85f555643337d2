"""The admin is for operators and read-only: writes go through the audited services."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group

from entraide.core.models import AuditEntry, Canton, Language, OutboxMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


for model in (Group, EmailAddress, Authenticator):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]


@admin.register(Canton)
class CantonAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_fr", "name_de", "name_it", "name_en"]


@admin.register(Language)
class LanguageAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_fr", "is_interface", "is_national"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "status", "attempts", "language"]
    list_filter = ["status", "kind"]
    exclude = ["body", "html_body", "subject", "to_email"]
