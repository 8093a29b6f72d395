import pytest

from minutes.models import CatalogItem, VotingRule


@pytest.mark.django_db
def test_the_migration_loads_27_manifestations_in_three_groups_of_nine_and_19_prohibitions():
    nq04 = CatalogItem.objects.filter(catalog="NQ04-2016")
    assert nq04.count() == 27
    for group in ("SD-TT", "SD-DD", "SD-TDB"):
        assert nq04.filter(group_code=group).count() == 9
    assert CatalogItem.objects.filter(catalog="QD37-2021").count() == 19
    assert CatalogItem.objects.filter(code="QD37-19").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ne tranh", "né tránh", "NÉ TRÁNH", "SD-TT-5"])
def test_items_are_found_by_code_or_words_with_or_without_diacritics(query):
    codes = set(CatalogItem.objects.matching(query).values_list("code", flat=True))
    assert "SD-TT-5" in codes


@pytest.mark.django_db
def test_an_administrator_can_correct_the_wording():
    item = CatalogItem.objects.get(code="SD-TT-1")
    item.exact_wording = "Phai nhạt lý tưởng cách mạng"
    item.save()
    assert CatalogItem.objects.get(code="SD-TT-1").wording == "Phai nhạt lý tưởng cách mạng"
    assert CatalogItem.objects.matching("phai nhat ly tuong").filter(code="SD-TT-1").exists()


@pytest.mark.django_db
def test_voting_rules_are_loaded_for_every_decision_kind():
    rules = {r.kind: (r.numerator, r.denominator, r.strict) for r in VotingRule.objects.all()}
    assert rules["ordinary"] == (1, 2, True)
    assert rules["admission"] == (2, 3, False)
    assert len(rules) == 6
