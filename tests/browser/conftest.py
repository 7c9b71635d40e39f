from tests.fake_portal.conftest import world  # noqa: F401 (fixture)
