"""Records procedures need: civil status, business households, land, allowances, defects."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fake_portal.population.models.people import Citizen


class CivilStatusRecord(models.Model):
    """One entry of the civil-status register (sổ hộ tịch)."""

    class Kind(models.TextChoices):
        BIRTH = "birth", _("Khai sinh")
        MARRIAGE = "marriage", _("Kết hôn")
        DEATH = "death", _("Khai tử")

    world = models.ForeignKey(
        "sandbox.World", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(_("loại việc"), max_length=10, choices=Kind.choices)
    subject = models.ForeignKey(
        Citizen,
        on_delete=models.CASCADE,
        related_name="civil_status_records",
        verbose_name=_("người được đăng ký"),
    )
    second_party = models.ForeignKey(
        Citizen,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # a partial index (Meta): only marriages name a second party
        verbose_name=_("bên kia (vợ/chồng)"),
    )
    event_date = models.DateField(_("ngày xảy ra sự kiện"))
    registration_date = models.DateField(_("ngày đăng ký"))
    registering_commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("nơi đăng ký"),
    )
    book_number = models.CharField(_("quyển số"), max_length=20)
    entry_number = models.PositiveIntegerField(_("số"))
    registrar = models.CharField(_("công chức tư pháp - hộ tịch"), max_length=100)

    class Meta:
        ordering = ["registration_date", "pk"]
        verbose_name = _("đăng ký hộ tịch")
        verbose_name_plural = _("đăng ký hộ tịch")
        # Four records in five are births and deaths, with no second party: indexing only
        # the marriages saves a fifth of the table's load time (measured, 1.29 M records:
        # 3.2 s → 2.7 s of PostgreSQL CPU).
        indexes = [
            models.Index(
                fields=["second_party"],
                condition=models.Q(second_party__isnull=False),
                name="civil_second_party_set",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.book_number}/{self.entry_number}"


class BusinessHousehold(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        SUSPENDED = "suspended", _("Tạm ngừng kinh doanh")
        CLOSED = "closed", _("Đã chấm dứt")

    world = models.ForeignKey(
        "sandbox.World", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    owner = models.ForeignKey(
        Citizen,
        on_delete=models.CASCADE,
        related_name="businesses",
        verbose_name=_("chủ hộ kinh doanh"),
    )
    name = models.CharField(_("tên hộ kinh doanh"), max_length=150)
    business_line = models.CharField(_("ngành, nghề kinh doanh"), max_length=150)
    registration_number = models.CharField(_("số đăng ký"), max_length=20)
    registered_on = models.DateField(_("ngày đăng ký"))
    commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("xã, phường"),
    )
    address = models.CharField(_("địa điểm kinh doanh"), max_length=200)
    capital_vnd = models.BigIntegerField(_("vốn kinh doanh (đồng)"))
    employees = models.PositiveSmallIntegerField(_("số lao động"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("hộ kinh doanh")
        verbose_name_plural = _("hộ kinh doanh")

    def __str__(self):
        return self.name


class LandParcel(models.Model):
    world = models.ForeignKey(
        "sandbox.World", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    owner = models.ForeignKey(
        Citizen,
        on_delete=models.CASCADE,
        related_name="land_parcels",
        verbose_name=_("người sử dụng đất"),
    )
    co_owner = models.ForeignKey(
        Citizen,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="co_owned_land_parcels",
        db_index=False,  # a partial index (Meta): a third of parcels have no co-owner
        verbose_name=_("đồng sử dụng"),
    )
    commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("xã, phường"),
    )
    map_sheet = models.PositiveIntegerField(_("tờ bản đồ số"))
    parcel_number = models.PositiveIntegerField(_("thửa đất số"))
    area_m2 = models.DecimalField(_("diện tích (m²)"), max_digits=10, decimal_places=1)
    land_use = models.CharField(_("mục đích sử dụng"), max_length=10)
    address = models.CharField(_("địa chỉ thửa đất"), max_length=200)
    certificate_number = models.CharField(
        _("số phát hành Giấy chứng nhận"),
        max_length=20,
        blank=True,
        help_text=_("Để trống: chưa được cấp Giấy chứng nhận lần đầu."),
    )
    certificate_issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)

    class Meta:
        verbose_name = _("thửa đất")
        verbose_name_plural = _("thửa đất")
        indexes = [
            models.Index(
                fields=["co_owner"],
                condition=models.Q(co_owner__isnull=False),
                name="land_co_owner_set",
            )
        ]

    def __str__(self):
        return f"{self.map_sheet}/{self.parcel_number}"


class SocialAllowance(models.Model):
    """A monthly social allowance (Decree 20/2021, amended by Decree 76/2024)."""

    class Category(models.TextChoices):
        ELDERLY = "elderly", _("Người cao tuổi không có lương hưu, trợ cấp")
        DISABLED_SEVERE = "disabled_severe", _("Người khuyết tật nặng")
        DISABLED_EXTREME = "disabled_extreme", _("Người khuyết tật đặc biệt nặng")
        ORPHAN = "orphan", _("Trẻ em không có nguồn nuôi dưỡng")
        SINGLE_PARENT = "single_parent", _("Người đơn thân nghèo đang nuôi con")

    world = models.ForeignKey(
        "sandbox.World", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    beneficiary = models.ForeignKey(
        Citizen,
        on_delete=models.CASCADE,
        related_name="allowances",
        verbose_name=_("người hưởng"),
    )
    category = models.CharField(_("đối tượng"), max_length=20, choices=Category.choices)
    monthly_amount = models.PositiveIntegerField(_("mức hưởng hằng tháng (đồng)"))
    since = models.DateField(_("hưởng từ"))

    class Meta:
        verbose_name = _("trợ cấp xã hội")
        verbose_name_plural = _("trợ cấp xã hội")

    def __str__(self):
        return self.get_category_display()


class DataDefect(models.Model):
    """A deliberate data-quality problem: what the database says vs. the citizen's papers."""

    class Kind(models.TextChoices):
        MISSING_FIELD = "missing_field", _("Thiếu thông tin trong CSDL")
        NAME_MISMATCH = "name_mismatch", _("Họ tên khác giấy tờ")
        BIRTH_DATE_MISMATCH = "birth_date_mismatch", _("Ngày sinh khác giấy tờ")
        EXPIRED_CARD = "expired_card", _("Thẻ căn cước hết hạn")
        OLD_ADDRESS = "old_address", _("Địa chỉ theo địa giới cũ")
        DUPLICATE_RECORD = "duplicate_record", _("Bản ghi trùng")

    world = models.ForeignKey(
        "sandbox.World", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="defects"
    )
    kind = models.CharField(_("loại lỗi"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("trường"), max_length=40)
    database_value = models.CharField(
        _("giá trị trong CSDL"), max_length=200, blank=True
    )
    paper_value = models.CharField(
        _("giá trị trên giấy tờ"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("lỗi dữ liệu")
        verbose_name_plural = _("lỗi dữ liệu")
        indexes = [models.Index(fields=["world", "kind"], name="defect_world_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.field}"
