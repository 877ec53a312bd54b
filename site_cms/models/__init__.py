from site_cms.models.bank import InitiativeBankPage
from site_cms.models.home import HomePage
from site_cms.models.movements import MovementIndexPage, MovementPage
from site_cms.models.news import NewsIndexPage, NewsPage, NewsPageTag
from site_cms.models.people import ExemplaryPersonIndexPage, ExemplaryPersonPage
from site_cms.models.registry import HonourBoardPage, StatisticsPage

__all__ = [
    "ExemplaryPersonIndexPage",
    "ExemplaryPersonPage",
    "HomePage",
    "HonourBoardPage",
    "InitiativeBankPage",
    "MovementIndexPage",
    "MovementPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "StatisticsPage",
]
