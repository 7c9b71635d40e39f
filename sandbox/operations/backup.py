"""Backup and restore of the database and uploaded files, checked after every restore.

A backup is a directory: the database (`pg_dump -Fc` for PostgreSQL, an SQLite copy made
with SQLite's online backup API), the uploaded files as a tar.gz, and `manifest.json` with
the SHA-256 of each file, the row count of every table and the headline counts (officials,
events, attempts, certificates… as registered in `integrity`). Counts are taken in the same
snapshot as the dump. A restore checks the hashes first, and afterwards that every count
matches and every registered verifier (e.g. certificates) passes.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from sandbox.operations import integrity

FORMAT = "sa-ban/backup/1"
MANIFEST = "manifest.json"
PG_DUMP, SQLITE_COPY, MEDIA_TAR = "database.dump", "database.sqlite3", "media.tar.gz"


class BackupError(Exception):
    pass


def _vendor(db: dict) -> str:
    return "postgresql" if "postgresql" in db["ENGINE"] else "sqlite"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _alias(name: str, db: dict):
    """A temporary connection alias on `db`, closed and forgotten afterwards."""
    configured = connections.configure_settings(
        {"default": dict(connections["default"].settings_dict), name: dict(db)}
    )
    connections.settings[name] = configured[name]
    # Connect now, explicitly: test runners refuse lazy connections to unknown aliases.
    connections[name].connect()
    try:
        yield name
    finally:
        connections[name].close()
        del connections[name]
        del connections.settings[name]


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(args: list, env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()[-2000:]}")


def _counts(alias: str) -> dict:
    return {
        "tables": integrity.table_counts(alias),
        "headline": integrity.headline_counts(alias),
        "migrations": _migrations(alias),
    }


def _migrations(alias: str) -> dict:
    latest = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return latest


# --- backup ---------------------------------------------------------------------------------


def _dump_postgres(db: dict, path: Path) -> dict:
    # Dump and counts share one exported snapshot, so the manifest describes the dump
    # exactly even while people keep working.
    with _alias("backup_snapshot", db) as alias, transaction.atomic(using=alias):
        with connections[alias].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-acl",
                f"--snapshot={snapshot}",
                f"--file={path}",
            ],
            _pg_env(db),
        )
        return _counts(alias)


def _copy_sqlite(db: dict, path: Path) -> dict:
    source = sqlite3.connect(db["NAME"])
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # consistent even while the file is in use
    finally:
        target.close()
        source.close()
    with _alias("backup_copy", {**db, "NAME": str(path), "OPTIONS": {}}) as alias:
        return _counts(alias)


def _tar_media(root: Path, path: Path) -> None:
    with tarfile.open(path, "w:gz") as tar:
        if root.exists():
            tar.add(root, arcname="media")


def create_backup(out_dir: Path, *, media: bool = True) -> Path:
    """Write a backup directory under `out_dir` and return its path."""
    db = dict(connections["default"].settings_dict)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(out_dir) / f"saban-backup-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    vendor = _vendor(db)
    database = PG_DUMP if vendor == "postgresql" else SQLITE_COPY
    dump = _dump_postgres if vendor == "postgresql" else _copy_sqlite
    counts = dump(db, target / database)
    files = [database]
    if media:
        _tar_media(Path(settings.MEDIA_ROOT), target / MEDIA_TAR)
        files.append(MEDIA_TAR)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now(),
        "engine": vendor,
        "database": database,
        "media": MEDIA_TAR if media else None,
        "files": {name: _sha256(target / name) for name in files},
        **counts,
    }
    (target / MANIFEST).write_text(
        json.dumps(manifest, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    )
    return target


# --- restore --------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source}: no {MANIFEST}, not a Sa Bàn backup")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["files"].items():
        if not (Path(source) / name).is_file():
            raise BackupError(f"{name} is missing from the backup")
        if _sha256(Path(source) / name) != expected:
            raise BackupError(f"{name} is damaged (SHA-256 differs from the manifest)")
    return manifest


def _restore_postgres(path: Path, db: dict) -> None:
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={db['NAME']}",
            str(path),
        ],
        _pg_env(db),
    )


def _restore_sqlite(path: Path, db: dict) -> None:
    Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(path)
    target = sqlite3.connect(db["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def unpack_data(tar_path: Path, dest: Path) -> None:
    """Unpack a media archive into `dest`: files and folders only, every one inside `dest`.

    Python 3.11.4 and later enforce this themselves (filter="data"); older 3.11 builds,
    such as Debian 12's, get the check here, before anything is written (stricter: no
    links at all). A refused archive raises BackupError.
    """
    with tarfile.open(tar_path, "r:gz") as tar:
        if hasattr(tarfile, "data_filter"):
            try:
                tar.extractall(dest, filter="data")
            except tarfile.FilterError as error:
                raise BackupError(f"{tar_path.name}: refused: {error}") from error
            return
        root = dest.resolve()
        for member in tar.getmembers():
            inside = (root / member.name).resolve().is_relative_to(root)
            if not (member.isfile() or member.isdir()) or not inside:
                raise BackupError(f"{tar_path.name}: refused: {member.name!r}")
        tar.extractall(dest)


def _restore_media(tar_path: Path, root: Path) -> Path | None:
    """Unpack into a fresh directory, then swap it in; the old files are kept aside."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="restore-", dir=root.parent))
    try:
        unpack_data(tar_path, staging)
    except BackupError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    unpacked = staging / "media"
    unpacked.mkdir(exist_ok=True)
    aside = None
    if root.exists():
        aside = root.with_name(
            f"{root.name}.before-restore-{timezone.now():%Y%m%d%H%M%S}"
        )
        root.rename(aside)
    shutil.move(str(unpacked), str(root))
    shutil.rmtree(staging, ignore_errors=True)
    return aside


def _compare(manifest: dict, found: dict) -> dict:
    tables = {
        table: {"backup": n, "restored": found["tables"].get(table)}
        for table, n in manifest["tables"].items()
        if found["tables"].get(table) != n
    }
    headline = {
        name: {"backup": n, "restored": found["headline"].get(name)}
        for name, n in manifest["headline"].items()
        if found["headline"].get(name) != n
    }
    return {"tables": tables, "headline": headline}


def restore_backup(
    source: Path,
    *,
    database_url: str | None = None,
    media_root: Path | None = None,
    media: bool = True,
) -> dict:
    """Restore `source` into the configured database (or `database_url`) and check it."""
    manifest = read_manifest(Path(source))
    db = (
        dj_database_url.parse(database_url)
        if database_url
        else dict(connections["default"].settings_dict)
    )
    if _vendor(db) != manifest["engine"]:
        raise BackupError(
            f"backup is {manifest['engine']}, target database is {_vendor(db)}"
        )
    if not database_url:
        connections.close_all()  # the restore replaces what these connections see
    path = Path(source) / manifest["database"]
    (_restore_postgres if manifest["engine"] == "postgresql" else _restore_sqlite)(
        path, db
    )
    aside = None
    if media and manifest.get("media"):
        root = Path(media_root or settings.MEDIA_ROOT)
        aside = _restore_media(Path(source) / manifest["media"], root)
    options = db.get("OPTIONS", {}) if manifest["engine"] == "postgresql" else {}
    with _alias("restore_check", {**db, "OPTIONS": options}) as alias:
        found = _counts(alias)
        verifiers = integrity.run_verifiers(alias)
    mismatches = _compare(manifest, found)
    ok = not mismatches["tables"] and not mismatches["headline"]
    ok = ok and all(not v["problems"] for v in verifiers.values())
    return {
        "ok": ok,
        "headline": found["headline"],
        "mismatches": mismatches,
        "verifiers": verifiers,
        "media_set_aside": str(aside) if aside else None,
    }
