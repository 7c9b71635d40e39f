"""The compiled world generator (population/native.py): used, current, and the same rows."""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fake_portal.population import native
from tests.population.conftest import digest_of

ROOT = Path(__file__).resolve().parents[2]
# Generates a world in a fresh interpreter and prints which generator ran and its digest.
CHILD = """
import json, sys
import django
django.setup()
from fake_portal.population import native
from fake_portal.population.generator import CommuneInfo, WorldSpec
from tests.population.conftest import digest_of
data = json.loads(sys.stdin.read())
data["communes"] = [CommuneInfo(**c) for c in data["communes"]]
data["other_communes"] = {
    int(k): [CommuneInfo(**c) for c in v] for k, v in data["other_communes"].items()
}
data["province_names"] = {int(k): v for k, v in data["province_names"].items()}
digest = digest_of(WorldSpec(**data))
print(json.dumps({"compiled": native.is_compiled(), "digest": digest}))
"""


def run_elsewhere(spec, **env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(dataclasses.asdict(spec)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "sandbox.settings", **env},
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def small_spec(big_spec):
    return dataclasses.replace(big_spec, citizens=4_000, seed=31)


def test_the_generator_runs_compiled_from_a_current_build():
    """`./saban setup` builds it; the benchmark's figures are the compiled generator's."""
    if os.environ.get(native.PURE_ENV):
        pytest.skip("SABAN_PURE_GENERATOR is set: the sources run on purpose")
    assert native.build_is_current(), "run ./saban setup to compile the generator"
    assert native.is_compiled()


def test_compiled_and_source_generators_make_the_same_world(small_spec):
    here = digest_of(small_spec)
    sources = run_elsewhere(small_spec, **{native.PURE_ENV: "1"})
    assert sources["compiled"] is False
    assert sources["digest"] == here
    compiled = run_elsewhere(small_spec)
    assert compiled["compiled"] is native.is_compiled()
    assert compiled["digest"] == here


class TestStaleBuild:
    """A build older than the sources must never run: the sources are imported instead."""

    @pytest.fixture
    def meta_path(self, monkeypatch):
        finders = [f for f in sys.meta_path if not isinstance(f, native._Sources)]
        monkeypatch.setattr(sys, "meta_path", finders)
        monkeypatch.delenv(native.PURE_ENV, raising=False)
        return finders

    def test_a_stamp_of_other_sources_is_stale(self, tmp_path, monkeypatch, meta_path):
        stamp = tmp_path / ".compiled"
        stamp.write_text("0" * 64 + "\n")
        monkeypatch.setattr(native, "STAMP", stamp)
        assert not native.build_is_current()
        assert native.use_sources_when_stale() is False
        assert isinstance(meta_path[0], native._Sources)

    def test_no_build_at_all_is_stale(self, tmp_path, monkeypatch, meta_path):
        monkeypatch.setattr(native, "STAMP", tmp_path / "missing")
        assert native.use_sources_when_stale() is False
        assert isinstance(meta_path[0], native._Sources)

    def test_a_current_stamp_lets_the_build_run(self, tmp_path, monkeypatch, meta_path):
        stamp = tmp_path / ".compiled"
        stamp.write_text(native.sources_digest() + "\n")
        monkeypatch.setattr(native, "STAMP", stamp)
        assert native.use_sources_when_stale() is True
        assert not any(isinstance(f, native._Sources) for f in meta_path)

    def test_the_environment_asks_for_the_sources(
        self, tmp_path, monkeypatch, meta_path
    ):
        stamp = tmp_path / ".compiled"
        stamp.write_text(native.sources_digest() + "\n")
        monkeypatch.setattr(native, "STAMP", stamp)
        monkeypatch.setenv(native.PURE_ENV, "1")
        assert native.use_sources_when_stale() is False

    def test_the_finder_points_at_the_sources_of_compiled_modules_only(self):
        finder = native._Sources()
        spec = finder.find_spec(f"{native.PACKAGE}.people")
        assert spec.origin == str(native.GENERATOR / "people.py")
        assert finder.find_spec(f"{native.PACKAGE}.spec") is None
        assert finder.find_spec("fake_portal.population.rows") is None
