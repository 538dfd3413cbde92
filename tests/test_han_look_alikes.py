"""Han look-alikes in text layers (china journey, finding 5): a PDF generator wrote 年 as
the compatibility ideograph U+F98E and 北 as U+F963, which print alike; dates in the
'2026年12月04日' form read as none, and a name compared with the same name printed
differed. They are read as the unified ideographs they show."""

from formsift import Engine
from formsift.util.ideographs import unified_ideographs

TEMPLATE = """template fp {
  match { contains "发票" }
  field date: date(format="%Y年%m月%d日") = right of "开票日期"
  field seller: text = right of "名称"
  rule seller_known: seller == "北京中联物流服务有限公司"
}
"""


def test_compatibility_ideographs_and_radicals_are_the_unified_ones():
    assert unified_ideographs("2026\uf98e12月04日") == "2026年12月04日"
    assert unified_ideographs("\uf963京") == "北京"
    assert unified_ideographs("\u2f47期") == "日期"  # Kangxi radical SUN
    assert unified_ideographs("Total 1\u00a0234,50 €") == "Total 1\u00a0234,50 €"


def test_a_text_file_with_look_alikes_reads_its_date_and_compares_its_name(tmp_path):
    doc = tmp_path / "fp.txt"
    doc.write_text("电子发票\n开票日期 2026\uf98e12月04日\n名称 \uf963京中联物流服务有限公司\n",
                   encoding="utf-8")
    tpl = tmp_path / "fp.sift"
    tpl.write_text(TEMPLATE, encoding="utf-8")
    result = Engine().extract(doc, str(tpl))
    assert str(result.value("date")) == "2026-12-04"
    assert result.value("seller") == "北京中联物流服务有限公司"
    assert result.status.value == "accepted", result.reasons
