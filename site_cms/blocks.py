"""The StreamField blocks of news pages: rich text, an image with its caption and credit, a
quote, a gallery, a live figure from the registry and a call to action. Each block has its own
template under ``site_cms/blocks/``."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from site_cms.selectors.live_figures import LIVE_FIGURES, shown_figure, unit_code_exists


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "site_cms/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("who said it"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "site_cms/blocks/quote.html"


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Gallery image")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    images = blocks.ListBlock(GalleryImageBlock(), label=_("images"), min_num=2)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "site_cms/blocks/gallery.html"


class LiveFigureBlock(blocks.StructBlock):
    """A figure read from the registry when the page is shown, never typed in."""

    figure = blocks.ChoiceBlock(choices=LIVE_FIGURES, label=_("figure"))
    unit_code = blocks.CharBlock(
        label=_("unit code"),
        required=False,
        max_length=32,
        help_text=_("The unit whose subtree is counted; empty for the whole union."),
    )
    year = blocks.IntegerBlock(
        label=_("year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Empty: all years."),
    )
    label = blocks.CharBlock(
        label=_("label"),
        required=False,
        max_length=255,
        help_text=_("Shown beside the number; empty for the figure's own name."),
    )

    class Meta:
        icon = "table"
        label = _("Live figure from the registry")
        template = "site_cms/blocks/live_figure.html"

    def clean(self, value):
        value = super().clean(value)
        if not unit_code_exists(value.get("unit_code")):
            raise StructBlockValidationError(
                block_errors={
                    "unit_code": ValidationError(
                        _("No unit has the code %(code)s."),
                        code="unknown_unit",
                        params={"code": value.get("unit_code", "").strip()},
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["figure"] = shown_figure(
            value.get("figure") or "",
            value.get("unit_code") or "",
            value.get("year"),
            value.get("label") or "",
        )
        return context


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=255)
    text = blocks.TextBlock(label=_("text"), required=False)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("address"), required=False)
    button = blocks.CharBlock(label=_("button"), max_length=80)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "site_cms/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("Choose a page or give an address for the button."),
                        code="no_target",
                    )
                ]
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        page = value.get("page")
        # A page unpublished or deleted since the block was written falls back to the address.
        href = page.get_url(request) if page is not None and page.live else None
        context["href"] = href or value.get("url") or ""
        return context


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        template="site_cms/blocks/paragraph.html",
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    gallery = GalleryBlock()
    live_figure = LiveFigureBlock()
    call_to_action = CallToActionBlock()
