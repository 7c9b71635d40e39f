"""Django admin for worlds (registered here: the core does not register World)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fake_portal.population import actions
from fake_portal.population.models import (
    BusinessHousehold,
    Citizen,
    CivilStatusRecord,
    DataDefect,
    Household,
    LandParcel,
    PopulationLookup,
    SocialAllowance,
    WorldRecipe,
)
from fake_portal.population.tasks import generate_world_task
from sandbox.models import Sandbox, World

# What a world's deletion removes with it, counted on the confirmation page.
_POPULATION_MODELS = (
    Household,
    Citizen,
    CivilStatusRecord,
    LandParcel,
    BusinessHousehold,
    SocialAllowance,
    DataDefect,
)


class WorldRecipeInline(admin.StackedInline):
    model = WorldRecipe
    can_delete = False
    extra = 1
    max_num = 1


@admin.register(World)
class WorldAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "province",
        "citizens",
        "seed",
        "status",
        "progress_bar",
        "generated_at",
    )
    list_filter = ("status", "province")
    search_fields = ("name",)
    readonly_fields = (
        "status",
        "progress_bar",
        "digest",
        "error",
        "created_at",
        "generated_at",
    )
    fields = ("name", "province", "seed", "citizens", *readonly_fields)
    inlines = [WorldRecipeInline]
    actions = ["generate"]

    class Media:
        js = ("population/world_progress.js",)

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != World.Status.PENDING:
            return ("name", "province", "seed", "citizens", *self.readonly_fields)
        return self.readonly_fields

    def delete_model(self, request, obj):
        actions.delete_world(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for world in queryset:
            actions.delete_world(world, actor=request.user)

    def get_deleted_objects(self, objs, request):
        """Counts instead of Django's list of every row, which would load a whole
        population (minutes for a big world); sandboxes on a world protect it."""
        worlds = list(objs)
        ids = [world.pk for world in worlds]
        counts = {World._meta.verbose_name_plural: len(worlds)}
        for model in _POPULATION_MODELS:
            if n := model.objects.filter(world_id__in=ids).count():
                counts[model._meta.verbose_name_plural] = n
        sandboxes = Sandbox.objects.filter(world_id__in=ids).select_related("commune")
        protected = [str(sandbox) for sandbox in sandboxes[:50]]
        perms_needed = (
            set() if self.has_delete_permission(request) else {World._meta.verbose_name}
        )
        return [str(world) for world in worlds], counts, perms_needed, protected

    @admin.display(description=_("tiến độ"))
    def progress_bar(self, world):
        if world.pk is None:  # the add form: nothing generated, nothing to poll
            return "—"
        url = reverse("population:world-status", args=[world.pk])
        return format_html(
            '<progress class="world-progress" max="100" value="{}" data-status-url="{}" '
            'data-status="{}">{} %</progress> <span class="world-progress-text">{} %</span>',
            world.progress_percent,
            url,
            world.status,
            world.progress_percent,
            world.progress_percent,
        )

    @admin.action(description=_("Tạo dữ liệu"))
    def generate(self, request, queryset):
        runnable = queryset.filter(
            status__in=[World.Status.PENDING, World.Status.FAILED]
        )
        count = 0
        for world in runnable:
            generate_world_task.enqueue(world.pk)
            count += 1
        skipped = queryset.count() - count
        if count:
            self.message_user(
                request,
                ngettext(
                    "Đã đưa %(count)d thế giới vào hàng đợi tạo dữ liệu.",
                    "Đã đưa %(count)d thế giới vào hàng đợi tạo dữ liệu.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Bỏ qua %(count)d thế giới đang tạo hoặc đã sẵn sàng.")
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(PopulationLookup)
class PopulationLookupAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "dossier_code", "citizen", "results")
    list_filter = ("created_at",)
    search_fields = ("dossier_code", "user__username")
    raw_id_fields = ("citizen", "sandbox", "world")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an audit log is append-only
