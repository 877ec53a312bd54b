"""Replace Wagtail's placeholder welcome page with our HomePage as the default site's root."""

from django.db import migrations

INTRODUCTION = (
    "Nơi đoàn viên gửi sáng kiến, hội đồng các cấp chấm điểm, và công đoàn theo dõi phong trào "
    "“Lao động giỏi, lao động sáng tạo” từ cơ sở đến Tổng Liên đoàn."
)


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("site_cms.HomePage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="site_cms")
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="Thi đua – Sáng kiến Công đoàn",
        draft_title="Thi đua – Sáng kiến Công đoàn",
        slug="trang-chu",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/trang-chu/",
        locale=locale,
        introduction=INTRODUCTION,
    )
    root.numchild = Page.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk,
                  "site_name": "Thi đua – Sáng kiến Công đoàn"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("site_cms", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
