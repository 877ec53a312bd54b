"""What the demo dossiers are about: the topics of each field and, for each demo grassroots
union, the fields it works in and the places inside it where things are applied."""

from dataclasses import dataclass

from initiatives.enums import InitiativeField

F = InitiativeField


@dataclass(frozen=True)
class Topic:
    title: str  # what the initiative does, as its title starts
    task: str  # the work it changes, as a noun phrase ("việc …")


def _topics(*pairs: tuple[str, str]) -> list[Topic]:
    return [Topic(title, task) for title, task in pairs]


TOPICS: dict[str, list[Topic]] = {
    F.MECHANICAL: _topics(
        ("Thiết kế, chế tạo đồ gá định vị chi tiết khi hàn", "việc định vị chi tiết trước khi hàn"),
        ("Cải tiến cơ cấu cấp phôi tự động cho máy dập", "việc cấp phôi cho máy dập"),
        ("Chế tạo xe đẩy nâng hạ thủy lực vận chuyển khuôn", "việc vận chuyển và thay khuôn"),
        ("Cải tiến bộ gá kẹp nhanh trên máy khoan cần", "việc gá kẹp phôi trên máy khoan"),
        (
            "Phục hồi trục truyền động bằng phương pháp phun phủ kim loại",
            "việc sửa chữa trục truyền động bị mòn",
        ),
        ("Lắp bộ đếm sản phẩm và cảnh báo dừng máy", "việc theo dõi sản lượng và tình trạng máy"),
        (
            "Cải tiến bàn thao tác điều chỉnh được độ cao",
            "việc bố trí vị trí thao tác của công nhân",
        ),
        ("Thiết kế dưỡng kiểm nhanh kích thước sản phẩm", "việc kiểm tra kích thước sản phẩm"),
        ("Tận dụng nhiệt thải máy nén khí để sấy nguyên liệu", "việc sấy nguyên liệu"),
    ),
    F.ELECTRICAL: _topics(
        ("Lắp biến tần điều khiển động cơ quạt hút", "việc vận hành quạt hút công suất lớn"),
        (
            "Cải tiến mạch bảo vệ mất pha cho động cơ bơm",
            "việc bảo vệ động cơ bơm khi nguồn điện gặp sự cố",
        ),
        ("Thay đèn cao áp bằng đèn LED có cảm biến chuyển động", "việc chiếu sáng nhà xưởng"),
        ("Xây dựng hệ thống giám sát nhiệt độ tủ điện từ xa", "việc kiểm tra nhiệt độ các tủ điện"),
        ("Bù công suất phản kháng tự động cho trạm biến áp", "việc điều chỉnh hệ số công suất"),
        ("Chế tạo bàn thử nghiệm rơ-le bảo vệ", "việc kiểm định rơ-le bảo vệ"),
        (
            "Cải tiến phiếu thao tác đóng cắt thiết bị theo sơ đồ trực quan",
            "việc thao tác đóng cắt thiết bị điện",
        ),
        (
            "Ứng dụng camera nhiệt phát hiện sớm điểm phát nóng",
            "việc phát hiện các điểm tiếp xúc phát nóng",
        ),
    ),
    F.DIGITAL: _topics(
        ("Xây dựng phần mềm quản lý vật tư bằng mã QR", "việc nhập, xuất và kiểm kê vật tư"),
        ("Số hóa sổ giao ca trên máy tính bảng", "việc ghi chép và bàn giao ca"),
        ("Ứng dụng bảng điều khiển trực tuyến theo dõi tiến độ", "việc báo cáo tiến độ công việc"),
        ("Tự động tổng hợp báo cáo bằng bảng tính dùng chung", "việc tổng hợp báo cáo định kỳ"),
        (
            "Xây dựng kho tài liệu kỹ thuật tra cứu trên điện thoại",
            "việc tra cứu tài liệu, bản vẽ kỹ thuật",
        ),
        ("Ứng dụng chữ ký số trong trình duyệt hồ sơ nội bộ", "việc trình ký hồ sơ nội bộ"),
        (
            "Phát triển ứng dụng nhắc lịch bảo dưỡng thiết bị",
            "việc lập kế hoạch bảo dưỡng thiết bị",
        ),
        (
            "Số hóa quy trình đăng ký nghỉ phép của người lao động",
            "việc đăng ký và duyệt nghỉ phép",
        ),
    ),
    F.CONSTRUCTION: _topics(
        ("Cải tiến ván khuôn lắp ghép cho kết cấu bê tông nhỏ", "việc lắp dựng ván khuôn"),
        ("Gia cố mái taluy bằng rọ đá kết hợp trồng cỏ chống xói", "việc bảo vệ mái taluy"),
        ("Tổ chức lại luồng xe ra vào khu vực bốc xếp", "việc điều phối xe ra vào khu vực bốc xếp"),
        ("Chế tạo giá đỡ di động khi sửa chữa mặt cầu cảng", "việc sửa chữa mặt cầu cảng"),
        ("Cải tiến phương pháp chống thấm khe co giãn", "việc chống thấm khe co giãn"),
        ("Ứng dụng cảm biến đo lún cho nền bãi", "việc quan trắc lún nền bãi"),
        ("Sắp xếp lại sơ đồ bãi chứa theo luồng hàng", "việc bố trí hàng hóa trên bãi"),
    ),
    F.MINING: _topics(
        ("Cải tiến vì chống thủy lực đơn trong lò chợ", "việc chống giữ lò chợ"),
        ("Lắp cảm biến khí mê-tan cảnh báo sớm", "việc đo và cảnh báo khí mê-tan"),
        ("Cải tiến máng cào vận tải than", "việc vận tải than trong lò"),
        ("Chế tạo thiết bị thu hồi dầu thải tại sàn khoan", "việc thu gom dầu thải"),
        ("Tối ưu chế độ rửa lưới sàng tuyển", "việc vệ sinh lưới sàng"),
        (
            "Cải tiến hệ thống phun sương dập bụi tại điểm chuyển tải",
            "việc dập bụi tại các điểm chuyển tải",
        ),
        (
            "Ứng dụng phần mềm theo dõi giờ chạy thiết bị khoan",
            "việc theo dõi giờ chạy thiết bị khoan",
        ),
    ),
    F.AGRICULTURE: _topics(
        ("Cải tiến máy vò chè tận dụng động cơ cũ", "việc vò chè"),
        ("Ứng dụng hệ thống tưới nhỏ giọt cho đồi chè", "việc tưới nước cho đồi chè"),
        ("Cải tiến dây chuyền sơ chế cá nguyên liệu", "việc sơ chế cá nguyên liệu"),
        ("Tận dụng phụ phẩm chế biến làm phân hữu cơ", "việc xử lý phụ phẩm chế biến"),
        ("Cải tiến buồng sấy dùng năng lượng mặt trời", "việc sấy nông sản"),
        ("Tối ưu nhiệt độ kho lạnh theo từng loại hàng", "việc bảo quản hàng trong kho lạnh"),
        (
            "Xây dựng nhật ký canh tác điện tử cho vùng nguyên liệu",
            "việc ghi chép nhật ký canh tác",
        ),
    ),
    F.HEALTH: _topics(
        (
            "Cải tiến quy trình tiếp đón và phân luồng người bệnh",
            "việc tiếp đón và phân luồng người bệnh",
        ),
        ("Ứng dụng tin nhắn nhắc lịch tái khám", "việc nhắc người bệnh tái khám"),
        ("Chế tạo giá treo dịch truyền gắn xe lăn", "việc di chuyển người bệnh đang truyền dịch"),
        ("Chuẩn hóa bộ dụng cụ thay băng vô khuẩn theo gói", "việc chuẩn bị dụng cụ thay băng"),
        ("Sắp xếp tủ thuốc cấp cứu theo mã màu", "việc lấy thuốc cấp cứu"),
        (
            "Xây dựng bảng kiểm an toàn người bệnh trước phẫu thuật",
            "việc kiểm tra an toàn trước phẫu thuật",
        ),
        ("Rút ngắn thời gian trả kết quả xét nghiệm bằng mã vạch", "việc trả kết quả xét nghiệm"),
        ("Tổ chức góc tư vấn dinh dưỡng cho người bệnh mạn tính", "việc tư vấn dinh dưỡng"),
    ),
    F.EDUCATION: _topics(
        (
            "Thiết kế bộ thí nghiệm vật lý từ vật liệu tái chế",
            "việc dạy các bài thực hành thí nghiệm",
        ),
        (
            "Ứng dụng ngân hàng câu hỏi trực tuyến trong kiểm tra thường xuyên",
            "việc ra đề và chấm bài kiểm tra thường xuyên",
        ),
        (
            "Tổ chức dạy học theo dự án gắn với di tích địa phương",
            "việc dạy nội dung giáo dục địa phương",
        ),
        (
            "Xây dựng thư viện học liệu số dùng chung cho tổ chuyên môn",
            "việc chia sẻ học liệu giữa giáo viên",
        ),
        (
            "Rèn kỹ năng đọc hiểu cho học sinh qua góc đọc lớp học",
            "việc rèn kỹ năng đọc cho học sinh",
        ),
        ("Cải tiến cách tổ chức bữa ăn bán trú", "việc tổ chức bữa ăn bán trú"),
        (
            "Ứng dụng mô phỏng số trong giảng dạy thực hành kỹ thuật",
            "việc hướng dẫn thực hành kỹ thuật",
        ),
        (
            "Xây dựng sổ liên lạc điện tử giữa nhà trường và gia đình",
            "việc trao đổi thông tin với cha mẹ học sinh",
        ),
    ),
    F.ADMINISTRATION: _topics(
        ("Cải tiến cách lưu trữ và tra cứu hồ sơ nhân sự", "việc lưu trữ hồ sơ nhân sự"),
        ("Chuẩn hóa biểu mẫu đề nghị mua sắm vật tư", "việc đề nghị mua sắm vật tư"),
        ("Áp dụng phương pháp 5S tại khu vực làm việc", "việc sắp xếp nơi làm việc"),
        (
            "Xây dựng quy trình một cửa tiếp nhận đề nghị của người lao động",
            "việc tiếp nhận và trả lời đề nghị của người lao động",
        ),
        ("Tổ chức lại lịch trực và giao ca theo nhóm", "việc bố trí lịch trực"),
        ("Cải tiến cách theo dõi chấm công và giờ làm thêm", "việc chấm công và tính giờ làm thêm"),
        (
            "Xây dựng bộ chỉ số đánh giá hiệu quả công việc cho tổ, đội",
            "việc đánh giá kết quả công việc của tổ, đội",
        ),
    ),
    F.SAFETY: _topics(
        ("Chế tạo tấm che chắn an toàn cho máy cắt", "việc vận hành máy cắt"),
        ("Lắp rèm ánh sáng dừng máy khẩn cấp", "việc bảo vệ người vận hành máy"),
        ("Cải tiến hệ thống hút bụi cục bộ tại vị trí mài", "việc xử lý bụi tại vị trí mài"),
        ("Xây dựng bản đồ rủi ro và biển cảnh báo trực quan", "việc nhận diện nguy cơ mất an toàn"),
        ("Tuần hoàn nước làm mát để giảm lượng nước thải", "việc sử dụng nước làm mát"),
        (
            "Cải tiến khóa liên động khi bảo dưỡng thiết bị",
            "việc cô lập nguồn năng lượng khi bảo dưỡng",
        ),
        (
            "Huấn luyện an toàn bằng video ngắn theo vị trí việc làm",
            "việc huấn luyện an toàn lao động",
        ),
        ("Phân loại chất thải rắn tại nguồn theo mã màu", "việc thu gom chất thải rắn"),
    ),
    F.BUSINESS: _topics(
        (
            "Xây dựng quy trình chăm sóc khách hàng sau bán hàng",
            "việc chăm sóc khách hàng sau bán hàng",
        ),
        ("Tối ưu lộ trình giao hàng bằng bản đồ số", "việc lập lộ trình giao hàng"),
        ("Ứng dụng thanh toán không dùng tiền mặt tại quầy", "việc thu tiền tại quầy"),
        ("Quản lý tồn kho theo mức tồn tối thiểu", "việc quản lý hàng tồn kho"),
        ("Thiết kế gói dịch vụ trọn gói cho khách đoàn", "việc phục vụ khách đoàn"),
        ("Chuẩn hóa quy trình đối chiếu công nợ hằng tháng", "việc đối chiếu công nợ"),
        ("Tiếp nhận phản hồi của khách hàng qua mã QR", "việc tiếp nhận phản hồi của khách hàng"),
    ),
    F.OTHER: _topics(
        ("Tổ chức phong trào tiết kiệm điện, nước trong tập thể", "việc sử dụng điện, nước"),
        (
            "Xây dựng tủ sách pháp luật cho người lao động",
            "việc phổ biến pháp luật cho người lao động",
        ),
        ("Lập nhóm hỗ trợ lẫn nhau khi có sự cố trên đường", "việc xử lý sự cố trên đường"),
    ),
}

# Fields each demo grassroots union works in, and places inside it where things are applied.
UNIT_PROFILES: dict[str, tuple[list[str], list[str]]] = {
    "CS-DHA-01": (
        [F.MECHANICAL, F.ADMINISTRATION, F.SAFETY, F.DIGITAL],
        ["chuyền may số 3", "phân xưởng cắt", "tổ là hoàn thiện", "kho nguyên phụ liệu"],
    ),
    "CS-DHA-02": (
        [F.HEALTH, F.ADMINISTRATION, F.DIGITAL],
        ["khoa Hồi sức cấp cứu", "khoa Dược", "phòng khám ngoại trú", "khoa Xét nghiệm"],
    ),
    "CS-DHA-03": (
        [F.MECHANICAL, F.SAFETY, F.ELECTRICAL],
        ["xưởng xẻ", "dây chuyền sấy gỗ", "tổ chà nhám", "xưởng sơn hoàn thiện"],
    ),
    "CS-DHO-01": (
        [F.CONSTRUCTION, F.MECHANICAL, F.DIGITAL, F.BUSINESS],
        ["bến số 2", "đội cẩu bờ", "bãi container", "tổ điều độ"],
    ),
    "CS-DHO-02": (
        [F.AGRICULTURE, F.MECHANICAL, F.SAFETY],
        ["dây chuyền tiệt trùng", "tổ sơ chế", "kho lạnh", "tổ đóng hộp"],
    ),
    "CS-KCN-QTR-01": (
        [F.ELECTRICAL, F.SAFETY, F.DIGITAL],
        ["trạm biến áp 110 kV", "cụm tua-bin số 5", "phòng điều khiển trung tâm", "đội bảo dưỡng"],
    ),
    "CS-KCN-QTR-02": (
        [F.MECHANICAL, F.ELECTRICAL, F.BUSINESS],
        ["máy in flexo", "dây chuyền sóng carton", "tổ bế hộp", "kho thành phẩm"],
    ),
    "CS-GD-QTR-01": (
        [F.EDUCATION, F.DIGITAL],
        ["tổ Toán – Tin", "tổ Vật lý – Công nghệ", "phòng thí nghiệm", "thư viện nhà trường"],
    ),
    "CS-GD-QTR-02": (
        [F.EDUCATION, F.ADMINISTRATION],
        ["khối lớp 1", "khối lớp 4", "tổ văn phòng", "khu bán trú"],
    ),
    "CS-KCN-VPH-01": (
        [F.ELECTRICAL, F.DIGITAL, F.MECHANICAL],
        ["chuyền SMT số 2", "bộ phận kiểm tra quang học", "kho linh kiện", "tổ bảo trì"],
    ),
    "CS-KCN-VPH-02": (
        [F.MECHANICAL, F.SAFETY, F.ELECTRICAL],
        ["xưởng hàn thân vỏ", "xưởng sơn", "chuyền lắp ráp", "trạm kiểm tra xuất xưởng"],
    ),
    "CS-KCN-VPH-03": (
        [F.MECHANICAL, F.ADMINISTRATION, F.SAFETY],
        ["xưởng dệt", "xưởng nhuộm", "chuyền may số 5", "tổ cơ điện"],
    ),
    "CS-VTR-01": (
        [F.SAFETY, F.ELECTRICAL, F.MECHANICAL],
        ["xưởng axit", "phân xưởng xút – clo", "tổ xử lý nước thải", "phòng kiểm tra chất lượng"],
    ),
    "CS-VTR-02": (
        [F.MECHANICAL, F.ELECTRICAL, F.SAFETY],
        ["máy xeo số 2", "xưởng bột", "khu lò hơi", "tổ hoàn thành"],
    ),
    "CS-VTR-03": (
        [F.HEALTH, F.DIGITAL, F.ADMINISTRATION],
        ["khoa Nội tổng hợp", "khoa Ngoại", "khoa Khám bệnh", "phòng Kế hoạch tổng hợp"],
    ),
    "CS-HBH-01": (
        [F.ELECTRICAL, F.CONSTRUCTION, F.SAFETY],
        ["tổ máy H2", "khu đập tràn", "phòng điều khiển", "trạm phân phối"],
    ),
    "CS-HBH-02": (
        [F.AGRICULTURE, F.MECHANICAL, F.BUSINESS],
        ["xưởng chế biến chè xanh", "đội chè số 3", "tổ sao sấy", "kho thành phẩm"],
    ),
    "CS-HLO-01": (
        [F.BUSINESS, F.DIGITAL, F.ADMINISTRATION],
        ["bộ phận lễ tân", "đội tàu tham quan", "nhà hàng", "phòng kinh doanh"],
    ),
    "CS-HLO-02": (
        [F.MECHANICAL, F.SAFETY, F.CONSTRUCTION],
        ["phân xưởng vỏ", "khu ụ khô", "tổ hàn", "xưởng ống"],
    ),
    "CS-KCN-QNI-01": (
        [F.MECHANICAL, F.ELECTRICAL, F.SAFETY],
        ["xưởng kéo sợi", "xưởng đánh ống", "khu điều không", "tổ cơ điện"],
    ),
    "CS-KCN-QNI-02": (
        [F.MECHANICAL, F.ELECTRICAL],
        ["xưởng gia công", "xưởng nhiệt luyện", "tổ lắp ráp", "kho khuôn"],
    ),
    "CS-CG-01": (
        [F.DIGITAL, F.ADMINISTRATION, F.BUSINESS],
        [
            "nhóm phát triển sản phẩm",
            "bộ phận kiểm thử",
            "phòng hỗ trợ khách hàng",
            "phòng hành chính",
        ],
    ),
    "CS-CG-02": (
        [F.EDUCATION, F.DIGITAL, F.MECHANICAL],
        ["khoa Cơ khí", "khoa Điện – Điện tử", "xưởng thực hành", "phòng Đào tạo"],
    ),
    "CS-CDDK-01": (
        [F.MINING, F.SAFETY, F.MECHANICAL],
        ["giàn khoan số 3", "xưởng sửa chữa bờ", "tổ dung dịch khoan", "kho vật tư"],
    ),
    "CS-CDDK-02": (
        [F.SAFETY, F.ELECTRICAL, F.MECHANICAL],
        ["xưởng tổng hợp amoniac", "xưởng urê", "khu đóng bao", "trạm xử lý nước"],
    ),
    "CS-CDTKS-01": (
        [F.MINING, F.SAFETY, F.ELECTRICAL],
        [
            "phân xưởng khai thác số 4",
            "phân xưởng vận tải lò",
            "trạm quạt gió chính",
            "phân xưởng cơ điện",
        ],
    ),
    "CS-CDTKS-02": (
        [F.MINING, F.MECHANICAL, F.ELECTRICAL],
        ["nhà máy tuyển số 2", "tổ sàng rung", "băng tải cấp than", "tổ cơ điện"],
    ),
    "CS-CDTKS-03": (
        [F.ELECTRICAL, F.MECHANICAL, F.MINING],
        ["xưởng sửa chữa động cơ", "xưởng chế tạo kết cấu", "tổ quấn dây", "phòng kỹ thuật"],
    ),
    "CS-QNI-01": (
        [F.HEALTH, F.ADMINISTRATION],
        ["khoa Khám bệnh", "khoa Y tế công cộng", "trạm y tế xã đảo", "phòng Điều dưỡng"],
    ),
    "CS-HNO-01": (
        [F.SAFETY, F.DIGITAL, F.OTHER],
        [
            "nhóm lái xe khu vực Cầu Giấy",
            "nhóm lái xe sân bay",
            "nhóm lái xe ca đêm",
            "văn phòng nghiệp đoàn",
        ],
    ),
}
