"""Search that ignores Vietnamese diacritics and case, the same on SQLite and PostgreSQL."""

import pytest
from django.db.models import Value
from django.db.models.functions import Concat

from accounts.models import User
from accounts.search import fold, search
from tests.factories import UserFactory, make_unit
from unions.enums import UnitKind
from unions.models import Unit

NAMES = [
    "Sáng kiến cải tiến kỹ thuật năm 2024",
    "Lao động sáng tạo cấp tỉnh",
    "Lao động thành phố Việt Trì",
    "Đông Hà quê hương",
    "Công đoàn cơ sở Bệnh viện Đa khoa tỉnh",
    "Người lao động tiêu biểu",
    "Ưu tú ngành Giáo dục",
]


@pytest.fixture
def units(db):
    national = make_unit(name="Tổng Liên đoàn Lao động Việt Nam", code="TLD")
    province = make_unit(national, name="Liên đoàn Lao động tỉnh Quảng Trị", code="QTR")
    district = make_unit(province, name="Liên đoàn Lao động thành phố Đông Hà", code="DHA")
    made = {}
    for number, name in enumerate(NAMES):
        made[name] = make_unit(
            district, name=name, code=f"S{number:02d}", kind=UnitKind.GRASSROOTS_UNION
        )
    return made


def found(query: str, fields=("name",)) -> list[str]:
    names = search(Unit.objects.filter(code__startswith="S"), query, fields)
    return sorted(names.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sáng kiến", "sang kien"),
        ("Lao động", "lao dong"),
        ("Đông Hà", "dong ha"),
        ("ĐỒNG THÁP", "dong thap"),
        ("Người lao động ưu tú", "nguoi lao dong uu tu"),
        ("Kỹ thuật Ơ Ư Ă Â Ê Ô", "ky thuat o u a a e o"),
        ("Huế", "hue"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_strips_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_text_like_composed():
    decomposed = "Đông Hà".replace("ô", "o\u0302").replace("à", "a\u0300")

    assert decomposed != "Đông Hà"
    assert fold(decomposed) == "dong ha"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sang kien", ["Sáng kiến cải tiến kỹ thuật năm 2024"]),
        (
            "lao dong",
            [
                "Lao động sáng tạo cấp tỉnh",
                "Lao động thành phố Việt Trì",
                "Người lao động tiêu biểu",
            ],
        ),
        ("Dong Ha", ["Đông Hà quê hương"]),
        ("uu tu", ["Ưu tú ngành Giáo dục"]),
        ("ky thuat 2024", ["Sáng kiến cải tiến kỹ thuật năm 2024"]),
    ],
)
def test_search_without_diacritics_finds_names_with_them(units, query, expected):
    assert found(query) == expected


@pytest.mark.parametrize(
    "query",
    ["đông hà", "ĐÔNG HÀ", "Đong Ha", "dONG hA", "DONG HA", "đÔNG Hà"],
)
def test_search_matches_d_with_stroke_and_any_case(units, query):
    assert found(query) == ["Đông Hà quê hương"]


def test_search_with_diacritics_finds_plain_spelling(units):
    assert found("Sáng Kiến") == ["Sáng kiến cải tiến kỹ thuật năm 2024"]
    assert found("đa khoa") == ["Công đoàn cơ sở Bệnh viện Đa khoa tỉnh"]


def test_search_word_does_not_match_inside_another_word(units):
    assert "Lao động thành phố Việt Trì" not in found("dong ha")
    assert found("dong ha") == ["Đông Hà quê hương"]
    # "ao" and "ong" occur only inside words.
    assert found("ao") == []
    assert found("ong") == []
    # "tinh" begins "tỉnh" but not "tính".
    assert found("tinh") == [
        "Công đoàn cơ sở Bệnh viện Đa khoa tỉnh",
        "Lao động sáng tạo cấp tỉnh",
    ]


def test_search_word_beginning_matches(units):
    assert found("sang") == [
        "Lao động sáng tạo cấp tỉnh",
        "Sáng kiến cải tiến kỹ thuật năm 2024",
    ]
    assert found("tie") == [
        "Người lao động tiêu biểu",
        "Sáng kiến cải tiến kỹ thuật năm 2024",
    ]


def test_search_needs_every_word(units):
    assert found("lao dong viet tri") == ["Lao động thành phố Việt Trì"]
    assert found("lao dong hue") == []


@pytest.mark.parametrize("query", ["", "   ", None])
def test_search_blank_query_returns_everything(units, query):
    queryset = Unit.objects.filter(code__startswith="S")

    assert search(queryset, query, ["name"]) is queryset
    assert found(query) == sorted(NAMES)


def test_search_treats_like_wildcards_as_text(units):
    make_unit(
        units[NAMES[0]].get_parent(),
        name="Tổ 100% đạt chuẩn_mới",
        code="S99",
        kind=UnitKind.GRASSROOTS_UNION,
    )

    assert found("100%") == ["Tổ 100% đạt chuẩn_mới"]
    assert found("%") == []
    assert found("_") == []
    assert found("dat chuan_") == ["Tổ 100% đạt chuẩn_mới"]


def test_search_over_several_fields(units):
    make_unit(
        units[NAMES[0]].get_parent(),
        name="Công đoàn cơ sở Công ty Điện lực",
        short_name="CĐCS Điện lực Quảng Trị",
        code="SDL",
        kind=UnitKind.GRASSROOTS_UNION,
    )
    fields = ["name", "short_name", "code"]

    assert found("quang tri", fields) == ["Công đoàn cơ sở Công ty Điện lực"]
    assert found("sdl", fields) == ["Công đoàn cơ sở Công ty Điện lực"]
    # Each word may come from a different field.
    assert found("cong ty quang tri", fields) == ["Công đoàn cơ sở Công ty Điện lực"]
    assert found("quang tri", ["name"]) == []


def test_search_people_by_name_email_and_null_fields(db):
    UserFactory(last_name="Nguyễn Thị", first_name="Ánh", email="anh.nguyen@example.vn")
    UserFactory(last_name="Đặng Văn", first_name="Đức", email=None, phone="0912345678")
    UserFactory(last_name="Trần", first_name="Dũng", email="dung@congdoan.vn")
    people = User.objects.all()
    fields = ["last_name", "first_name", "email"]

    def names(query):
        return sorted(u.get_full_name() for u in search(people, query, fields))

    assert names("dang duc") == ["Đặng Văn Đức"]
    assert names("d") == ["Trần Dũng", "Đặng Văn Đức"]
    assert names("anh") == ["Nguyễn Thị Ánh"]
    assert names("nguyen anh") == ["Nguyễn Thị Ánh"]
    assert names("dung@congdoan") == ["Trần Dũng"]
    assert names("van") == ["Đặng Văn Đức"]


def test_search_accepts_expressions_as_fields(db):
    UserFactory(last_name="Lê Thị", first_name="Hồng")
    UserFactory(last_name="Lê", first_name="Thị Hồng")
    full_name = Concat("last_name", Value(" "), "first_name")

    found_people = search(User.objects.all(), "le thi hong", [full_name])

    assert found_people.count() == 2


def test_search_finds_a_word_after_punctuation(db):
    from accounts.search import search
    from tests.factories import make_unit
    from unions.models import Unit

    root = make_unit(name="Tổng Liên đoàn")
    make_unit(root, name="Công đoàn Công ty Sữa (Vinamilk)/Miền Trung-Đông Hà", code="VNM")
    for query in ["vinamilk", "mien trung", "dong ha", "sua vinamilk"]:
        found = search(Unit.objects.all(), query, ["name"])
        assert list(found.values_list("code", flat=True)) == ["VNM"], query
