"""Titles conferred before employers were kept are marked as recorded by the union (the field
added in 0007 defaults to the employer's decision, which they were not recorded as); the
figures of the rules of Lao động tiên tiến and Chiến sĩ thi đua cơ sở are seeded with their
source.

Sources: Luật Thi đua, khen thưởng 06/2022/QH15, Điều 80 (read: the head of the agency, unit,
enterprise or cooperative confers "Lao động tiên tiến" and "Chiến sĩ thi đua cơ sở"). The
exclusions of Lao động tiên tiến (under 10 months of work in the year, discipline, 40 or more
days of leave) and the share cap of Chiến sĩ thi đua cơ sở (15% of the advanced workers) are
written as issue 13 and its brief give them, citing Nghị định 98/2023/NĐ-CP: the decree's text
could not be found with the search tool, so the source says the article is to be confirmed.

The share cap is seeded switched off: the registry knows only the titles recorded through the
union for members who registered, while the cap counts every advanced worker of the employer,
members or not; switched on here (admin, "rules of the titles") it would refuse every Chiến sĩ
thi đua cơ sở of a small union. An installation that records the employer's whole list switches
it on; the check and its source are then shown with each conferral.
"""

from django.db import migrations

ND98 = "Nghị định 98/2023/NĐ-CP"
RULES = [
    (
        "advanced_worker",
        "min_months_worked",
        10,
        f"{ND98}: không xét tặng Lao động tiên tiến khi thời gian công tác trong năm dưới 10 "
        "tháng (điều khoản cần đối chiếu)",
    ),
    (
        "advanced_worker",
        "max_leave_days",
        40,
        f"{ND98}: không xét tặng Lao động tiên tiến khi nghỉ từ 40 ngày làm việc trở lên "
        "(điều khoản cần đối chiếu)",
    ),
    (
        "advanced_worker",
        "not_disciplined",
        None,
        f"{ND98}: không xét tặng Lao động tiên tiến khi bị kỷ luật trong năm (điều khoản cần "
        "đối chiếu)",
    ),
    (
        "grassroots_fighter",
        "max_share_of_advanced",
        15,
        f"{ND98}: tỷ lệ Chiến sĩ thi đua cơ sở không quá 15% số cá nhân đạt Lao động tiên tiến "
        "(điều khoản cần đối chiếu)",
    ),
]


def forward(apps, schema_editor):
    TitleConferral = apps.get_model("emulation", "TitleConferral")
    TitleRule = apps.get_model("emulation", "TitleRule")
    TitleConferral.objects.filter(employer__isnull=True).update(conferring_body="union")
    for title, kind, value, source in RULES:
        TitleRule.objects.get_or_create(
            title=title,
            kind=kind,
            defaults={
                "value": value,
                "legal_source": source,
                "is_active": kind != "max_share_of_advanced",
            },
        )


def backward(apps, schema_editor):
    apps.get_model("emulation", "TitleRule").objects.filter(
        kind__in=[kind for _t, kind, _v, _s in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0007_title_conferral_employer_and_rules"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
