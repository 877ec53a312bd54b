from django.core.management.base import BaseCommand, CommandError

from site_cms.models import NewsIndexPage
from site_cms.services import news_section_create, site_groups_ensure
from site_cms.slugs import page_slug
from unions.models import Unit


class Command(BaseCommand):
    help = (
        "Create or complete the editors and moderators groups of the public site and the "
        "moderation workflow on the home page (a second run changes nothing). With --section "
        "UNIT_CODE, also give that provincial federation its news section (under the main news "
        "section) and the editors group that may edit only that section."
    )

    def add_arguments(self, parser):
        parser.add_argument("--section", metavar="UNIT_CODE", help="code of the federation")
        parser.add_argument("--title", help="title of the section (default: 'Tin <unit>')")
        parser.add_argument("--slug", help="address of the section (default: from the title)")

    def handle(self, *args, **options):
        site = site_groups_ensure()
        self.stdout.write(
            self.style.SUCCESS(
                f"{site.editors.name} / {site.moderators.name} / {site.workflow.name}: OK"
            )
        )
        code = (options["section"] or "").strip()
        if not code:
            return
        unit = Unit.objects.filter(code__iexact=code, is_active=True).first()
        if unit is None:
            raise CommandError(f"No active unit has the code {code}.")
        news = NewsIndexPage.objects.filter(depth=3).order_by("path").first()
        if news is None:
            raise CommandError("Create the main news section under the home page first.")
        title = options["title"] or f"Tin {unit.short_name or unit.name}"
        section = news_section_create(
            unit=unit,
            title=title,
            slug=options["slug"] or page_slug(title),
            parent=news,
        )
        self.stdout.write(self.style.SUCCESS(f"{section.title}: {section.url}"))
