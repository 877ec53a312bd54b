"""Public-site pages for tests: each helper adds a published page under its parent (the
site's home page by default) and returns it."""

import datetime
import itertools

from wagtail.models import Page

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

_numbers = itertools.count(1)


def home_page() -> HomePage:
    """The home page the migrations create as the root of the default site."""
    return HomePage.objects.get()


def add_page(parent: Page, page: Page, *, publish: bool = True) -> Page:
    """Add ``page`` under ``parent``; published (a first revision) unless ``publish`` is off,
    when it stays a draft."""
    if not page.slug:
        page.slug = f"trang-{next(_numbers)}"
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def make_news_index(parent: Page | None = None, **values) -> NewsIndexPage:
    values.setdefault("title", "Tin tức")
    values.setdefault("slug", "tin-tuc" if parent is None else f"tin-{next(_numbers)}")
    return add_page(parent or home_page(), NewsIndexPage(**values))


def make_news_page(
    index: NewsIndexPage | None = None,
    *,
    tags: tuple[str, ...] = (),
    movements=(),
    publish: bool = True,
    **values,
) -> NewsPage:
    """A news item with a lead and one paragraph, in ``index`` (a new one when not given)."""
    number = next(_numbers)
    values.setdefault("title", f"Tin thi đua số {number}")
    values.setdefault("slug", f"tin-thi-dua-{number}")
    values.setdefault("lead", "Công đoàn cơ sở tổ chức hội thi sáng kiến cấp cơ sở.")
    values.setdefault("date", datetime.date(2026, 3, 1))
    values.setdefault("author", "Ban Tuyên giáo")
    values.setdefault(
        "body", [("paragraph", "<p>Đoàn viên gửi nhiều giải pháp cải tiến kỹ thuật.</p>")]
    )
    page = NewsPage(**values)
    for tag in tags:
        page.tags.add(tag)
    if movements:
        page.movements.set(movements)
    return add_page(index or make_news_index(), page, publish=publish)


def make_movement_index(**values) -> MovementIndexPage:
    values.setdefault("title", "Phong trào thi đua")
    values.setdefault("slug", "phong-trao")
    return add_page(home_page(), MovementIndexPage(**values))


def make_movement_page(movement, index: MovementIndexPage | None = None, **values) -> MovementPage:
    values.setdefault("title", movement.name)
    values.setdefault("slug", f"phong-trao-{movement.pk}")
    index = index or MovementIndexPage.objects.first() or make_movement_index()
    return add_page(index, MovementPage(movement=movement, **values))


def make_people_index(**values) -> ExemplaryPersonIndexPage:
    values.setdefault("title", "Gương điển hình")
    values.setdefault("slug", "guong-dien-hinh")
    return add_page(home_page(), ExemplaryPersonIndexPage(**values))


def make_person_page(person, index: ExemplaryPersonIndexPage | None = None, **values):
    values.setdefault("title", person.get_full_name() or str(person))
    values.setdefault("slug", f"nguoi-{person.pk}")
    values.setdefault("summary", "Đoàn viên tiêu biểu trong phong trào lao động sáng tạo.")
    index = index or ExemplaryPersonIndexPage.objects.first() or make_people_index()
    return add_page(index, ExemplaryPersonPage(person=person, **values))


def make_honour_board(**values) -> HonourBoardPage:
    values.setdefault("title", "Bảng vàng")
    values.setdefault("slug", "bang-vang")
    return add_page(home_page(), HonourBoardPage(**values))


def make_initiative_bank(**values) -> InitiativeBankPage:
    values.setdefault("title", "Ngân hàng sáng kiến")
    values.setdefault("slug", "ngan-hang-sang-kien")
    return add_page(home_page(), InitiativeBankPage(**values))


def make_statistics_page(**values) -> StatisticsPage:
    values.setdefault("title", "Thống kê")
    values.setdefault("slug", "thong-ke")
    return add_page(home_page(), StatisticsPage(**values))
