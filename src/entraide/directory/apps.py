from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "entraide.directory"
    label = "directory"
    verbose_name = "Directory of self-help groups"
