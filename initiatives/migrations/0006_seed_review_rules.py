"""The review rules as they stood when they were settings (3 months to decide, 2/3 of the
council, spread margin 20%), with their sources, in force from the day Decree 13/2012/NĐ-CP
took effect so every dossier of the registry finds them."""

import datetime

from django.db import migrations

SEED = {
    "valid_from": datetime.date(2012, 4, 20),
    "decision_months": 3,
    "decision_months_source": (
        "Nghị định 13/2012/NĐ-CP (Điều lệ Sáng kiến), Điều 7 khoản 1: việc xét công nhận sáng "
        "kiến được thực hiện trong thời hạn 03 tháng kể từ ngày chấp nhận đơn yêu cầu công nhận "
        "sáng kiến hoặc từ ngày hoàn thành việc áp dụng lần đầu, nếu sáng kiến được áp dụng lần "
        "đầu sau khi đơn được chấp nhận."
    ),
    "vote_share_numerator": 2,
    "vote_share_denominator": 3,
    "vote_share_source": (
        "Thông tư 18/2013/TT-BKHCN, Điều 8 khoản 1: quyết định của Hội đồng sáng kiến được "
        "thông qua theo nguyên tắc biểu quyết hoặc bỏ phiếu kín với ít nhất 2/3 ý kiến đồng ý "
        "của các thành viên Hội đồng."
    ),
    "spread_margin_percent": 20,
    "spread_margin_source": (
        "Quy ước chấm điểm của hệ thống (không có văn bản pháp luật quy định): điểm của các "
        "thành viên hội đồng lệch nhau quá 20% điểm tối đa thì được đánh dấu để hội đồng thảo "
        "luận lại."
    ),
    "note": "Giá trị trước đây đặt trong cấu hình (biến môi trường) của hệ thống.",
}


def seed(apps, schema_editor):
    ReviewRules = apps.get_model("initiatives", "ReviewRules")
    if not ReviewRules.objects.exists():
        ReviewRules.objects.create(**SEED)


def unseed(apps, schema_editor):
    apps.get_model("initiatives", "ReviewRules").objects.filter(
        valid_from=SEED["valid_from"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0005_review_rules")]

    operations = [migrations.RunPython(seed, unseed)]
