"""The columns of the members' register in a workbook, shared by the export and the members'
import (``imports``): the same headers, in the same order, so an export can be imported back.

The importable headers are a file format, not interface text: they are the Vietnamese headers
unions already use in their Excel files (issue 15), written the same whatever the language of
the page, so they are not translated. The columns only the export adds are.
"""

from django.utils.translation import pgettext_lazy

MEMBER_COLUMNS = [
    ("full_name", "Họ và tên"),
    ("date_of_birth", "Ngày sinh"),
    ("sex", "Giới tính"),
    ("identity_number", "Số định danh cá nhân"),
    ("phone", "Số điện thoại"),
    ("email", "Email"),
    ("unit_code", "Mã đơn vị"),
    ("card_number", "Số thẻ đoàn viên"),
    ("joined_on", "Ngày vào công đoàn"),
    ("position", "Chức vụ"),
]

# Columns the export adds after the importable ones; an import ignores them.
EXPORT_ONLY_COLUMNS = [
    ("unit_name", pgettext_lazy("member column", "Grassroots union")),
    ("status", pgettext_lazy("member column", "Status")),
    ("valid_to", pgettext_lazy("member column", "Membership ends on")),
    ("end_reason", pgettext_lazy("member column", "Reason the membership ended")),
]

# The "Giới tính" cells, also a file format.
SEX_CELLS = {"female": "Nữ", "male": "Nam"}
