from datetime import date
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from settlements.bank_formats import StatementFormatError
from settlements.models import Allocation, BankStatement, Payment
from settlements.services import statement_import
from subscribers.models import Contract

from ..factories import ConsumerFactory, ContractFactory, DebtFactory


def _forget(contract):
    consumer = contract.consumer
    contract.delete()
    consumer.delete()


def test_the_sample_statement_is_imported_and_matched(sample_statement, sample_payers):
    # when
    result = statement_import(data=sample_statement, filename="bank_statement_1c.txt")
    # then every payment is matched to its consumer and contract
    assert len(result.created) == 4 and not result.unmatched
    by_number = {p.number: p for p in Payment.objects.all()}
    assert by_number["1012"].contract == sample_payers["teplovik"]
    assert by_number["1012"].periods == ["2026-10-01"]
    assert by_number["77"].contract == sample_payers["lesnaya"]
    assert by_number["77"].periods == ["2026-09-01"]
    assert by_number["2230"].kind == Payment.Kind.PENALTY
    assert by_number["2230"].claim_number == "П-2026/000041"
    assert by_number["2230"].contract == sample_payers["stroy"]  # its only contract
    assert by_number["15"].contract == sample_payers["smirnova"]
    assert by_number["15"].periods == ["2026-08-01"]
    assert sum(p.amount for p in Payment.objects.all()) == Decimal("188881.65")
    assert result.statement.total_received == Decimal("188881.65")


def test_importing_the_same_statement_twice_creates_nothing_new(sample_statement, sample_payers):
    # given
    statement_import(data=sample_statement, filename="bank_statement_1c.txt")
    counts = (BankStatement.objects.count(), Payment.objects.count(), Allocation.objects.count())
    # when the same file comes again, and again re-encoded to UTF-8 (another file, same payments)
    again = statement_import(data=sample_statement, filename="bank_statement_1c.txt")
    utf8 = statement_import(data=sample_statement.decode("cp1251").encode("utf-8"), filename="copy.txt")
    # then
    assert again.already_imported and utf8.already_imported and utf8.duplicates == 4
    assert (BankStatement.objects.count(), Payment.objects.count(), Allocation.objects.count()) == counts
    assert "уже загружен" in again.summary()


def test_an_unknown_payer_refuses_the_whole_file_naming_the_inn(sample_statement, sample_payers):
    # given the ТСЖ is not in the register
    _forget(sample_payers["lesnaya"])
    # when
    with pytest.raises(StatementFormatError) as error:
        statement_import(data=sample_statement, filename="s.txt")
    # then
    assert error.value.problems == ["строка 41, документ № 77: плательщик с ИНН 5033112238 не найден в реестре абонентов"]
    assert not Payment.objects.exists() and not BankStatement.objects.exists()


def test_unknown_payers_may_be_taken_into_the_queue(sample_statement, sample_payers):
    _forget(sample_payers["lesnaya"])
    result = statement_import(data=sample_statement, filename="s.txt", accept_unknown_payers=True)
    [unmatched] = result.unmatched
    assert unmatched.number == "77" and unmatched.consumer is None
    assert "ИНН 5033112238 не найден" in unmatched.unmatched_reason
    assert result.statement.unmatched_count == 1


def test_a_negative_amount_writes_nothing(sample_statement, sample_payers):
    bad = sample_statement.decode("cp1251").replace("Сумма=8400.50", "Сумма=-8400.50").encode("cp1251")
    with pytest.raises(StatementFormatError, match="документ № 15: сумма -8400.50 должна быть больше нуля"):
        statement_import(data=bad, filename="s.txt")
    assert not Payment.objects.exists() and not BankStatement.objects.exists()


def test_a_statement_of_another_account_is_refused(sample_statement, organization, sample_payers):
    organization.inn, organization.settlement_account = "7707083893", "40702810900000000001"
    organization.save()
    with pytest.raises(ApplicationError) as exc:
        statement_import(data=sample_statement, filename="s.txt")
    assert (exc.value.code, exc.value.field) == ("nothing_for_us", "file")


def test_only_payments_to_our_organisation_are_taken(sample_statement, sample_payers):
    # given the ТСЖ's payment went to someone else
    text = sample_statement.decode("cp1251")
    head, doc77, tail = text.partition("Номер=77")
    doc77 = doc77  # noqa: PLW0127 - keep the split readable
    tail = tail.replace("ПолучательСчет=40702810000000054321", "ПолучательСчет=40702810000000099999", 1)
    tail = tail.replace("ПолучательИНН=7729123451", "ПолучательИНН=7707083893", 1)
    # when
    result = statement_import(data=(head + doc77 + tail).encode("cp1251"), filename="s.txt")
    # then
    assert result.skipped_not_ours == 1
    assert sorted(p.number for p in result.created) == ["1012", "15", "2230"]


def test_a_contract_of_another_consumer_leaves_the_payment_unmatched(organization, sample_statement, sample_payers):
    # given the contract 2045-Т named by the ТСЖ belongs to someone else
    Contract.objects.filter(pk=sample_payers["lesnaya"].pk).update(number="2046-Т")
    ContractFactory(number="2045-Т", consumer=ConsumerFactory(inn="7707083893", kpp="770701001"))
    # when
    result = statement_import(data=sample_statement, filename="s.txt")
    # then
    [payment] = result.unmatched
    assert payment.number == "77"
    assert "договор № 2045-Т в назначении принадлежит другому абоненту" in payment.unmatched_reason


def test_the_imported_payment_is_allocated_to_the_period_it_names(sample_statement, sample_payers):
    # given October and September debts of the ООО
    contract = sample_payers["teplovik"]
    september = DebtFactory(contract=contract, period=date(2026, 9, 1), due_date=date(2026, 10, 12),
                            amount=Decimal("50000.00"))
    october = DebtFactory(contract=contract, period=date(2026, 10, 1), due_date=date(2026, 11, 10),
                          amount=Decimal("122000.00"))
    # when
    statement_import(data=sample_statement, filename="s.txt")
    # then the payment "за октябрь" goes to October although September is older
    assert [(a.debt, a.amount) for a in Allocation.objects.all()] == [(october, Decimal("122000.00"))]
    assert not september.allocations.exists()
