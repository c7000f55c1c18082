import pytest

from docket.domain.vocabulary import load_vocabulary
from docket.errors import ValidationFailed


def test_shipped_vocabularies_load_and_cover_the_domain() -> None:
    v = load_vocabulary()
    for kind in (
        "verdict",
        "pre_trial_detention",
        "psychiatric_placement",
        "killed",
        "torture_allegation",
        "denial_of_medical_care",
        "exile",
        "status_reported",
    ):
        assert kind in v.event_kinds
    assert v.articles["kz-cc-405"].parts["2"].en == "participating"
    assert v.articles["kz-coao-488"].cite() == "COAO art. 488"
    assert v.articles["kz-cc-174"].title.en == (
        "incitement of social, national, class or religious discord"
    )
    assert "imprisoned" in v.categories.deprived_of_liberty
    assert "restricted_liberty" in v.categories.persecuted


def test_status_categories_are_configuration() -> None:
    v = load_vocabulary(
        categories={
            "deprived_of_liberty": ["imprisoned", "restricted_liberty"],
            "persecuted": ["charged"],
            "political_prisoner_recognitions": ["political_prisoner"],
        }
    )
    assert v.categories.category_of("restricted_liberty") == "deprived_of_liberty"
    assert v.categories.category_of("house_arrest") is None


def test_a_broken_category_file_is_refused_with_the_value_named() -> None:
    with pytest.raises(ValidationFailed, match="unknown value 'jailed'"):
        load_vocabulary(categories={"deprived_of_liberty": ["jailed"], "persecuted": []})
    with pytest.raises(ValidationFailed, match="both categories"):
        load_vocabulary(categories={"deprived_of_liberty": ["charged"], "persecuted": ["charged"]})
