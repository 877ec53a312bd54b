"""Names, positions and qualifications the demo's people are drawn from (invented people)."""

import random

FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
    "Mai",
    "Hà",
]
MIDDLE_NAMES_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân", "Đình", "Anh"]
MIDDLE_NAMES_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Phương", "Minh", "Diệu", "Bích"]
GIVEN_NAMES_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tài",
    "Thắng",
    "Toàn",
    "Trung",
    "Vinh",
]
GIVEN_NAMES_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Trang",
    "Yến",
]
POSITIONS = [
    "Công nhân vận hành",
    "Kỹ thuật viên",
    "Tổ trưởng sản xuất",
    "Nhân viên kế toán",
    "Kỹ sư cơ khí",
    "Giáo viên",
    "Điều dưỡng",
    "Bác sĩ",
    "Nhân viên kinh doanh",
    "Trưởng ca",
    "Thợ hàn",
    "Lái xe",
]
QUALIFICATIONS = [
    "Công nhân kỹ thuật bậc 4/7",
    "Trung cấp",
    "Cao đẳng",
    "Đại học",
    "Thạc sĩ",
    "Kỹ sư",
    "Cử nhân",
]


def person_name(rng: random.Random) -> tuple[str, str]:
    """(last name, first name) of a man or a woman, drawn from the lists above."""
    if rng.random() < 0.5:
        middle, given = rng.choice(MIDDLE_NAMES_M), rng.choice(GIVEN_NAMES_M)
    else:
        middle, given = rng.choice(MIDDLE_NAMES_F), rng.choice(GIVEN_NAMES_F)
    return f"{rng.choice(FAMILY_NAMES)} {middle}", given
