"""Citizens and households of a world (the population database proper)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fake_portal.population.text import normalise_name


class KeyField(models.CharField):
    """Text that is a key, not prose (identity numbers, normalised names, household
    codes): on PostgreSQL its collation is "C", so index upkeep and look-ups compare
    bytes instead of going through the locale (measured: a million citizens' two
    indexes on such columns took 0.45 s less CPU to load under C.UTF-8, and far more
    under a language locale). SQLite compares bytes already and has no "C" collation.
    """

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


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

    def clean(self):
        from fake_portal.population.loader import GenerationError, check_defect_rates

        try:
            check_defect_rates(self.defect_rates)
        except GenerationError as exc:
            raise ValidationError({"defect_rates": str(exc)}) from exc


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
    code = KeyField(_("số hộ"), max_length=20)
    head = models.ForeignKey(
        "population.Citizen",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chủ hộ"),
    )
    commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        # No query looks households up by commune (residents are found through
        # Citizen.permanent_commune); the index only cost load time.
        db_index=False,
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
        """Look-up as the population database allows: by id number, or by name and
        birth date together (the officials' forms ask for both).

        A name goes through the (world, birth date) index: a day's births in a world
        of a million are a few dozen rows to compare names in. An index on the names
        themselves cost twice as much to keep up while a world loads (measured: 4.5–5.4
        s against 2.5 s of server CPU per million citizens), so a name alone is refused.
        """
        if name and not birth_date:
            raise ValueError("a name look-up needs the birth date")
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
    id_number = KeyField(_("số định danh cá nhân"), max_length=12)
    surname = models.CharField(_("họ"), max_length=40)
    middle_name = models.CharField(_("chữ đệm"), max_length=60, blank=True)
    given_name = models.CharField(_("tên"), max_length=40)
    search_name = KeyField(max_length=150, editable=False)
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
    card_issue_date = models.DateField(
        _("ngày cấp thẻ căn cước"), null=True, blank=True
    )
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
        db_index=False,  # a partial index (Meta): most rows hold no reference
        verbose_name=_("cha"),
    )
    mother = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # a partial index (Meta): most rows hold no reference
        verbose_name=_("mẹ"),
    )
    spouse = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # a partial index (Meta): most rows hold no reference
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
        db_index=False,  # a partial index (Meta): most rows hold no reference
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
            models.Index(fields=["world", "birth_date"], name="citizen_birth_date"),
            # Family links and duplicates are looked up by value (children, deletes), never
            # by NULL: indexing only the rows that hold one keeps a million-person load
            # lighter (measured: 1.9–2.0 s → 1.4 s of index upkeep per 200,000 people).
            *(
                models.Index(
                    fields=[link],
                    condition=models.Q(**{f"{link}__isnull": False}),
                    name=f"citizen_{link}_set",
                )
                for link in ("father", "mother", "spouse", "duplicate_of")
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.id_number})"

    @property
    def full_name(self):
        return " ".join(
            p for p in (self.surname, self.middle_name, self.given_name) if p
        )
