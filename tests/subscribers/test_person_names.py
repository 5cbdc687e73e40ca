"""Names of persons are stored in three parts (issue 12): the migration that splits the
one-line names already stored, the model's display name, and the form's fields."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from subscribers.models import Consumer, Signatory

from .factories import ConsumerFactory, OrganizationFactory, SignatoryFactory

pytestmark = pytest.mark.dateless  # a migration's split of names: no date is read

BEFORE = [("subscribers", "0005_consumer_search_text"), ("metering", "0010_strip_confidence_marks")]
AFTER = [("subscribers", "0006_person_names_in_three_parts"), ("metering", "0011_commission_member_name_in_three_parts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_splits_the_stored_names_surname_first():
    # given the one-line names as they were stored before
    old = _migrate(BEFORE)
    organization = old.get_model("subscribers", "Organization").objects.create(
        full_name="АО «Теплосеть»", short_name="АО «Теплосеть»", inn="3525000017", kpp="352501001",
        ogrn="1023500000019", legal_address="г. Энск", postal_address="г. Энск", bank_name="Банк", bik="041909644",
        settlement_account="40702810012000001234", correspondent_account="30101810900000000644",
    )
    signatory = old.get_model("subscribers", "Signatory")
    head = signatory.objects.create(organization=organization, full_name="Громов Виктор Иванович", position="Директор")
    initials = signatory.objects.create(organization=organization, full_name="Лебедева Н.С.", position="Бухгалтер")
    long = signatory.objects.create(organization=organization, full_name="Мамедов Эльдар Рашид оглы", position="Юрист")
    consumer = old.get_model("subscribers", "Consumer").objects.create(
        code="100001", kind="legal", penalty_category="other", name="ООО «Дом»", signatory_name="Орлов Андрей Викторович",
    )
    # when
    new = _migrate(AFTER)
    # then each name is in its three parts, surname first as it was written
    parts = ("last_name", "first_name", "middle_name")
    rows = {row.pk: row for row in new.get_model("subscribers", "Signatory").objects.all()}
    assert [getattr(rows[head.pk], p) for p in parts] == ["Громов", "Виктор", "Иванович"]
    assert [getattr(rows[initials.pk], p) for p in parts] == ["Лебедева", "Н.", "С."]
    assert [getattr(rows[long.pk], p) for p in parts] == ["Мамедов", "Эльдар", "Рашид оглы"]
    migrated = new.get_model("subscribers", "Consumer").objects.get(pk=consumer.pk)
    assert (migrated.signatory_last_name, migrated.signatory_first_name, migrated.signatory_middle_name) == (
        "Орлов", "Андрей", "Викторович")
    # and the reverse joins them back
    back = _migrate(BEFORE)
    assert back.get_model("subscribers", "Signatory").objects.get(pk=head.pk).full_name == "Громов Виктор Иванович"
    assert back.get_model("subscribers", "Consumer").objects.get(pk=consumer.pk).signatory_name == "Орлов Андрей Викторович"
    _migrate(AFTER)
    # finally the whole project is at its latest state again
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_a_signatory_shows_its_full_name_and_signs_initials_first():
    signatory = SignatoryFactory(organization=OrganizationFactory(), last_name="Петров", first_name="Сергей",
                                 middle_name="Николаевич")
    signatory = Signatory.objects.get(pk=signatory.pk)
    assert signatory.full_name == "Петров Сергей Николаевич"
    assert signatory.short_name == "С.Н.\xa0Петров"
    assert str(signatory) == "Генеральный директор Петров Сергей Николаевич"


@pytest.mark.django_db
def test_a_consumer_signer_needs_a_surname_and_a_name():
    from django.core.exceptions import ValidationError

    consumer = ConsumerFactory.build(signatory_first_name="Андрей", signatory_last_name="")
    with pytest.raises(ValidationError) as caught:
        consumer.clean()
    assert "signatory_last_name" in caught.value.message_dict
    consumer = ConsumerFactory.build(signatory_last_name="Орлов", signatory_first_name="Андрей",
                                     signatory_middle_name="Викторович")
    consumer.clean()
    assert consumer.signatory_name == "Орлов Андрей Викторович"
    assert Consumer._meta.get_field("signatory_last_name").verbose_name == "фамилия подписанта"
