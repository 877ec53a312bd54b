"""The two shared rubrics every installation starts with, each as its version 1.

Skipped when a shared rubric of the same name already exists. Reversing removes them, except
one a round already uses (its scores must keep their rubric).
"""

from decimal import Decimal

from django.db import migrations

RUBRICS = [
    {
        "name": "Thang điểm xét công nhận sáng kiến cấp cơ sở",
        "description": (
            "Dùng cho hội đồng xét công nhận sáng kiến của công đoàn cơ sở. Tổng điểm tối đa "
            "100. Sáng kiến đạt từ 50 điểm trở lên và không bị loại ở tiêu chí Tính mới thì "
            "được đề nghị công nhận."
        ),
        "pass_threshold": "50",
        "criteria": [
            {
                "name": "Tính mới",
                "max_points": "30",
                "eliminatory": True,
                "guidance": (
                    "So sánh giải pháp với những gì đã được công bố hoặc đã áp dụng tại cơ "
                    "quan, đơn vị trước ngày nộp đơn. Giải pháp chỉ lặp lại cách làm sẵn có, "
                    "không thay đổi gì thì chấm 0 điểm; khi trung vị điểm của hội đồng ở tiêu "
                    "chí này bằng 0, sáng kiến bị loại."
                ),
                "bands": [
                    ("27", "30", "Hoàn toàn mới, chưa áp dụng ở đâu"),
                    ("21", "26", "Mới, có cải tiến lớn so với giải pháp đã có"),
                    ("16", "20", "Có cải tiến một phần"),
                    ("1", "15", "Cải tiến nhỏ"),
                    ("0", "0", "Không có tính mới"),
                ],
            },
            {
                "name": "Khả năng áp dụng",
                "max_points": "30",
                "eliminatory": False,
                "guidance": (
                    "Xem giải pháp đã được áp dụng hay áp dụng thử trong thực tế chưa, cần "
                    "những điều kiện gì để áp dụng (kinh phí, thiết bị, trình độ người thực "
                    "hiện) và đơn vị khác có làm theo được không. Căn cứ vào xác nhận áp dụng "
                    "của đơn vị kèm theo hồ sơ."
                ),
                "bands": [
                    ("27", "30", "Đã áp dụng ổn định, có thể áp dụng ngay ở nhiều đơn vị"),
                    (
                        "21",
                        "26",
                        "Đã áp dụng có kết quả tại đơn vị, áp dụng được ở nơi có "
                        "điều kiện tương tự",
                    ),
                    ("16", "20", "Mới áp dụng thử, cần hoàn thiện thêm"),
                    ("1", "15", "Chỉ áp dụng được trong phạm vi hẹp hoặc cần nhiều điều kiện"),
                    ("0", "0", "Không áp dụng được"),
                ],
            },
            {
                "name": "Hiệu quả và lợi ích",
                "max_points": "40",
                "eliminatory": False,
                "guidance": (
                    "Đánh giá lợi ích kinh tế (tiết kiệm chi phí, thời gian, nguyên vật liệu, "
                    "tăng năng suất) và lợi ích xã hội (an toàn, vệ sinh lao động, điều kiện "
                    "làm việc, môi trường) so với trước khi áp dụng. Lợi ích có số liệu tính "
                    "toán và được đơn vị áp dụng xác nhận được chấm cao hơn lợi ích chỉ nêu "
                    "định tính."
                ),
                "bands": [
                    ("35", "40", "Hiệu quả rất cao, lợi ích lớn và được lượng hóa rõ ràng"),
                    ("28", "34", "Hiệu quả cao, lợi ích rõ ràng, có số liệu chứng minh"),
                    ("20", "27", "Có hiệu quả, lợi ích ở mức khá"),
                    ("1", "19", "Hiệu quả thấp hoặc chưa chứng minh được đầy đủ"),
                    ("0", "0", "Không mang lại hiệu quả"),
                ],
            },
        ],
    },
    {
        "name": "Thang điểm xét chọn sáng kiến cấp tỉnh",
        "description": (
            "Dùng cho hội đồng của liên đoàn lao động tỉnh, thành phố khi xét chọn sáng kiến "
            "tiêu biểu do cấp dưới đề nghị. Tổng điểm tối đa 100. Sáng kiến đạt từ 70 điểm trở "
            "lên và không bị loại ở tiêu chí Tính mới và sáng tạo thì được xét chọn."
        ),
        "pass_threshold": "70",
        "criteria": [
            {
                "name": "Tính mới và sáng tạo",
                "max_points": "25",
                "eliminatory": True,
                "guidance": (
                    "So sánh với các giải pháp đã được công nhận hoặc đã áp dụng trong phạm vi "
                    "tỉnh, thành phố. Giải pháp trùng với giải pháp đã có thì chấm 0 điểm và "
                    "bị loại."
                ),
                "bands": [
                    ("22", "25", "Mới trong phạm vi tỉnh, chưa đơn vị nào áp dụng"),
                    ("16", "21", "Cải tiến đáng kể so với giải pháp đã có trong tỉnh"),
                    ("9", "15", "Cải tiến một phần"),
                    ("1", "8", "Cải tiến nhỏ, chủ yếu vận dụng cách làm đã có"),
                    ("0", "0", "Không có tính mới"),
                ],
            },
            {
                "name": "Phạm vi ảnh hưởng",
                "max_points": "25",
                "eliminatory": False,
                "guidance": (
                    "Xét số đơn vị, số người lao động được hưởng lợi và mức độ lan tỏa của "
                    "giải pháp, căn cứ vào xác nhận của các đơn vị đã áp dụng."
                ),
                "bands": [
                    ("22", "25", "Ảnh hưởng trong toàn tỉnh hoặc toàn ngành"),
                    (
                        "16",
                        "21",
                        "Ảnh hưởng ở nhiều đơn vị trong huyện, khu công nghiệp hoặc ngành",
                    ),
                    ("9", "15", "Ảnh hưởng trong phạm vi một đơn vị"),
                    ("1", "8", "Ảnh hưởng trong một bộ phận, tổ sản xuất"),
                    ("0", "0", "Chưa có ảnh hưởng thực tế"),
                ],
            },
            {
                "name": "Giá trị làm lợi",
                "max_points": "35",
                "eliminatory": False,
                "guidance": (
                    "Giá trị làm lợi trong một năm áp dụng, tính bằng tiền theo số liệu của "
                    "đơn vị áp dụng; với lợi ích không tính được bằng tiền (an toàn, sức khỏe, "
                    "môi trường), đánh giá theo mức cải thiện có bằng chứng."
                ),
                "bands": [
                    ("30", "35", "Làm lợi rất lớn, được tính toán và xác nhận rõ ràng"),
                    ("22", "29", "Làm lợi lớn, có số liệu chứng minh"),
                    ("13", "21", "Làm lợi ở mức khá"),
                    ("1", "12", "Làm lợi nhỏ hoặc khó lượng hóa"),
                    ("0", "0", "Không làm lợi"),
                ],
            },
            {
                "name": "Khả năng nhân rộng",
                "max_points": "15",
                "eliminatory": False,
                "guidance": (
                    "Xét điều kiện để đơn vị khác áp dụng: chi phí, thiết bị, trình độ cần có, "
                    "và mức độ đầy đủ của tài liệu hướng dẫn kèm theo giải pháp."
                ),
                "bands": [
                    ("13", "15", "Nhân rộng được ngay trong toàn tỉnh"),
                    ("9", "12", "Nhân rộng được ở nhiều đơn vị có điều kiện tương tự"),
                    ("5", "8", "Nhân rộng được trong phạm vi hẹp"),
                    ("1", "4", "Khó nhân rộng"),
                    ("0", "0", "Không nhân rộng được"),
                ],
            },
        ],
    },
]


def seed_rubrics(apps, schema_editor):
    Rubric = apps.get_model("awards", "Rubric")
    RubricVersion = apps.get_model("awards", "RubricVersion")
    Criterion = apps.get_model("awards", "Criterion")
    for data in RUBRICS:
        if Rubric.objects.filter(name=data["name"], unit__isnull=True).exists():
            continue
        rubric = Rubric.objects.create(
            name=data["name"], unit=None, description=data["description"]
        )
        version = RubricVersion.objects.create(
            rubric=rubric, number=1, pass_threshold=Decimal(data["pass_threshold"])
        )
        Criterion.objects.bulk_create(
            Criterion(
                version=version,
                sort_order=order,
                name=criterion["name"],
                guidance=criterion["guidance"],
                max_points=Decimal(criterion["max_points"]),
                weight=Decimal(1),
                eliminatory=criterion["eliminatory"],
                bands=[
                    {"min": low, "max": high, "label": label}
                    for low, high, label in criterion["bands"]
                ],
            )
            for order, criterion in enumerate(data["criteria"])
        )


def unseed_rubrics(apps, schema_editor):
    Rubric = apps.get_model("awards", "Rubric")
    RubricVersion = apps.get_model("awards", "RubricVersion")
    Criterion = apps.get_model("awards", "Criterion")
    names = [data["name"] for data in RUBRICS]
    rubric_ids = list(
        Rubric.objects.filter(name__in=names, unit__isnull=True)
        .exclude(versions__rounds__isnull=False)
        .values_list("pk", flat=True)
    )
    Criterion.objects.filter(version__rubric_id__in=rubric_ids).delete()
    RubricVersion.objects.filter(rubric_id__in=rubric_ids).delete()
    Rubric.objects.filter(pk__in=rubric_ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_rubrics, unseed_rubrics),
    ]
