from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class DirectoryConfig(AppConfig):
    name = "entraide.directory"
    label = "directory"
    verbose_name = "Directory of self-help groups"

    def ready(self) -> None:
        from entraide.directory import navigation  # noqa: F401
        from entraide.directory.schema import restore_search_index, set_aside_search_index

        pre_migrate.connect(set_aside_search_index, sender=self)
        post_migrate.connect(restore_search_index, sender=self)
