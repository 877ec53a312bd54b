"""The StreamField blocks of news items: every block renders with its own template, the live
figure reads the registry (the same numbers as ``registry_stats``) and shows money and counts the
Vietnamese way, and editors get validation errors for an unknown unit or a button leading
nowhere."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.blocks.struct_block import StructBlockValidationError

from awards.enums import BenefitStatus
from awards.models import AwardType
from awards.services.benefits import benefit_claim, benefit_verify
from awards.services.honours import (
    award_decision_create,
    award_decision_issue,
    recipient_add_person,
)
from emulation.rollup import figures_rebuild
from emulation.statistics import registry_figures
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from site_cms.blocks import (
    CallToActionBlock,
    GalleryBlock,
    ImageWithCaptionBlock,
    LiveFigureBlock,
    NewsBodyBlock,
    QuoteBlock,
)
from site_cms.selectors.live_figures import LIVE_FIGURES, figure_text, live_figure
from tests.factories import make_initiative, unit_officer
from tests.factories.awards import member_of
from tests.factories.movements import make_movement
from tests.factories.pages import make_news_index, make_news_page
from tests.site_cms.test_news import make_image

Y = timezone.localdate().year


def render(block, raw: dict) -> str:
    return block.render(block.to_python(raw))


# --- every block -----------------------------------------------------------------------------


def test_paragraph_block_renders_its_rich_text(db):
    block = NewsBodyBlock().child_blocks["paragraph"]

    html = render(block, "<p>Đoàn viên <b>sáng tạo</b> trong sản xuất.</p>")

    assert '<div class="block-paragraph">' in html
    assert "<b>sáng tạo</b>" in html


def test_image_block_renders_a_figure_with_caption_and_credit(db):
    image = make_image("Xưởng may")

    html = render(
        ImageWithCaptionBlock(),
        {"image": image.pk, "caption": "Công nhân tại xưởng may", "credit": "Ảnh: Minh Đức"},
    )

    assert '<figure class="block-image">' in html
    assert 'alt="Công nhân tại xưởng may"' in html
    assert "max-1200x800" in html
    assert "<figcaption>Công nhân tại xưởng may" in html
    assert "Ảnh: Minh Đức" in html


def test_image_block_without_caption_takes_the_image_title_as_alt_text(db):
    image = make_image("Hội trường công đoàn")

    html = render(ImageWithCaptionBlock(), {"image": image.pk, "caption": "", "credit": ""})

    assert 'alt="Hội trường công đoàn"' in html
    assert "<figcaption" not in html


def test_quote_block_renders_a_blockquote_with_its_attribution(db):
    html = render(
        QuoteBlock(),
        {"text": "Mỗi sáng kiến nhỏ\nlà một bước tiến lớn.", "attribution": "Chủ tịch công đoàn"},
    )

    assert "<blockquote><p>Mỗi sáng kiến nhỏ<br>là một bước tiến lớn.</p></blockquote>" in html
    assert "<cite>Chủ tịch công đoàn</cite>" in html


def test_gallery_block_renders_every_image(db):
    first, second = make_image("Ảnh một", "red"), make_image("Ảnh hai", "blue")

    html = render(
        GalleryBlock(),
        {
            "title": "Hội thi tay nghề",
            "images": [
                {"image": first.pk, "caption": "Vòng loại"},
                {"image": second.pk, "caption": ""},
            ],
            "credit": "Ban Tuyên giáo",
        },
    )

    assert html.count("<img ") == 2
    assert 'alt="Vòng loại"' in html
    assert 'alt="Ảnh hai"' in html
    assert "<figcaption>Vòng loại</figcaption>" in html
    assert "<strong>Hội thi tay nghề</strong>" in html
    assert "Ban Tuyên giáo" in html


def test_call_to_action_block_links_its_page(client, db):
    target = make_news_page(title="Thể lệ hội thi")
    item = make_news_page(
        make_news_index(slug="muc-khac"),
        body=[
            (
                "call_to_action",
                {
                    "title": "Gửi sáng kiến",
                    "text": "Hạn chót ngày 30/6.",
                    "page": target,
                    "url": "",
                    "button": "Xem thể lệ",
                },
            )
        ],
    )

    content = client.get(item.url).content.decode()

    assert '<div class="call-to-action">' in content
    assert "<h2>Gửi sáng kiến</h2>" in content
    assert f'<a class="button" href="{target.url}">Xem thể lệ</a>' in content


def test_call_to_action_block_falls_back_to_its_address_when_the_page_is_gone(db):
    target = make_news_page()
    target.unpublish()

    html = render(
        CallToActionBlock(),
        {
            "title": "Đăng ký",
            "text": "",
            "page": target.pk,
            "url": "https://congdoan.vn/dang-ky",
            "button": "Đăng ký ngay",
        },
    )

    assert 'href="https://congdoan.vn/dang-ky"' in html


def test_news_page_renders_every_block_type(client, tree):
    image, other = make_image("Một"), make_image("Hai")
    item = make_news_page(
        body=[
            ("paragraph", "<p>Mở đầu bài viết.</p>"),
            ("image", {"image": image, "caption": "Chú thích ảnh", "credit": "Tác giả ảnh"}),
            ("quote", {"text": "Lời phát biểu.", "attribution": "Đại biểu"}),
            (
                "gallery",
                {
                    "title": "Bộ ảnh",
                    "images": [{"image": image, "caption": ""}, {"image": other, "caption": ""}],
                    "credit": "",
                },
            ),
            (
                "live_figure",
                {"figure": "initiatives.submitted", "unit_code": "QTR", "year": None, "label": ""},
            ),
            (
                "call_to_action",
                {
                    "title": "Tham gia",
                    "text": "",
                    "page": None,
                    "url": "https://example.org/",
                    "button": "Đi",
                },
            ),
        ]
    )
    assert {child.block_type for child in item.body} == set(NewsBodyBlock().child_blocks)

    response = client.get(item.url)

    assert response.status_code == 200
    content = response.content.decode()
    for marker in (
        "Mở đầu bài viết.",
        '<figure class="block-image">',
        '<figure class="block-quote">',
        '<figure class="block-gallery">',
        'class="live-figure"',
        '<div class="call-to-action">',
    ):
        assert marker in content
    for template in ("paragraph", "image", "quote", "gallery", "live_figure", "call_to_action"):
        assert f"site_cms/blocks/{template}.html" in [t.name for t in response.templates]


# --- live figures ----------------------------------------------------------------------------


@pytest.fixture
def registry(tree):
    """Non-zero figures: recognised and submitted initiatives in province A and B, a verified
    benefit and an issued award with its certificate at grassroots_a1x, a running movement."""
    author = member_of(tree.grassroots_a1x)
    recognised = [
        make_initiative(tree.grassroots_a1x, author, InitiativeStatus.RECOGNISED) for _ in range(2)
    ]
    make_initiative(tree.grassroots_a1y, member_of(tree.grassroots_a1y), InitiativeStatus.SUBMITTED)
    make_initiative(
        tree.grassroots_b1x, member_of(tree.grassroots_b1x), InitiativeStatus.RECOGNISED
    )
    Initiative.objects.filter(pk__in=[i.pk for i in recognised]).update(
        first_applied_on=datetime.date(Y - 1, 3, 1)
    )
    verifier = unit_officer(tree.grassroots_a1x)
    record = benefit_claim(
        initiative=recognised[0], year=Y - 1, claimed_vnd=1_500_000_000, actor=author
    )
    benefit_verify(
        record=record,
        actor=verifier,
        status=BenefitStatus.ADJUSTED,
        method="Đối chiếu sổ sách kế toán.",
        verified_on=timezone.localdate(),
        verified_vnd=1_234_567_000,
    )
    officer = unit_officer(tree.grassroots_a1x)
    decision = award_decision_create(
        issuer=tree.grassroots_a1x,
        award_type=AwardType.objects.get(code="giay-khen-co-so"),
        decided_on=timezone.localdate(),
        signer_name="Trần Văn Nam",
        signer_title="Chủ tịch",
        actor=officer,
    )
    recipient_add_person(decision=decision, actor=officer, name="Lê Thị Lan", user=author)
    award_decision_issue(decision=decision, actor=officer)
    make_movement(launching_unit=tree.province_a, name="Thi đua năm mới")
    figures_rebuild()
    return tree


def dig(figures: dict, key: str):
    for part in key.split("."):
        figures = figures[part]
    return figures


@pytest.mark.parametrize("key", [key for key, _label in LIVE_FIGURES])
@pytest.mark.parametrize(("code", "year"), [("", None), ("QTR", None), ("CSX", Y), ("PTO", Y - 1)])
def test_live_figure_equals_the_registry_figures(registry, key, code, year):
    unit = {"": None, "QTR": registry.province_a, "CSX": registry.grassroots_a1x}.get(
        code, registry.province_b
    )

    value, label = live_figure(key, code, year)

    assert value == dig(registry_figures(unit=unit, year=year), key)
    assert label == str(dict(LIVE_FIGURES)[key])


def test_live_figures_are_not_zero_and_match_registry_stats(registry):
    out = StringIO()
    call_command("registry_stats", "--unit", "QTR", "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())

    for key in (
        "initiatives.submitted",
        "initiatives.by_status.recognised",
        "awards.verified_benefit_vnd",
        "awards.certificates_issued",
        "emulation.movements_running",
    ):
        value, _label = live_figure(key, "QTR")
        assert value == dig(printed, key)
        assert value > 0, key
    assert live_figure("initiatives.submitted", "qtr ") == live_figure(
        "initiatives.submitted", "QTR"
    )
    assert live_figure("initiatives.submitted")[0] == 4


def test_live_figure_block_shows_money_and_counts_the_vietnamese_way(registry):
    block = LiveFigureBlock()

    money = render(
        block,
        {"figure": "awards.verified_benefit_vnd", "unit_code": "QTR", "year": None, "label": ""},
    )
    count = render(
        block,
        {
            "figure": "initiatives.submitted",
            "unit_code": "",
            "year": None,
            "label": "Tổng số sáng kiến",
        },
    )

    assert '<data class="live-figure-value" value="1234567000">1.234.567.000 ₫</data>' in money
    assert registry.province_a.display_name in money
    assert '<data class="live-figure-value" value="4">4</data>' in count
    assert "Tổng số sáng kiến" in count
    assert figure_text("initiatives.submitted", 12345) == "12.345"
    assert figure_text("awards.verified_benefit_vnd", 1234567) == "1.234.567 ₫"


def test_live_figure_block_with_a_year_names_it(registry):
    html = render(
        LiveFigureBlock(),
        {"figure": "initiatives.submitted", "unit_code": "CSX", "year": Y, "label": ""},
    )

    assert str(Y) in html
    assert f"{Y:,}".replace(",", ".") not in html  # the year is not formatted as a number


@pytest.mark.parametrize("code", ["KHONG-CO", "<script>"])
def test_live_figure_with_an_unknown_unit_says_it_is_unavailable(client, db, code):
    value = {"figure": "initiatives.submitted", "unit_code": code, "year": None, "label": ""}

    with translation.override("en"):
        html = render(LiveFigureBlock(), value)
    item = make_news_page(body=[("live_figure", value)])
    response = client.get(item.url)

    assert live_figure("initiatives.submitted", code)[0] is None
    assert "figure unavailable" in html
    assert "live-figure-unavailable" in html
    assert response.status_code == 200
    assert "live-figure-unavailable" in response.content.decode()
    assert "<script>" not in html


def test_live_figure_with_an_unknown_key_is_unavailable(db):
    assert live_figure("initiatives.nothing")[0] is None
    assert live_figure("initiatives")[0] is None


# --- validation for editors ------------------------------------------------------------------


def test_live_figure_block_refuses_an_unknown_unit_code(tree):
    block = LiveFigureBlock()
    value = block.to_python(
        {"figure": "initiatives.submitted", "unit_code": "XYZ", "year": None, "label": ""}
    )

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)

    assert set(error.value.block_errors) == {"unit_code"}
    assert error.value.block_errors["unit_code"].code == "unknown_unit"


@pytest.mark.parametrize("code", ["", "QTR", " csx "])
def test_live_figure_block_accepts_a_known_or_blank_unit_code(tree, code):
    block = LiveFigureBlock()
    value = block.to_python(
        {"figure": "initiatives.submitted", "unit_code": code, "year": 2026, "label": ""}
    )

    assert block.clean(value)["figure"] == "initiatives.submitted"


def test_call_to_action_block_needs_a_page_or_an_address(db):
    block = CallToActionBlock()
    nowhere = block.to_python(
        {"title": "Tham gia", "text": "", "page": None, "url": "", "button": "Đi"}
    )
    somewhere = block.to_python(
        {
            "title": "Tham gia",
            "text": "",
            "page": None,
            "url": "https://example.org/",
            "button": "Đi",
        }
    )

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(nowhere)

    assert [e.code for e in error.value.non_block_errors.as_data()] == ["no_target"]
    assert block.clean(somewhere)["url"] == "https://example.org/"


def test_news_body_reports_the_errors_of_its_blocks(tree):
    stream = NewsBodyBlock()
    value = stream.to_python(
        [
            {
                "type": "live_figure",
                "value": {
                    "figure": "initiatives.submitted",
                    "unit_code": "NOPE",
                    "year": None,
                    "label": "",
                },
            }
        ]
    )

    with pytest.raises(Exception) as error:
        stream.clean(value)

    assert "unit_code" in str(error.value.as_json_data())
