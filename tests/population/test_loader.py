"""Loading worlds into the database: counts, digest, progress, bad input, all-or-nothing."""

import time

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection

from fake_portal.population import actions, loader, streaming
from fake_portal.population.generator import generate
from fake_portal.population.loader import GenerationError, delete_world_rows
from fake_portal.population.models import (
    BusinessHousehold,
    Citizen,
    CivilStatusRecord,
    DataDefect,
    Household,
    LandParcel,
    SocialAllowance,
)
from fake_portal.population.rows import (
    FOREIGN_KEYS,
    OFFSET,
    TABLES,
    RowMapper,
    dangling,
    generated_columns,
    range_columns,
)
from fake_portal.population.streaming import (
    CopyFailed,
    CopyWriter,
    DanglingReference,
)
from sandbox.models import World
from tests.population.conftest import WORLD_SIZE, digest_of


def test_loaded_world_matches_the_generator(big_world, big_spec, bundles, db):
    assert big_world.status == World.Status.READY
    assert big_world.progress == WORLD_SIZE and big_world.progress_percent == 100
    assert big_world.digest == digest_of(big_spec)
    counts = {
        Household: len(bundles),
        Citizen: sum(len(b.citizens) for b in bundles),
        CivilStatusRecord: sum(len(b.civil_status) for b in bundles),
        BusinessHousehold: sum(len(b.businesses) for b in bundles),
        LandParcel: sum(len(b.land_parcels) for b in bundles),
        SocialAllowance: sum(len(b.allowances) for b in bundles),
        DataDefect: sum(len(b.defects) for b in bundles),
    }
    for model, expected in counts.items():
        assert model.objects.filter(world=big_world).count() == expected, model
    assert (
        Citizen.objects.for_world(big_world).filter(household__isnull=False).count()
        == WORLD_SIZE
    )


def test_references_point_inside_the_world(big_world, db):
    household = Household.objects.filter(world=big_world).select_related("head").first()
    assert household.head.household_id == household.pk
    child = Citizen.objects.for_world(big_world).filter(mother__isnull=False).first()
    assert child.mother.world_id == big_world.pk


def test_search_is_case_and_diacritic_insensitive(big_world, db):
    person = Citizen.objects.for_world(big_world).alive().originals().first()
    rough = person.full_name.upper().replace("Đ", "D")
    found = Citizen.objects.for_world(big_world).search(
        name=rough, birth_date=person.birth_date
    )
    assert person in found
    assert list(
        Citizen.objects.for_world(big_world).search(id_number=person.id_number)
    ) == [person]
    assert not Citizen.objects.search().exists()
    with pytest.raises(ValueError, match="birth date"):
        Citizen.objects.for_world(big_world).search(name=person.full_name)


def test_defects_can_be_asked_for(big_world, db):
    for kind in DataDefect.Kind.values:
        assert Citizen.objects.for_world(big_world).with_defect(kind).exists(), kind


@pytest.mark.parametrize(
    ("province", "citizens", "message"),
    [
        (99, 100, "Không có tỉnh"),
        (37, 0, "lớn hơn 0"),
        (37, -5, "lớn hơn 0"),
        (37, 20_000_001, "tối đa"),
    ],
)
def test_bad_recipes_are_refused_before_anything_is_written(
    db, province, citizens, message
):
    with pytest.raises(CommandError, match=message):
        call_command(
            "generate_world",
            province=province,
            citizens=citizens,
            seed=1,
            no_progress=True,
        )
    assert not World.objects.filter(seed=1, citizens=citizens).exists()


def test_a_second_run_over_an_existing_world_is_refused(big_world, db):
    with pytest.raises(CommandError, match="đã tồn tại"):
        call_command(
            "generate_world",
            province=37,
            citizens=big_world.citizens,
            seed=big_world.seed,
            no_progress=True,
        )
    with pytest.raises(GenerationError, match="đã tồn tại"):
        actions.generate_world(big_world)
    assert Citizen.objects.for_world(big_world).count() > WORLD_SIZE  # untouched


def test_command_generates_a_small_world(db, capsys):
    call_command("generate_world", province=37, citizens=150, seed=99, no_progress=True)
    world = World.objects.get(province_id=37, citizens=150, seed=99)
    assert world.status == World.Status.READY and world.progress == 150
    assert (
        Citizen.objects.for_world(world).filter(household__isnull=False).count() == 150
    )
    assert "150" in capsys.readouterr().out


def test_a_failed_load_leaves_nothing_behind(db):
    world = actions.create_world(province_code=37, citizens=400, seed=5)
    seen = []

    def interrupted(done, total):
        seen.append(done)
        raise KeyboardInterrupt  # the operator pressed Ctrl-C after the first chunk

    with pytest.raises(KeyboardInterrupt):
        actions.generate_world(world, on_progress=interrupted, chunk_size=100)
    world.refresh_from_db()
    assert (
        seen
        and world.status == World.Status.FAILED
        and "KeyboardInterrupt" in world.error
    )
    assert not Citizen.objects.for_world(world).exists()
    assert not Household.objects.filter(world=world).exists()
    # A failed world can be generated again, and then gives the same digest as a fresh one.
    digest = actions.generate_world(world)
    world.refresh_from_db()
    assert world.status == World.Status.READY and world.digest == digest


def test_progress_is_reported_per_chunk(db):
    world = actions.create_world(province_code=37, citizens=300, seed=6)
    seen = []
    actions.generate_world(
        world, on_progress=lambda d, t: seen.append((d, t)), chunk_size=100
    )
    assert len(seen) >= 3 and seen[-1] == (300, 300)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_deleting_a_world_removes_its_population(db):
    world = actions.create_world(province_code=37, citizens=100, seed=8)
    actions.generate_world(world)
    actions.delete_world(world)
    assert not World.objects.filter(pk=world.pk).exists()
    assert not Citizen.objects.filter(world_id=world.pk).exists()
    delete_world_rows(world.pk)  # idempotent


def test_the_command_retries_a_failed_world_of_the_same_recipe(db):
    world = actions.create_world(province_code=37, citizens=200, seed=31)

    def interrupted(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        actions.generate_world(world, on_progress=interrupted, chunk_size=50)
    call_command("generate_world", province=37, citizens=200, seed=31, no_progress=True)
    world.refresh_from_db()
    assert world.status == World.Status.READY
    assert World.objects.filter(province_id=37, citizens=200, seed=31).count() == 1


def test_dangling_references_are_found_from_the_id_extents():
    def extents(citizens=(10, 19, 10), father=(10, 18), head=(10, 19)):
        first, last, count = citizens
        return {
            "population_household": (2, {"id": (5, 6), "head_id": head}),
            "population_citizen": (
                count,
                {
                    "id": (first, last),
                    "household_id": (5, 6),
                    "father_id": father,
                    "mother_id": (None, None),  # nobody has one in this chunk
                    "spouse_id": (11, 12),
                    "duplicate_of_id": (None, None),
                },
            ),
            **{
                table: (0, dict.fromkeys(range_columns(table), (None, None)))
                for table in TABLES
                if table not in ("population_household", "population_citizen")
            },
        }

    assert dangling(extents()) == []
    assert dangling(extents(father=(10, 20))) == ["population_citizen.father_id"]
    assert dangling(extents(head=(9, 19))) == ["population_household.head_id"]
    # Ten rows cannot fill ids 10 to 29: some id in between is missing, so no
    # reference to this chunk's citizens can be trusted.
    assert dangling(extents(citizens=(10, 29, 10))) == [
        "population_household.head_id",
        "population_citizen.father_id",
        "population_citizen.spouse_id",
    ]


def test_every_foreign_key_of_the_loaded_tables_is_checked():
    """The loader writes with PostgreSQL's per-row checks off: FOREIGN_KEYS must name
    every reference the models declare (but the world's, which the loader sets)."""
    declared = set()
    for model in apps.get_models():
        if model._meta.db_table not in TABLES:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.column != "world_id":
                parent = field.related_model._meta.db_table
                declared.add((model._meta.db_table, field.column, parent))
    assert set(FOREIGN_KEYS) == declared


def test_sqlite_and_postgresql_offset_the_same_columns():
    """RowMapper (SQLite, unrolled for speed) and OFFSET (PostgreSQL's INSERT … SELECT)
    state the same thing twice: which columns get the world id and which id offset."""
    mapper = RowMapper(world_id=-1, citizen_offset=-2, household_offset=-3)
    mapping = {
        "population_household": mapper.household,
        "population_citizen": mapper.citizen,
        "population_civilstatusrecord": mapper.civil,
        "population_businesshousehold": mapper.business,
        "population_landparcel": mapper.land,
        "population_socialallowance": mapper.allowance,
        "population_datadefect": mapper.defect,
    }
    kinds = {-1: "world", -2: "citizen", -3: "household", 0: None}
    for table, columns in TABLES.items():
        mapped = mapping[table](tuple(0 for _ in generated_columns(table)))
        expected = [
            "world" if column == "world_id" else OFFSET.get((table, column))
            for column in columns
        ]
        assert [kinds[value] for value in mapped] == expected, table


def test_a_reference_outside_the_world_fails_the_load_and_writes_nothing(
    db, monkeypatch
):
    # The generator's classes may be compiled (population/native.py): the bundles it
    # yields are corrupted on their way to the loader instead.
    def corrupted(spec):
        for index, bundle in enumerate(generate(spec)):
            if index == 3:
                row = list(bundle.citizens[0])
                citizen = generated_columns("population_citizen")
                row[citizen.index("father_id")] = 10**8
                row[citizen.index("temporary_commune_id")] = 99_999
                bundle.citizens[0] = tuple(row)
            yield bundle

    monkeypatch.setattr(streaming, "generate", corrupted)  # PostgreSQL's child
    monkeypatch.setattr(loader, "generate", corrupted)  # SQLite
    world = actions.create_world(province_code=37, citizens=300, seed=12)
    with pytest.raises(Exception) as failure:  # noqa: PT011 - differs per database
        actions.generate_world(world, chunk_size=100)
    world.refresh_from_db()
    assert world.status == World.Status.FAILED
    assert not Citizen.objects.for_world(world).exists()
    assert not Household.objects.filter(world=world).exists()
    if connection.vendor == "postgresql":  # checked chunk by chunk by the loader
        assert isinstance(failure.value, CopyFailed)
        assert isinstance(failure.value.__cause__, DanglingReference)
        assert str(failure.value) == (
            "population_citizen.father_id, population_citizen.temporary_commune_id"
        )
    else:  # by SQLite's own foreign-key check at the end of the load
        assert isinstance(failure.value, IntegrityError)
        assert "population_citizen" in str(failure.value)


class TestCopyWriter:
    """The thread that COPYs chunks while the loader encodes the next."""

    def test_chunks_are_written_in_order(self):
        written = []
        with CopyWriter(written.append) as writer:
            for n in range(5):
                writer.put({"t": n})
        assert written == [{"t": n} for n in range(5)]

    def test_a_failed_write_is_raised_to_the_caller_and_stops_the_writes(self):
        written = []

        def write(chunk):
            if chunk["t"] == 1:
                raise ValueError("duplicate key")
            written.append(chunk)

        with pytest.raises(CopyFailed, match="duplicate key"):  # noqa: PT012
            with CopyWriter(write) as writer:
                for n in range(5):
                    writer.put({"t": n})
        assert written == [{"t": 0}]

    def test_when_the_caller_fails_nothing_more_is_written(self):
        written = []

        def until(condition):
            deadline = time.monotonic() + 5
            while not condition() and time.monotonic() < deadline:
                time.sleep(0.005)

        def write(chunk):
            # Chunk 0 is written only once chunk 1 waits in the queue and the failing
            # caller has taken it out again.
            until(writer.chunks.full)
            until(writer.chunks.empty)
            written.append(chunk)

        with pytest.raises(RuntimeError, match="child failed"):  # noqa: PT012
            with CopyWriter(write) as writer:
                writer.put({"t": 0})
                writer.put({"t": 1})
                raise RuntimeError("child failed")
        assert written == [{"t": 0}]
        assert not writer.thread.is_alive()


def test_a_defect_without_a_rate_is_a_usage_error_not_a_traceback(capsys):
    from fake_portal.population.management.commands.generate_world import Command

    command = Command()
    command._called_from_command_line = True
    parser = command.create_parser("manage.py", "generate_world")
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(
            ["--province", "37", "--citizens", "10", "--defect", "expired_card"]
        )
    assert exit_info.value.code == 2
    assert "loại=tỉ lệ" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("defect", "message"),
    [
        ("bogus=0.5", "bogus.*expired_card"),
        ("expired_card=7", "từ 0 đến 1"),
        ("expired_card=-0.1", "từ 0 đến 1"),
        ("expired_card=nan", "từ 0 đến 1"),
    ],
)
def test_unknown_defects_and_rates_outside_0_1_are_refused(db, defect, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "generate_world",
            f"--defect={defect}",
            province=37,
            citizens=10,
            seed=1,
            no_progress=True,
        )
    assert not World.objects.filter(citizens=10).exists()
    with pytest.raises(GenerationError, match="expired_card"):
        actions.create_world(
            province_code=37, citizens=10, seed=1, defect_rates={"bogus": 0.5}
        )


@pytest.mark.parametrize("seed", [-3, 2**31, 99999999999999999999])
def test_seeds_outside_the_column_are_refused_clearly(db, seed):
    with pytest.raises(CommandError, match="Hạt giống phải là số nguyên từ 0 đến"):
        call_command(
            "generate_world", province=37, citizens=10, seed=seed, no_progress=True
        )
    assert not World.objects.filter(citizens=10).exists()


def test_world_names_use_vietnamese_thousands_separators(db):
    world = actions.create_world(province_code=37, citizens=5000, seed=3)
    assert "5.000 công dân" in world.name
