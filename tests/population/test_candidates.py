from fake_portal.catalogue import load_catalogue
from fake_portal.population.candidates import APPLICANTS, applicants


def test_every_procedure_of_the_catalogue_finds_applicants(big_world, db):
    catalogue = load_catalogue()
    codes = [p.code for p in catalogue.procedures]
    assert set(codes) <= set(APPLICANTS), set(codes) - set(APPLICANTS)
    for code in codes:
        assert applicants(big_world, code).exists(), code
