"""Demo content: a certificate template and rules so the demo's learners get certificates."""

from certificates.models import CertificateTemplate, IssuingRule, Kind

DEFAULT_TEMPLATE = "Mẫu chứng chỉ Sa Bàn (mặc định)"


def seed(province, stdout) -> None:
    """One template and one rule per kind of achievement, idempotent."""
    template, created = CertificateTemplate.objects.get_or_create(
        name=DEFAULT_TEMPLATE,
        defaults={
            "heading": "CHỨNG CHỈ",
            "issuing_body": f"Trung tâm đào tạo Sa Bàn – {province.name} (mô phỏng)",
            "signer_name": "Lê Minh Tuấn",
            "signer_title": "Giám đốc Trung tâm đào tạo (mô phỏng)",
            "validity_months": 24,
            "design_text": (
                "Học viên đã học và thực hành quy trình tiếp nhận, giải quyết hồ sơ "
                "thủ tục hành chính theo mô hình chính quyền địa phương hai cấp."
            ),
        },
    )
    rules = [
        (Kind.COURSE, "Hoàn thành khóa học", None),
        (Kind.SCENARIO, "Đạt kịch bản thực hành (từ 80 %)", 80),
        (Kind.DRILL, "Đạt yêu cầu diễn tập (từ 70 %)", 70),
    ]
    made = 0
    for kind, name, min_score in rules:
        _rule, new = IssuingRule.objects.get_or_create(
            kind=kind,
            reference="",
            template=template,
            defaults={"name": name, "min_score": min_score},
        )
        made += new
    stdout.write(
        f"Chứng chỉ: mẫu {'mới' if created else 'có sẵn'}, {made} quy tắc cấp mới."
    )
