"""Page addresses without diacritics: "đ" becomes "d", marks are dropped."""

from site_cms.slugs import page_slug
from tests.factories.pages import make_news_index, make_news_page


def test_page_slug_drops_diacritics_and_keeps_d():
    slug = page_slug("Công nhân Đông Hà đoàn kết, sáng tạo")
    assert slug == "cong-nhan-dong-ha-doan-ket-sang-tao"


def test_news_page_typed_slug_loses_diacritics(db):
    news = make_news_page(make_news_index(), title="Đoàn viên sáng tạo", slug="đoàn-viên-sáng-tạo")
    assert news.slug == "doan-vien-sang-tao"
    assert news.url.endswith("/doan-vien-sang-tao/")
