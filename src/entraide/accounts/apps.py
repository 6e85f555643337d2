from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "entraide.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from entraide.accounts import (
            navigation,  # noqa: F401
            signals,  # noqa: F401
        )
