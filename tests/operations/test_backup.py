"""Backup and restore, round trip on the lane's database (SQLite or PostgreSQL).

The backup is restored into a scratch database of this test's own (a file, or
saban_backup_<pid> created and dropped here), then over the live database after a change;
both times the counts of officials, events and certificates match and every certificate
still verifies.
"""

import io
import os
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connections

from sandbox import actions as core
from sandbox.models import Profile, SandboxEvent
from sandbox.operations import integrity
from sandbox.operations.backup import (
    BackupError,
    _alias,
    read_manifest,
    restore_backup,
    unpack_data,
)
from tests.operations.conftest import commit, preview, verify_official_certificates

# No serialized_rollback: flushes by earlier transactional tests re-create the role groups
# (post_migrate), and re-loading the serialized groups would then collide with them. The
# persona fixtures reload the administrative map themselves (tests/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)
User = get_user_model()


@pytest.fixture
def scratch_url(tmp_path):
    """A database URL nobody else uses, of the lane's kind; dropped afterwards."""
    db = connections["default"].settings_dict
    if connections["default"].vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    import psycopg

    name = f"saban_backup_{os.getpid()}"
    server = (
        f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
    )
    if db.get("PASSWORD"):
        server += f" password={db['PASSWORD']}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    yield f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def certificate_verifier():
    integrity.register_verifier("signature_certificates", verify_official_certificates)
    yield
    integrity._verifiers.pop("signature_certificates", None)


@pytest.fixture
def populated(province, coordinator, make_rows, world, settings):
    imp = commit(preview(make_rows(6), province, coordinator), coordinator)
    for user in User.objects.filter(import_records__official_import=imp)[:3]:
        sandbox = core.open_sandbox(
            world=world,
            commune=user.profile.commune,
            kind="practice",
            owner=user,
            actor=user,
        )
        core.pause_clock(sandbox, actor=user)
    media = Path(settings.MEDIA_ROOT)
    (media / "forms" / "2026").mkdir(parents=True)
    (media / "forms" / "2026" / "phieu-01.pdf").write_bytes(b"%PDF-1.7 training form")
    return imp


def _counts():
    from fake_portal.signatures.models import OfficialCertificate

    return {
        "officials": Profile.objects.count(),
        "events": SandboxEvent.objects.count(),
        "certificates": OfficialCertificate.objects.count(),
    }


def test_round_trip_into_a_scratch_database(
    populated, tmp_path, scratch_url, certificate_verifier
):
    before = _counts()
    out = io.StringIO()
    call_command("backup_data", str(tmp_path / "backups"), stdout=out)
    (backup,) = (tmp_path / "backups").iterdir()
    manifest = read_manifest(backup)
    assert manifest["headline"]["officials"] == before["officials"]
    assert manifest["engine"] == connections["default"].vendor
    restored_media = tmp_path / "restored-media"
    out = io.StringIO()
    call_command(
        "restore_data",
        str(backup),
        "--into",
        scratch_url,
        "--media-root",
        str(restored_media),
        stdout=out,
    )
    assert "số liệu khớp" in out.getvalue()
    assert "signature_certificates: " in out.getvalue() and ", 0 lỗi" in out.getvalue()
    # Check the scratch database with our own eyes too.
    import dj_database_url

    from fake_portal.signatures.models import OfficialCertificate

    with _alias("scratch_check", dj_database_url.parse(scratch_url)) as alias:
        assert Profile.objects.using(alias).count() == before["officials"]
        assert SandboxEvent.objects.using(alias).count() == before["events"]
        assert (
            OfficialCertificate.objects.using(alias).count() == before["certificates"]
        )
        checked, problems = verify_official_certificates(alias)
    assert checked == before["certificates"] >= 6 and problems == []
    assert (
        (restored_media / "forms" / "2026" / "phieu-01.pdf")
        .read_bytes()
        .startswith(b"%PDF")
    )


def test_restore_over_the_live_database_brings_back_what_was_lost(
    populated, tmp_path, settings, certificate_verifier
):
    before = _counts()
    call_command("backup_data", str(tmp_path / "b"), stdout=io.StringIO())
    (backup,) = (tmp_path / "b").iterdir()
    # Disaster: officials and their files are lost.
    User.objects.filter(import_records__official_import=populated).delete()
    (Path(settings.MEDIA_ROOT) / "forms" / "2026" / "phieu-01.pdf").unlink()
    assert _counts() != before
    report = restore_backup(backup)
    assert report["ok"], report["mismatches"]
    assert _counts() == before
    assert report["verifiers"]["signature_certificates"]["problems"] == []
    assert (Path(settings.MEDIA_ROOT) / "forms" / "2026" / "phieu-01.pdf").exists()
    assert report["media_set_aside"] and Path(report["media_set_aside"]).exists()


def test_a_damaged_backup_is_refused_before_anything_is_touched(populated, tmp_path):
    call_command("backup_data", str(tmp_path / "b"), "--no-media", stdout=io.StringIO())
    (backup,) = (tmp_path / "b").iterdir()
    database = next(p for p in backup.iterdir() if p.name.startswith("database"))
    with database.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\0\0\0damage")
    officials = Profile.objects.count()
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(backup)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore_data", str(backup), "--yes")
    assert Profile.objects.count() == officials


def test_a_media_archive_reaching_outside_its_folder_is_refused(tmp_path):
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"not for you"
        member = tarfile.TarInfo("media/ok.txt")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
        member = tarfile.TarInfo("../escaped.txt")
        member.size = len(data)
        tar.addfile(member, io.BytesIO(data))
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(BackupError, match="refused"):
        unpack_data(archive, dest)
    assert not (tmp_path / "escaped.txt").exists()


def test_a_media_archive_is_unpacked(tmp_path):
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        member = tarfile.TarInfo("media/forms/a.txt")
        member.size = 2
        tar.addfile(member, io.BytesIO(b"ok"))
    unpack_data(archive, tmp_path / "dest")
    assert (tmp_path / "dest" / "media" / "forms" / "a.txt").read_bytes() == b"ok"
