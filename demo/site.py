"""The demo public site: the sections under the home page, a public page per movement of the
registry, three exemplary people who have achievements in the demo registry, a dozen news
items written for the demo (invented events, as the rest of the demo data), the news section of
the Quảng Trị federation, and the editors and moderators in their groups.

The last step of ``seed_demo`` (``demo.steps``), after the registry's own. Each news item is
published on its date: the demo clock (``demo.clock``) travels there, so Wagtail records the
publication then."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from wagtail.models import Page

from accounts.models import User
from awards.enums import AwardDecisionStatus
from awards.models import Recipient
from demo.clock import DemoClock
from demo.movements import (
    CAMPAIGN_NAME,
    FAMILY_NAME,
    GREEN_NAME,
    PART_2026_NAME,
    STAGE_NAME,
)
from emulation.models import Movement, TitleConferral
from site_cms.models import (
    ExemplaryPersonIndexPage,
    ExemplaryPersonPage,
    HomePage,
    HonourBoardPage,
    InitiativeBankPage,
    MovementIndexPage,
    MovementPage,
    NewsIndexPage,
    NewsPage,
    StatisticsPage,
)
from site_cms.services import news_section_create, site_editor_join, site_groups_ensure
from unions.models import Unit
from unions.selectors import current_membership

EDITOR_EMAIL = "bientap@demo.congdoan.vn"
MODERATOR_EMAIL = "kiemduyet@demo.congdoan.vn"
PROVINCIAL_EDITOR_EMAIL = "bientap.quangtri@demo.congdoan.vn"
PROVINCE_CODE = "QTR"
NEWS_SLUG = "tin-tuc"
PROVINCE_SECTION_SLUG = "quang-tri"
AUTHOR = "Ban Tuyên giáo Tổng Liên đoàn"

SECTIONS = [
    (
        NewsIndexPage,
        NEWS_SLUG,
        "Tin tức",
        "Tin hoạt động của các phong trào thi đua và phong trào lao động sáng tạo trong "
        "tổ chức Công đoàn Việt Nam.",
    ),
    (
        MovementIndexPage,
        "phong-trao",
        "Phong trào thi đua",
        "Các phong trào thi đua do Tổng Liên đoàn phát động, với số liệu cập nhật từ hệ thống "
        "quản lý thi đua – sáng kiến.",
    ),
    (
        ExemplaryPersonIndexPage,
        "guong-dien-hinh",
        "Gương điển hình",
        "Những đoàn viên, người lao động tiêu biểu trong phong trào lao động giỏi, lao động "
        "sáng tạo.",
    ),
    (
        HonourBoardPage,
        "bang-vang",
        "Bảng vàng",
        "Các quyết định khen thưởng đã ban hành, theo cấp và theo năm.",
    ),
    (
        InitiativeBankPage,
        "ngan-hang-sang-kien",
        "Ngân hàng sáng kiến",
        "Tra cứu các sáng kiến đã được công nhận để học hỏi và nhân rộng.",
    ),
    (
        StatisticsPage,
        "thong-ke",
        "Thống kê",
        "Số liệu thi đua, sáng kiến và khen thưởng theo năm, theo cấp và theo địa phương.",
    ),
]


def _p(*paragraphs: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


@dataclass(frozen=True)
class DemoNews:
    slug: str
    title: str
    date: datetime.date
    lead: str
    body: list = field(default_factory=list)
    tags: tuple[str, ...] = ()
    movements: tuple[str, ...] = ()
    author: str = AUTHOR


D = datetime.date
BANK = "bank"  # stands for the initiative bank page in a call to action

NEWS = [
    DemoNews(
        slug="phat-dong-thi-dua-nam-2026",
        title="Phát động thi đua năm 2026: lấy chuyển đổi số làm khâu đột phá",
        date=D(2026, 1, 15),
        lead=(
            "Tổng Liên đoàn phát động phong trào “Lao động giỏi, lao động sáng tạo” năm 2026, "
            "đề nghị mỗi công đoàn cơ sở có ít nhất một sáng kiến ứng dụng công nghệ số."
        ),
        body=[
            *_p(
                "Sáng 15/01, tại Hà Nội, Tổng Liên đoàn Lao động Việt Nam tổ chức lễ phát động "
                "phong trào thi đua năm 2026, nằm trong phong trào “Lao động giỏi, lao động sáng "
                "tạo” giai đoạn 2025–2030. Lễ phát động được kết nối trực tuyến tới các liên "
                "đoàn lao động tỉnh, thành phố và công đoàn ngành trung ương.",
                "Năm nay, Ban Thường trực đề nghị các cấp công đoàn hướng sáng kiến vào ba nhóm "
                "việc: số hóa quy trình sản xuất, tiết kiệm nguyên liệu và năng lượng, và cải "
                "tiến cách phục vụ đoàn viên. Việc đăng ký thi đua được thực hiện ngay trên hệ "
                "thống, hạn chót là ngày 31/3/2026.",
            ),
            (
                "quote",
                {
                    "text": (
                        "Sáng kiến không cần phải lớn. Một thao tác được rút ngắn, một tờ phiếu "
                        "giấy được thay bằng biểu mẫu điện tử cũng là đóng góp đáng trân trọng."
                    ),
                    "attribution": "Đại diện Ban Thường trực Tổng Liên đoàn",
                },
            ),
            *_p(
                "Các đơn vị được đề nghị phổ biến kế hoạch tới từng tổ công đoàn trước Tết "
                "Nguyên đán, để đoàn viên có thời gian chuẩn bị ý tưởng."
            ),
        ],
        tags=("phát động", "chuyển đổi số"),
        movements=(STAGE_NAME, PART_2026_NAME),
    ),
    DemoNews(
        slug="bep-an-ca-tiet-kiem-dien",
        title="Công nhân may cải tiến bếp ăn ca, tiết kiệm gần một phần ba lượng điện",
        date=D(2026, 2, 9),
        lead=(
            "Tổ bảo trì một doanh nghiệp may ở Quảng Trị thay hệ thống nấu bằng điện trở bằng "
            "bếp từ công nghiệp có hẹn giờ, do chính công nhân thiết kế tủ điều khiển."
        ),
        body=_p(
            "Ý tưởng xuất phát từ một buổi sinh hoạt tổ công đoàn, khi chị em nhà bếp phản ánh "
            "phải bật nồi từ bốn giờ sáng để kịp bữa ca một. Tổ bảo trì đã lắp bộ hẹn giờ và "
            "cảm biến nhiệt, để nồi tự chuyển sang chế độ giữ ấm khi đạt nhiệt độ.",
            "Sau ba tháng chạy thử, hóa đơn điện của khu bếp giảm rõ rệt, người lao động nhà "
            "bếp được đến muộn hơn một giờ. Công đoàn cơ sở đã hướng dẫn tổ lập hồ sơ sáng kiến "
            "và gửi lên hệ thống để hội đồng cấp cơ sở xem xét.",
            "Ban chấp hành công đoàn cho biết sẽ giới thiệu giải pháp tới các doanh nghiệp cùng "
            "khu công nghiệp trong buổi giao lưu sắp tới.",
        ),
        tags=("tiết kiệm năng lượng", "công nhân"),
        movements=(PART_2026_NAME, GREEN_NAME),
        author="Công đoàn cơ sở Công ty CP May Sông Hiếu",
    ),
    DemoNews(
        slug="ton-vinh-nu-doan-vien-8-3",
        title="Tôn vinh nữ đoàn viên “Giỏi việc nước, đảm việc nhà” nhân ngày 8/3",
        date=D(2026, 3, 6),
        lead=(
            "Nhiều công đoàn cơ sở tổ chức gặp mặt, biểu dương nữ đoàn viên vừa vững tay nghề "
            "vừa chăm lo gia đình, mở đầu phong trào “Giỏi việc nước, đảm việc nhà” năm 2026."
        ),
        body=[
            *_p(
                "Tại các buổi gặp mặt, nữ đoàn viên chia sẻ cách sắp xếp thời gian giữa ca làm "
                "việc, học nâng bậc thợ và việc nhà. Nhiều chị là tổ trưởng sản xuất, có sáng "
                "kiến được công nhận trong năm trước.",
                "Ban nữ công các cấp đề nghị công đoàn cơ sở quan tâm hơn tới điều kiện làm việc "
                "của lao động nữ: phòng vắt trữ sữa, chế độ nghỉ giữa ca và hỗ trợ gửi trẻ.",
            ),
            (
                "quote",
                {
                    "text": (
                        "Tôi đi làm ca, về nhà lo cho hai con học. Được tổ công đoàn đổi ca "
                        "linh hoạt, tôi mới có thời gian hoàn thành hồ sơ sáng kiến đầu tiên."
                    ),
                    "attribution": "Một nữ tổ trưởng ngành dệt may",
                },
            ),
        ],
        tags=("nữ công", "8/3"),
        movements=(FAMILY_NAME,),
    ),
    DemoNews(
        slug="nhac-han-dang-ky-thi-dua-31-3",
        title="Còn ít ngày để công đoàn cơ sở đăng ký thi đua năm 2026",
        date=D(2026, 3, 24),
        lead=(
            "Hạn đăng ký tham gia phong trào “Lao động giỏi, lao động sáng tạo” năm 2026 là "
            "ngày 31/3; bản đăng ký được gửi và duyệt ngay trên hệ thống."
        ),
        body=[
            *_p(
                "Công đoàn cơ sở đăng ký chỉ tiêu của đơn vị, công đoàn cấp trên trực tiếp xem "
                "xét và phê duyệt. Đoàn viên cũng có thể đăng ký danh hiệu cá nhân qua công đoàn "
                "cơ sở nơi mình sinh hoạt.",
                "Bản đăng ký bị trả lại kèm lý do cụ thể để đơn vị chỉnh sửa và gửi lại; mọi lần "
                "gửi, trả, duyệt đều được lưu vết để tiện theo dõi.",
            ),
            (
                "call_to_action",
                {
                    "title": "Đăng ký thi đua trên hệ thống",
                    "text": "Đăng nhập bằng tài khoản cán bộ công đoàn để xem các phong trào "
                    "đang mở đăng ký.",
                    "page": None,
                    "url": "/thi-dua/",
                    "button": "Xem các phong trào",
                },
            ),
        ],
        tags=("đăng ký thi đua", "hướng dẫn"),
        movements=(PART_2026_NAME,),
    ),
    DemoNews(
        slug="thang-hanh-dong-an-toan-ve-sinh-lao-dong",
        title="Khu công nghiệp ra quân Tháng hành động về an toàn, vệ sinh lao động",
        date=D(2026, 4, 27),
        lead=(
            "Công đoàn các khu công nghiệp, khu kinh tế đồng loạt ra quân, rà soát nguy cơ tai "
            "nạn tại từng phân xưởng trong khuôn khổ phong trào “Xanh – Sạch – Đẹp”."
        ),
        body=_p(
            "Mạng lưới an toàn, vệ sinh viên được tập huấn lại cách nhận diện nguy cơ và ghi "
            "nhận sự cố. Nhiều doanh nghiệp cam kết cùng công đoàn kiểm tra định kỳ hệ thống "
            "thông gió, chiếu sáng và lối thoát hiểm.",
            "Các sáng kiến cải thiện môi trường làm việc — từ tấm che máy cắt đến thiết bị hút "
            "bụi vải — được khuyến khích đăng ký để hội đồng xem xét công nhận.",
            "Kết quả thực hiện sẽ được dùng để chấm điểm thi đua của khối các khu công nghiệp "
            "vào cuối năm.",
        ),
        tags=("an toàn lao động", "khu công nghiệp"),
        movements=(GREEN_NAME,),
    ),
    DemoNews(
        slug="hoi-thao-tiet-kiem-nang-luong",
        title="Chia sẻ giải pháp tiết kiệm năng lượng giữa các doanh nghiệp",
        date=D(2026, 5, 19),
        lead=(
            "Hội thảo do công đoàn khu công nghiệp tổ chức giới thiệu những giải pháp đã được "
            "công nhận là sáng kiến, để doanh nghiệp khác có thể áp dụng."
        ),
        body=_p(
            "Các tác giả trình bày giải pháp thu hồi nhiệt khí thải lò hơi, điều khiển biến tần "
            "cho máy nén khí và tận dụng ánh sáng tự nhiên cho nhà xưởng.",
            "Đại diện doanh nghiệp cho biết điều họ cần nhất là số liệu hiệu quả đã được kiểm "
            "chứng; vì vậy hội thảo chỉ giới thiệu các giải pháp có hiệu quả đã được xác nhận.",
        ),
        tags=("tiết kiệm năng lượng", "hội thảo"),
        movements=(GREEN_NAME, PART_2026_NAME),
    ),
    DemoNews(
        slug="so-ket-6-thang-lao-dong-sang-tao",
        title="Sơ kết sáu tháng phong trào lao động sáng tạo qua những con số",
        date=D(2026, 6, 26),
        lead=(
            "Số sáng kiến gửi lên hệ thống và số sáng kiến được công nhận trong năm 2026, cập "
            "nhật trực tiếp từ hệ thống quản lý thi đua – sáng kiến."
        ),
        body=[
            *_p(
                "Sau sáu tháng triển khai, phong trào đã lan tỏa tới hầu hết công đoàn cơ sở "
                "trong các khu công nghiệp. Các con số dưới đây được đọc trực tiếp từ hệ thống "
                "mỗi khi trang được mở, không nhập tay."
            ),
            (
                "live_figure",
                {
                    "figure": "initiatives.submitted",
                    "unit_code": "",
                    "year": 2026,
                    "label": "Sáng kiến gửi lên hệ thống trong năm 2026",
                },
            ),
            (
                "live_figure",
                {
                    "figure": "initiatives.by_status.recognised",
                    "unit_code": "",
                    "year": None,
                    "label": "",
                },
            ),
            *_p(
                "Hội nghị sơ kết đề nghị các hội đồng sáng kiến cấp cơ sở rút ngắn thời gian "
                "xét, bảo đảm trả lời tác giả trong thời hạn quy định."
            ),
        ],
        tags=("sơ kết", "số liệu"),
        movements=(STAGE_NAME, PART_2026_NAME),
    ),
    DemoNews(
        slug="ky-niem-97-nam-cong-doan-viet-nam",
        title="Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam",
        date=D(2026, 7, 28),
        lead=(
            "Nhân dịp 28/7, nhiều cán bộ công đoàn cơ sở được biểu dương vì gương mẫu thực "
            "hiện cuộc vận động “Trung thành, trách nhiệm, liêm chính, sáng tạo”."
        ),
        body=[
            *_p(
                "Các cán bộ được biểu dương phần lớn là cán bộ công đoàn không chuyên trách, "
                "vừa sản xuất vừa làm công tác công đoàn. Nhiều người đã đứng ra thương lượng "
                "thỏa ước lao động tập thể có lợi hơn cho người lao động.",
                "Buổi lễ cũng ôn lại truyền thống từ ngày Tổng Công hội Đỏ Bắc Kỳ ra đời năm "
                "1929, và những mốc phát triển của tổ chức Công đoàn Việt Nam.",
            ),
            (
                "quote",
                {
                    "text": (
                        "Người lao động tin công đoàn khi thấy cán bộ công đoàn đứng về phía "
                        "mình lúc khó khăn nhất."
                    ),
                    "attribution": "Một chủ tịch công đoàn cơ sở ngành than",
                },
            ),
        ],
        tags=("28/7", "cán bộ công đoàn"),
        movements=(CAMPAIGN_NAME,),
    ),
    DemoNews(
        slug="ngan-hang-sang-kien-cong-khai",
        title="Ngân hàng sáng kiến: tra cứu công khai những sáng kiến đã được công nhận",
        date=D(2026, 8, 18),
        lead=(
            "Người lao động và doanh nghiệp có thể tìm các sáng kiến đã được công nhận theo "
            "lĩnh vực, đơn vị, năm và cấp công nhận để học hỏi, áp dụng."
        ),
        body=[
            *_p(
                "Ngân hàng sáng kiến chỉ đăng những thông tin được phép công khai của sáng kiến "
                "đã được công nhận: tên, lĩnh vực, tóm tắt giải pháp và hiệu quả. Các thông tin "
                "bí mật kỹ thuật, bí mật kinh doanh của đơn vị không được đăng.",
                "Tìm kiếm không cần gõ dấu: gõ “tiet kiem dien” vẫn tìm được các sáng kiến về "
                "tiết kiệm điện.",
            ),
            (
                "call_to_action",
                {
                    "title": "Tìm sáng kiến để áp dụng",
                    "text": "Lọc theo lĩnh vực, đơn vị, năm và cấp công nhận.",
                    "page": BANK,
                    "url": "",
                    "button": "Mở ngân hàng sáng kiến",
                },
            ),
        ],
        tags=("ngân hàng sáng kiến", "chuyển đổi số"),
        movements=(PART_2026_NAME,),
    ),
    DemoNews(
        slug="giao-vien-doi-moi-day-hoc",
        title="Giáo viên mang sáng kiến đổi mới dạy học vào năm học mới",
        date=D(2026, 9, 8),
        lead=(
            "Công đoàn ngành giáo dục khuyến khích giáo viên đăng ký sáng kiến về học liệu số "
            "và phương pháp dạy học tích cực ngay từ đầu năm học 2026–2027."
        ),
        body=_p(
            "Nhiều thầy cô đã tự xây dựng ngân hàng câu hỏi trực tuyến, phòng thí nghiệm ảo "
            "cho môn Vật lý và sổ liên lạc điện tử giúp phụ huynh theo dõi việc học của con.",
            "Công đoàn trường hỗ trợ giáo viên viết mô tả sáng kiến rõ ràng, nêu được tình "
            "trạng trước khi áp dụng và hiệu quả đo được sau khi áp dụng.",
            "Hội đồng sáng kiến cấp trường dự kiến họp xét vào tháng 12.",
        ),
        tags=("giáo dục", "sáng kiến"),
        movements=(PART_2026_NAME,),
        author="Công đoàn ngành Giáo dục",
    ),
    DemoNews(
        slug="phu-nu-viet-nam-20-10",
        title="Ngày Phụ nữ Việt Nam: trao quà cho nữ công nhân có hoàn cảnh khó khăn",
        date=D(2026, 10, 19),
        lead=(
            "Hưởng ứng ngày 20/10, các công đoàn cơ sở thăm hỏi nữ đoàn viên khó khăn và biểu "
            "dương những gia đình công nhân tiêu biểu."
        ),
        body=_p(
            "Bên cạnh quà tặng, nhiều công đoàn cơ sở tổ chức khám sức khỏe phụ khoa miễn phí "
            "và tư vấn pháp luật về chế độ thai sản cho lao động nữ.",
            "Kết quả phong trào “Giỏi việc nước, đảm việc nhà” năm 2026 sẽ được tổng kết vào "
            "tháng 12, làm căn cứ bình xét danh hiệu cuối năm.",
        ),
        tags=("nữ công", "20/10"),
        movements=(FAMILY_NAME,),
    ),
    DemoNews(
        slug="hoi-dong-sang-kien-cap-tinh-cham-diem",
        title="Hội đồng sáng kiến cấp tỉnh bước vào vòng chấm điểm",
        date=D(2026, 11, 16),
        lead=(
            "Các sáng kiến tiêu biểu đã được công nhận ở cấp cơ sở tiếp tục được hội đồng cấp "
            "tỉnh xét chọn theo thang điểm thống nhất."
        ),
        body=_p(
            "Mỗi thành viên hội đồng chấm độc lập trên phiếu điện tử; chỉ khi tất cả đã chấm "
            "xong, điểm của nhau mới được hiển thị. Thành viên có quan hệ với tác giả phải tự "
            "khai báo và không chấm hồ sơ đó.",
            "Kết quả xét chọn và quyết định khen thưởng sẽ được công bố trên Bảng vàng sau khi "
            "ban hành.",
        ),
        tags=("hội đồng sáng kiến", "khen thưởng"),
        movements=(STAGE_NAME,),
    ),
]

PROVINCE_NEWS = DemoNews(
    slug="dien-gio-huong-linh-sang-kien",
    title="Quảng Trị: sáng kiến bảo trì tua-bin của công nhân điện gió",
    date=D(2026, 9, 24),
    lead=(
        "Liên đoàn Lao động tỉnh Quảng Trị biểu dương tổ kỹ thuật một nhà máy điện gió có "
        "sáng kiến rút ngắn thời gian bảo trì định kỳ tua-bin."
    ),
    body=_p(
        "Tổ kỹ thuật đã thiết kế bộ gá nâng hạ thiết bị trong buồng máy, giúp hai người làm "
        "được phần việc trước đây cần bốn người, đồng thời an toàn hơn khi làm việc trên cao.",
        "Liên đoàn Lao động tỉnh đề nghị các công đoàn cơ sở trong khu kinh tế học tập cách "
        "làm này và đăng ký sáng kiến trước khi hội đồng cấp cơ sở họp xét.",
    ),
    tags=("điện gió", "an toàn lao động"),
    movements=(PART_2026_NAME, GREEN_NAME),
    author="Liên đoàn Lao động tỉnh Quảng Trị",
)

PERSON_STORIES = [
    "{name} là gương mặt quen thuộc của phong trào lao động sáng tạo tại {union}. Từ những "
    "việc nhỏ trong ca làm việc, {name} đã đề xuất các cải tiến được đồng nghiệp áp dụng.",
    "Không chỉ có sáng kiến, {name} còn kèm cặp thợ trẻ và tích cực trong các hoạt động của "
    "{union}, được tập thể tín nhiệm đề nghị khen thưởng.",
    "Đồng nghiệp tại {union} nhận xét {name} luôn tìm cách làm tốt hơn hôm qua, và sẵn lòng "
    "chia sẻ cách làm của mình với các đơn vị bạn.",
]


def _add(parent: Page, page: Page, *, published_on: datetime.date | None = None) -> Page:
    """Add ``page`` under ``parent`` and publish it, at 8 o'clock on ``published_on`` (now
    when None; a date still to come is published now)."""
    clock = DemoClock()
    moment = None
    if published_on is not None and published_on < clock.today:
        moment = clock.moment(published_on, 8)
    with clock.at(moment):
        parent.add_child(instance=page)
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def _child(parent: Page, slug: str) -> Page | None:
    page = Page.objects.child_of(parent).filter(slug=slug).first()
    return page.specific if page is not None else None


def _sections(home: HomePage) -> tuple[dict[str, Page], bool]:
    """The sections under the home page, each shown in the site's menus (a section made by an
    earlier demo without it is published again with it)."""
    pages, changed = {}, False
    for model, slug, title, introduction in SECTIONS:
        page = _child(home, slug)
        if page is None:
            page = _add(
                home,
                model(title=title, slug=slug, introduction=introduction, show_in_menus=True),
            )
            changed = True
        elif not page.show_in_menus:
            page.show_in_menus = True
            page.save_revision().publish()
            changed = True
        pages[slug] = page
    return pages, changed


def _movement_pages(index: MovementIndexPage) -> bool:
    """A public page for each movement of the registry (a planned one shows it as planned)."""
    changed = False
    with_page = MovementPage.objects.values("movement_id")
    missing = Movement.objects.exclude(pk__in=with_page).order_by("period_start", "pk")
    for movement in missing:
        _add(
            index,
            MovementPage(
                title=movement.name,
                slug=f"phong-trao-{movement.pk}",
                movement=movement,
                introduction=movement.description,
            ),
        )
        changed = True
    return changed


def exemplary_candidates(limit: int = 3) -> list[User]:
    """Demo people with achievements: most awards in issued decisions first, then people with
    an individual title."""
    ranked = list(
        Recipient.objects.filter(decision__status=AwardDecisionStatus.ISSUED, user__isnull=False)
        .values("user_id")
        .annotate(awards=Count("pk"))
        .order_by("-awards", "user_id")
        .values_list("user_id", flat=True)[:limit]
    )
    if len(ranked) < limit:
        titled = (
            TitleConferral.objects.exclude(person_id__in=ranked)
            .order_by("person_id")
            .values_list("person_id", flat=True)
            .distinct()
        )
        ranked += list(titled[: limit - len(ranked)])
    people = User.objects.in_bulk(ranked)
    return [people[pk] for pk in ranked]


def _people(index: ExemplaryPersonIndexPage) -> bool:
    if ExemplaryPersonPage.objects.child_of(index).exists():
        return False
    changed = False
    for number, person in enumerate(exemplary_candidates()):
        membership = current_membership(person)
        union = membership.unit.name if membership else "đơn vị"
        name = person.get_full_name()
        story = PERSON_STORIES[number % len(PERSON_STORIES)].format(name=name, union=union)
        _add(
            index,
            ExemplaryPersonPage(
                title=name,
                slug=f"guong-{person.pk}",
                person=person,
                summary=story.split(". ")[0] + ".",
                body=f"<p>{story}</p>",
            ),
        )
        changed = True
    return changed


def _body(item: DemoNews, bank: Page | None) -> list:
    body = []
    for kind, value in item.body:
        if kind == "call_to_action" and value["page"] == BANK:
            value = {**value, "page": bank, "url": value["url"] or "/"}
        body.append((kind, value))
    return body


def _news(section: NewsIndexPage, items: list[DemoNews], bank: Page | None) -> bool:
    changed = False
    movements = {movement.name: movement for movement in Movement.objects.all()}
    for item in items:
        if _child(section, item.slug) is not None:
            continue
        page = NewsPage(
            title=item.title,
            slug=item.slug,
            date=item.date,
            author=item.author,
            lead=item.lead,
            body=_body(item, bank),
        )
        for tag in item.tags:
            page.tags.add(tag)
        page.movements.set([movements[name] for name in item.movements if name in movements])
        _add(section, page, published_on=item.date)
        changed = True
    return changed


def _groups(section: NewsIndexPage | None) -> bool:
    """The demo editors and the moderator in their groups; True when someone joined."""
    site_groups_ensure()
    changed = False
    people = [(EDITOR_EMAIL, {}), (MODERATOR_EMAIL, {"moderator": True})]
    if section is not None:
        people.append((PROVINCIAL_EDITOR_EMAIL, {"section": section}))
    for email, kwargs in people:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        groups_before = set(user.groups.values_list("pk", flat=True))
        group = site_editor_join(user=user, **kwargs)
        changed |= group.pk not in groups_before
    return changed


def seed_site() -> bool:
    """Build the demo public site once; later runs add only what is missing (a movement
    launched since, a demo account created since). Returns whether anything changed."""
    home = HomePage.objects.first()
    if home is None or not Unit.objects.filter(code="TLD").exists():
        return False
    pages, changed = _sections(home)
    changed |= _movement_pages(pages["phong-trao"])
    changed |= _people(pages["guong-dien-hinh"])
    news = pages[NEWS_SLUG]
    changed |= _news(news, NEWS, pages["ngan-hang-sang-kien"])
    province = Unit.objects.filter(code=PROVINCE_CODE, is_active=True).first()
    section = None
    if province is not None:
        existed = _child(news, PROVINCE_SECTION_SLUG) is not None
        section = news_section_create(
            unit=province,
            title=f"Tin {province.short_name or province.name}",
            slug=PROVINCE_SECTION_SLUG,
            parent=news,
        )
        changed |= not existed
        changed |= _news(section, [PROVINCE_NEWS], pages["ngan-hang-sang-kien"])
    changed |= _groups(section)
    return changed
