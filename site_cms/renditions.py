"""The sizes images are shown at (Wagtail rendition filters), shared by the pages that list news
items and by the news item itself."""

# A news item's main image: in lists, on its page, and for link previews (Open Graph).
LIST_RENDITION = "fill-480x270"
PAGE_RENDITION = "max-1200x800"
SHARE_RENDITION = "fill-1200x630"
