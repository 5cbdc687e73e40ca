import threading

import pytest
from django.db import connection, connections, transaction

from documents.models import ArchivedDocument
from documents.numbering import RegistrationNumber, next_registration_number
from documents.services import issue_document


def test_format():
    assert str(RegistrationNumber("АВ", 2026, 123)) == "АВ-2026/000123"


@pytest.mark.django_db
def test_numbers_are_per_prefix_and_year():
    with transaction.atomic():
        taken = [
            next_registration_number(prefix="АВ", year=2026),
            next_registration_number(prefix="АВ", year=2026),
            next_registration_number(prefix="ИСХ", year=2026),
            next_registration_number(prefix="АВ", year=2027),
        ]
    assert [str(n) for n in taken] == ["АВ-2026/000001", "АВ-2026/000002", "ИСХ-2026/000001", "АВ-2027/000001"]


@pytest.mark.django_db
def test_a_rolled_back_issue_returns_its_number():
    with transaction.atomic():
        next_registration_number(prefix="АВ", year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        next_registration_number(prefix="АВ", year=2026)
        raise RuntimeError("rendering failed")
    with transaction.atomic():
        assert next_registration_number(prefix="АВ", year=2026).seq == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks exist on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_on_postgresql_gives_unique_gap_free_numbers(make_user, letter_context):
    # given 6 threads, each with its own connection, issuing 5 letters at once; every third
    # attempt is rolled back by its caller after the document was issued
    from tests.subscribers.factories import ConsumerFactory

    consumer, issuer = ConsumerFactory(), make_user("Расчетчик")
    barrier, errors, rolled_back = threading.Barrier(6), [], []

    def worker(n):
        try:
            barrier.wait()
            for i in range(5):
                try:
                    with transaction.atomic():
                        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
                        if (n + i) % 3 == 0:
                            raise LookupError("the caller's flow step failed")
                except LookupError:
                    rolled_back.append((n, i))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    # when
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then every kept document has its own number and the numbers run 1..N without a gap
    assert errors == []
    kept = 30 - len(rolled_back)
    seqs = sorted(ArchivedDocument.objects.values_list("number_seq", flat=True))
    assert seqs == list(range(1, kept + 1))
    assert ArchivedDocument.objects.values("number").distinct().count() == kept
