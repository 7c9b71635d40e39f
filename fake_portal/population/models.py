"""The mock national population database of one world: citizens, households, records.

Rows are written in bulk by the loader (fake_portal.population.loader) and are read-only
afterwards: officials only look people up. Every look-up is audited (PopulationLookup).
A Citizen row holds what the DATABASE says; where a deliberate data defect makes the
citizen's papers differ, the paper value is kept on the DataDefect row (see papers.py).
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from fake_portal.population.text import normalise_name


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Chưa kết hôn")
    MARRIED = "married", _("Đã kết hôn")
    WIDOWED = "widowed", _("Góa")
    DIVORCED = "divorced", _("Đã ly hôn")


class Relation(models.TextChoices):
    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ/chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Cha/mẹ")
    GRANDCHILD = "grandchild", _("Cháu")
    SIBLING = "sibling", _("Anh/chị/em")
    OTHER = "other", _("Khác")


class WorldRecipe(models.Model):
    """Generation options of a world beyond (province, seed, citizens): defect rates."""

    world = models.OneToOneField(
        "sandbox.World", on_delete=models.CASCADE, related_name="recipe"
    )
    defect_rates = models.JSONField(
        _("tỉ lệ lỗi dữ liệu"),
        default=dict,
        blank=True,
        help_text=_('Ví dụ {"expired_card": 0.1}; để trống: dùng tỉ lệ mặc định.'),
    )

    class Meta:
        verbose_name = _("tham số tạo dữ liệu")
        verbose_name_plural = _("tham số tạo dữ liệu")

    def __str__(self):
        return str(self.world)


class HouseholdQuerySet(models.QuerySet):
    def for_world(self, world):
        return self.filter(world=world)


class Household(models.Model):
    world = models.ForeignKey(
        "sandbox.World",
        on_delete=models.CASCADE,
        related_name="households",
        db_index=False,  # covered by the (world, code) unique index
    )
    code = models.CharField(_("số hộ"), max_length=20)
    head = models.ForeignKey(
        "population.Citizen",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("chủ hộ"),
    )
    commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("xã, phường"),
    )
    address = models.CharField(_("địa chỉ"), max_length=200)
    size = models.PositiveSmallIntegerField(_("số nhân khẩu"))

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        constraints = [
            models.UniqueConstraint(
                fields=["world", "code"], name="household_unique_code"
            )
        ]

    def __str__(self):
        return self.code


class CitizenQuerySet(models.QuerySet):
    def for_world(self, world):
        return self.filter(world=world)

    def alive(self):
        return self.filter(alive=True)

    def search(self, id_number=None, name=None, birth_date=None):
        """Look-up as the population database allows: by id number, or name (+ birth date)."""
        qs = self
        if id_number:
            qs = qs.filter(id_number="".join(str(id_number).split()))
        if name:
            qs = qs.filter(search_name=normalise_name(name))
        if birth_date:
            qs = qs.filter(birth_date=birth_date)
        if not (id_number or name or birth_date):
            return qs.none()
        return qs

    def with_defect(self, kind):
        return self.filter(defects__kind=kind).distinct()

    def without_defects(self):
        return self.filter(defects__isnull=True)

    def originals(self):
        """Exclude the duplicate records (a second row of the same person)."""
        return self.filter(duplicate_of__isnull=True)


class Citizen(models.Model):
    world = models.ForeignKey(
        "sandbox.World",
        on_delete=models.CASCADE,
        # "citizens" is taken by World.citizens (the requested size).
        related_name="people",
        db_index=False,  # covered by the (world, id_number) unique index
    )
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12)
    surname = models.CharField(_("họ"), max_length=40)
    middle_name = models.CharField(_("chữ đệm"), max_length=60, blank=True)
    given_name = models.CharField(_("tên"), max_length=40)
    search_name = models.CharField(max_length=150, editable=False)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"))
    birth_place_code = models.CharField(
        _("mã tỉnh nơi đăng ký khai sinh"),
        max_length=3,
        help_text=_("Mã tỉnh trước năm 2025 dùng trong số định danh cá nhân."),
    )
    ethnicity = models.CharField(_("dân tộc"), max_length=30, blank=True)
    religion = models.CharField(_("tôn giáo"), max_length=40, blank=True)
    hometown = models.CharField(_("quê quán"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=10, blank=True)
    email = models.CharField(_("thư điện tử"), max_length=120, blank=True)
    card_issue_date = models.DateField(_("ngày cấp thẻ căn cước"), null=True, blank=True)
    card_expiry_date = models.DateField(
        _("có giá trị đến"),
        null=True,
        blank=True,
        help_text=_("Để trống: không thời hạn (hoặc chưa được cấp thẻ)."),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("hộ gia đình"),
    )
    relation_to_head = models.CharField(
        _("quan hệ với chủ hộ"), max_length=12, choices=Relation.choices, blank=True
    )
    father = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("cha"),
    )
    mother = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("mẹ"),
    )
    spouse = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("vợ/chồng"),
    )
    permanent_commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("xã, phường thường trú"),
    )
    permanent_address = models.CharField(
        _("địa chỉ thường trú (thôn, tổ, số nhà)"), max_length=200, blank=True
    )
    temporary_commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("xã, phường tạm trú"),
    )
    temporary_address = models.CharField(
        _("địa chỉ tạm trú"), max_length=200, blank=True
    )
    alive = models.BooleanField(_("còn sống"), default=True)
    death_date = models.DateField(_("ngày mất"), null=True, blank=True)
    marital_status = models.CharField(
        _("tình trạng hôn nhân"),
        max_length=10,
        choices=MaritalStatus.choices,
        default=MaritalStatus.SINGLE,
    )
    occupation = models.CharField(_("nghề nghiệp"), max_length=80, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text=_("Bản ghi trùng của cùng một người (lỗi dữ liệu)."),
    )

    objects = CitizenQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("công dân")
        verbose_name_plural = _("công dân")
        constraints = [
            models.UniqueConstraint(
                fields=["world", "id_number"], name="citizen_unique_id_number"
            )
        ]
        indexes = [
            models.Index(
                fields=["world", "search_name", "birth_date"],
                name="citizen_name_search",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.id_number})"

    @property
    def full_name(self):
        return " ".join(p for p in (self.surname, self.middle_name, self.given_name) if p)


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
        db_index=False,
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
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="defects")
    kind = models.CharField(_("loại lỗi"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("trường"), max_length=40)
    database_value = models.CharField(_("giá trị trong CSDL"), max_length=200, blank=True)
    paper_value = models.CharField(_("giá trị trên giấy tờ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lỗi dữ liệu")
        verbose_name_plural = _("lỗi dữ liệu")
        indexes = [models.Index(fields=["world", "kind"], name="defect_world_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.field}"


class PopulationLookupQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def by_user(self, user):
        return self.filter(user=user)


class PopulationLookup(models.Model):
    """Audit row: who looked up whom, when, for which dossier (the real system logs this)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="population_lookups",
        verbose_name=_("người tra cứu"),
    )
    world = models.ForeignKey(
        "sandbox.World",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    sandbox = models.ForeignKey(
        "sandbox.Sandbox",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_lookups",
    )
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=40, blank=True)
    query = models.JSONField(_("điều kiện tra cứu"), default=dict, encoder=DjangoJSONEncoder)
    citizen = models.ForeignKey(
        Citizen,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("công dân được xem"),
    )
    results = models.PositiveIntegerField(_("số kết quả"), default=0)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    objects = PopulationLookupQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lượt tra cứu dân cư")
        verbose_name_plural = _("lượt tra cứu dân cư")

    def __str__(self):
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"
