"""The world generator compiled to C with mypyc, and the guard that keeps it honest.

The generator is plain Python, and still is: mypyc compiles the same source files into
C extension modules, which Python then imports in their place (``.so`` files next to the
``.py`` ones, not committed). Generating and encoding a world then takes 20–26 % less
CPU (bench_population runs both side by side), and the generating child was the
PostgreSQL loader's critical path (README, performance).

- ``./saban setup`` builds them (``python -m fake_portal.population.native``): again
  only when the sources have changed since the last build; it needs gcc and the Python
  headers, which the project's Debian packages include.
- Rows are the same either way: a test generates one world compiled and, in another
  process, from the sources, and compares the digests.
- A build older than its sources is never used: ``generator/__init__.py`` asks
  ``use_sources_when_stale()`` first, which then points those imports at the ``.py``
  files. The build records the digest of the sources it compiled (``STAMP``).
- ``SABAN_PURE_GENERATOR=1`` runs the sources whatever was built.

Not compiled: ``spec.py`` (frozen dataclasses, which mypyc cannot compile) and the
package's ``__init__``.
"""

import hashlib
import importlib.abc
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path

PACKAGE = "fake_portal.population.generator"
GENERATOR = Path(__file__).resolve().parent / "generator"
MODULES = (
    "attributes",
    "context",
    "defects",
    "identity",
    "people",
    "records",
    "tables",
    "world",
)
STAMP = GENERATOR / ".compiled"
PURE_ENV = "SABAN_PURE_GENERATOR"
# mypyc puts the runtime the compiled modules share in one more module, named after this.
GROUP = f"{PACKAGE}.compiled"


def sources_digest() -> str:
    """sha256 over the compiled modules' sources, in MODULES order."""
    digest = hashlib.sha256()
    for name in MODULES:
        digest.update((GENERATOR / f"{name}.py").read_bytes())
    return digest.hexdigest()


def build_is_current() -> bool:
    try:
        return STAMP.read_text().strip() == sources_digest()
    except FileNotFoundError:
        return False


class _Sources(importlib.abc.MetaPathFinder):
    """Imports the compiled modules from their ``.py`` files, built or not."""

    def find_spec(self, fullname, path=None, target=None):
        package, _dot, name = fullname.rpartition(".")
        if package != PACKAGE or name not in MODULES:
            return None
        return importlib.util.spec_from_file_location(
            fullname, GENERATOR / f"{name}.py"
        )


def use_sources_when_stale() -> bool:
    """Before the generator's modules are imported: when the build is missing or older
    than the sources, or SABAN_PURE_GENERATOR is set, import them from their sources.
    Returns whether the compiled modules may be used."""
    if os.environ.get(PURE_ENV) or not build_is_current():
        if not any(isinstance(finder, _Sources) for finder in sys.meta_path):
            sys.meta_path.insert(0, _Sources())
        return False
    return True


def is_compiled() -> bool:
    """Whether the generator running in this process is the compiled one."""
    module = sys.modules.get(f"{PACKAGE}.world")
    return module is not None and not module.__file__.endswith(".py")


def _artefacts():
    for path in GENERATOR.iterdir():
        if path.suffix == ".so" or path.name == STAMP.name:
            yield path


def build(force: bool = False) -> bool:
    """Compile the generator's modules in place; returns False when already current."""
    if build_is_current() and not force:
        return False
    from mypyc.build import mypycify  # build-time only
    from setuptools import setup

    digest = sources_digest()
    root = GENERATOR.parents[2]
    # Unlink, never overwrite: a running process may have the old files mapped.
    for path in _artefacts():
        path.unlink()
    leftover = root / "build"  # mypyc writes a setup.py there, for debugging
    leftover_existed = leftover.exists()
    with tempfile.TemporaryDirectory(prefix="saban-mypyc-") as scratch:
        cwd = Path.cwd()
        os.chdir(root)  # mypyc names the modules after their paths from here
        try:
            modules = mypycify(
                [
                    "--follow-imports=skip",
                    "--ignore-missing-imports",
                    "--disable-error-code=annotation-unchecked",
                    *(str(GENERATOR.relative_to(root) / f"{n}.py") for n in MODULES),
                ],
                opt_level="3",
                group_name=GROUP,
                target_dir=str(Path(scratch) / "c"),
            )
            setup(
                name="saban-generator",
                packages=[],
                py_modules=[],
                ext_modules=modules,
                script_args=[
                    "--quiet",
                    "build_ext",
                    "--inplace",
                    f"--build-temp={scratch}/temp",
                    f"--build-lib={scratch}/lib",
                ],
            )
        finally:
            os.chdir(cwd)
            if not leftover_existed:
                shutil.rmtree(leftover, ignore_errors=True)
    STAMP.write_text(digest + "\n")
    return True


if __name__ == "__main__":
    built = build(force="--force" in sys.argv)
    print(
        "World generator compiled (mypyc)."
        if built
        else "World generator: the compiled modules are current."
    )
