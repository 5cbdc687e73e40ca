import pytest

from core.errors import ApplicationError
from subscribers.models import Consumer, Organization
from subscribers.selectors import our_organization

from .factories import ConsumerFactory, ContractFactory, HeatedObjectFactory, OrganizationFactory


@pytest.mark.django_db
def test_our_organization_is_none_until_filled_in_or_refused_when_required():
    Organization.objects.all().delete()
    assert our_organization() is None
    with pytest.raises(ApplicationError) as exc:
        our_organization(required=True)
    assert (exc.value.code, exc.value.field) == ("organization_missing", "organization")


@pytest.mark.django_db
def test_our_organization_is_the_first_row():
    first = OrganizationFactory()
    OrganizationFactory()
    assert our_organization() == our_organization(required=True) == first


def test_search_ignores_the_case_of_cyrillic_letters_and_e_with_diaeresis_on_any_database(db):
    # given consumers spelled with capitals and «ё» (SQLite folds the case of ASCII letters only)
    from subscribers.selectors import consumer_list, contract_list, heated_object_list

    ivanov = ConsumerFactory(name="ИП Иванов Пётр Сергеевич", short_name="ИП Иванов П. С.")
    other = ConsumerFactory(name="ООО «Север»", legal_address="г. Вологда, ул. Зарёчная, д. 1")
    contract = ContractFactory(consumer=ivanov)
    heated = HeatedObjectFactory(consumer=ivanov)
    # when searched in lower case, in capitals or with «е» for «ё»
    for word in ("иванов", "ИВАНОВ", "петр", "пётр"):
        assert list(consumer_list(search=word)) == [ivanov], word
    assert list(consumer_list(search="ЗАРЕЧНАЯ")) == [other]
    assert list(contract_list(search="иванов")) == [contract]
    assert heated in heated_object_list(search="иванов")
    # and a correction of the name is searchable at once
    from core.updates import model_update

    model_update(other, {"name": "ООО «Юг»"}, actor=None)
    assert list(consumer_list(search="юг")) == [other]
    assert list(consumer_list(search="север")) == []


def test_the_migration_fills_the_search_text_of_the_consumers_already_there(db):
    from importlib import import_module

    from django.apps import apps

    consumer = ConsumerFactory(name="Ёлкин Артём")
    Consumer.objects.update(search_text="")
    import_module("subscribers.migrations.0005_consumer_search_text").fill_search_text(apps, None)
    consumer.refresh_from_db()
    assert consumer.search_text.startswith("елкин артем\n")
