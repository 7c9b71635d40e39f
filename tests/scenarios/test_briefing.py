from scenarios.templatetags.briefing import blocks, briefing

WRAPPED = """Sáng nay, một người mẹ nộp hồ sơ
đăng ký khai sinh. Anh/chị cần:
1. tra cứu, đối chiếu thông tin người nộp
   với Cơ sở dữ liệu quốc gia về dân cư;
2. tiếp nhận hồ sơ trong ngày.
Không yêu cầu giấy tờ đã có trong cơ sở dữ liệu.

- Ghi chú một
- Ghi chú hai
"""


def test_lines_wrapped_in_the_file_are_one_paragraph_or_item():
    assert blocks(WRAPPED) == [
        ("p", ["Sáng nay, một người mẹ nộp hồ sơ đăng ký khai sinh. Anh/chị cần:"]),
        (
            "ol",
            [
                "tra cứu, đối chiếu thông tin người nộp với Cơ sở dữ liệu quốc gia "
                "về dân cư;",
                "tiếp nhận hồ sơ trong ngày.",
            ],
        ),
        ("p", ["Không yêu cầu giấy tờ đã có trong cơ sở dữ liệu."]),
        ("ul", ["Ghi chú một", "Ghi chú hai"]),
    ]


def test_a_blank_line_separates_paragraphs():
    assert blocks("Một.\n\n\nHai\nba.") == [("p", ["Một."]), ("p", ["Hai ba."])]


def test_the_html_is_escaped_and_structured():
    html = briefing("Xem <b>kỹ</b> & làm:\n1) bước <i>một</i>")
    assert html == (
        "<p>Xem &lt;b&gt;kỹ&lt;/b&gt; &amp; làm:</p>"
        "<ol><li>bước &lt;i&gt;một&lt;/i&gt;</li></ol>"
    )
    assert briefing("") == ""
