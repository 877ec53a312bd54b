from django.core.management.base import BaseCommand

from site_cms.services import site_groups_ensure


class Command(BaseCommand):
    help = (
        "Create or complete the editors and moderators groups of the public site and the "
        "moderation workflow on the home page (a second run changes nothing)."
    )

    def handle(self, *args, **options):
        site = site_groups_ensure()
        self.stdout.write(
            self.style.SUCCESS(
                f"{site.editors.name} / {site.moderators.name} / {site.workflow.name}: OK"
            )
        )
