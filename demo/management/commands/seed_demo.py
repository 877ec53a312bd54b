from django.core.management.base import BaseCommand

from demo.accounts import demo_logins
from demo.steps import demo_notes, seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (federation, accounts, dossiers, review rounds, awards, movements, "
        "pledges, titles, public site) once; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            help=(
                "The address the site is served at, for the links printed at the end "
                "(default: the SITE_URL setting, which `make run` sets from PORT)."
            ),
        )

    def handle(self, *args, **options):
        if seed_demo():
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        rows = demo_logins()
        if not rows:
            return
        headers = ("Vai trò / Role", "E-mail", "Điện thoại / Phone", "Mật khẩu / Password")
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(4)]
        line = "+".join("-" * (width + 2) for width in widths)
        self.stdout.write("\nTài khoản demo / Demo logins (sign in at /dang-nhap/)")
        self.stdout.write(f"+{line}+")
        for index, row in enumerate([headers, *rows]):
            cells = " | ".join(str(value).ljust(widths[i]) for i, value in enumerate(row))
            self.stdout.write(f"| {cells} |")
            if index == 0:
                self.stdout.write(f"+{line}+")
        self.stdout.write(f"+{line}+")
        for note in demo_notes(options["site_url"]):
            self.stdout.write(note)
