"""The award catalogue every installation starts with: who issues each award, to whom, how often,
and the rules of Bằng Lao động sáng tạo (editable afterwards).

Seeding skips a code that already exists, so an edited catalogue stays as it is. Reversing
removes the seeded types, except one a decision uses or another type's rule refers to.
"""

from django.db import migrations

GRASSROOTS = ["grassroots_union", "professional_union"]
UPPER_DIRECT = [
    "district_federation",
    "local_sector_union",
    "industrial_zone_union",
    "commune_union",
    "upper_direct_union",
]
PROVINCIAL = ["provincial_federation", "central_sector_union"]
NATIONAL = ["national_federation"]

AWARD_TYPES = [
    {
        "code": "initiative-certificate",
        "name": "Giấy chứng nhận sáng kiến",
        "issuer_kinds": GRASSROOTS,
        "recipient_kind": "individual",
        "periodicity": "any_time",
        "is_initiative_certificate": True,
        "description": (
            "Cấp cho các tác giả khi hội đồng của công đoàn cơ sở công nhận sáng kiến; số và "
            "ngày của giấy chứng nhận là số và ngày của quyết định công nhận."
        ),
    },
    {
        "code": "giay-khen-co-so",
        "name": "Giấy khen của Công đoàn cơ sở",
        "issuer_kinds": GRASSROOTS,
        "recipient_kind": "both",
        "periodicity": "any_time",
        "description": (
            "Khen đoàn viên, tổ công đoàn, công đoàn bộ phận có thành tích trong phong trào thi "
            "đua lao động sáng tạo tại cơ sở."
        ),
    },
    {
        "code": "giay-khen-cap-tren",
        "name": "Giấy khen của công đoàn cấp trên trực tiếp cơ sở",
        "issuer_kinds": UPPER_DIRECT,
        "recipient_kind": "both",
        "periodicity": "any_time",
        "description": (
            "Do liên đoàn lao động cấp huyện, công đoàn ngành địa phương, công đoàn khu công "
            "nghiệp và các công đoàn cấp trên trực tiếp cơ sở khác tặng cho cá nhân và tập thể "
            "tiêu biểu trong phạm vi quản lý."
        ),
    },
    {
        "code": "bang-khen-tinh",
        "name": "Bằng khen của LĐLĐ tỉnh, thành phố / Công đoàn ngành trung ương",
        "issuer_kinds": PROVINCIAL,
        "recipient_kind": "both",
        "periodicity": "any_time",
        "description": (
            "Khen cá nhân, tập thể có thành tích xuất sắc, có sáng kiến hoặc giải pháp được áp "
            "dụng hiệu quả trong phạm vi tỉnh, thành phố hoặc ngành."
        ),
    },
    {
        "code": "bang-khen-tong-ld",
        "name": "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
        "issuer_kinds": NATIONAL,
        "recipient_kind": "both",
        "periodicity": "any_time",
        "description": (
            "Khen cá nhân, tập thể có thành tích đặc biệt xuất sắc, tiêu biểu trong phong trào "
            "công nhân, viên chức, lao động và hoạt động công đoàn cả nước."
        ),
    },
    {
        "code": "bang-ldst",
        "name": "Bằng Lao động sáng tạo",
        "issuer_kinds": NATIONAL,
        "recipient_kind": "individual",
        "periodicity": "yearly",
        "description": (
            "Tổng Liên đoàn tặng hằng năm cho người lao động có giải pháp, sáng kiến mang lại "
            "giá trị làm lợi lớn đã được xác minh. Điều kiện về giá trị làm lợi được ghi thành "
            "quy tắc bên dưới và có thể điều chỉnh khi quy chế thay đổi."
        ),
        "rules": [
            {"alternative": 1, "kind": "min_benefit", "amount_vnd": 80_000_000, "sort_order": 1},
            {
                "alternative": 1,
                "kind": "min_benefit_over_years",
                "amount_vnd": 120_000_000,
                "years": 3,
                "sort_order": 2,
            },
        ],
    },
    {
        "code": "co-thi-dua-tinh",
        "name": "Cờ thi đua của LĐLĐ tỉnh, thành phố / Công đoàn ngành trung ương",
        "issuer_kinds": PROVINCIAL,
        "recipient_kind": "collective",
        "periodicity": "yearly",
        "description": (
            "Tặng hằng năm cho tập thể dẫn đầu phong trào thi đua trong khối, cụm thi đua của "
            "tỉnh, thành phố hoặc ngành."
        ),
    },
    {
        "code": "co-thi-dua-tong-ld",
        "name": "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam",
        "issuer_kinds": NATIONAL,
        "recipient_kind": "collective",
        "periodicity": "yearly",
        "description": (
            "Tặng hằng năm cho tập thể tiêu biểu xuất sắc, dẫn đầu phong trào thi đua trong "
            "toàn quốc."
        ),
    },
    {
        "code": "giai-thuong-nguyen-duc-canh",
        "name": "Giải thưởng Nguyễn Đức Cảnh",
        "issuer_kinds": NATIONAL,
        "recipient_kind": "individual",
        "periodicity": "five_yearly",
        "quota_per_year": 100,
        "description": (
            "Xét trao năm năm một lần cho công nhân trực tiếp sản xuất có tay nghề cao, có "
            "nhiều sáng kiến, cải tiến kỹ thuật mang lại hiệu quả và tích cực truyền nghề cho "
            "đồng nghiệp."
        ),
    },
]

SEEDED_CODES = [data["code"] for data in AWARD_TYPES]


def seed_award_types(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    EligibilityRule = apps.get_model("awards", "EligibilityRule")
    for order, data in enumerate(AWARD_TYPES, start=1):
        if AwardType.objects.filter(code=data["code"]).exists():
            continue
        award_type = AwardType.objects.create(
            code=data["code"],
            name=data["name"],
            issuer_kinds=list(data["issuer_kinds"]),
            recipient_kind=data["recipient_kind"],
            periodicity=data["periodicity"],
            quota_per_year=data.get("quota_per_year"),
            is_initiative_certificate=data.get("is_initiative_certificate", False),
            description=data["description"],
            sort_order=order * 10,
            is_active=True,
        )
        EligibilityRule.objects.bulk_create(
            EligibilityRule(award_type=award_type, **rule) for rule in data.get("rules", [])
        )


def unseed_award_types(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    EligibilityRule = apps.get_model("awards", "EligibilityRule")
    AwardDecision = apps.get_model("awards", "AwardDecision")
    kept = set(
        AwardDecision.objects.filter(award_type__code__in=SEEDED_CODES).values_list(
            "award_type__code", flat=True
        )
    )
    # A rule of a type that stays ("holds Bằng khen …") keeps the type it refers to, and so on.
    while True:
        referred = set(
            EligibilityRule.objects.filter(prior_award__code__in=SEEDED_CODES)
            .exclude(award_type__code__in=set(SEEDED_CODES) - kept)
            .values_list("prior_award__code", flat=True)
        )
        if referred <= kept:
            break
        kept |= referred
    removable = [code for code in SEEDED_CODES if code not in kept]
    EligibilityRule.objects.filter(award_type__code__in=removable).delete()
    AwardType.objects.filter(code__in=removable).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_benefits_awards_certificates"),
    ]

    operations = [
        migrations.RunPython(seed_award_types, unseed_award_types),
    ]
