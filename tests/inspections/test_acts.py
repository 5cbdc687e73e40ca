"""Acts issued, returned and accepted (issue 15): a signed act and a refusal with witnesses,
their DOCX text; a lawyer's return and the corrected act replacing the first."""

from __future__ import annotations

import io

import pytest
from docx import Document

from audit.models import AuditEvent
from core.errors import ApplicationError
from documents import storage
from documents.models import ArchivedDocument
from inspections.models import FieldInspection, InspectionPhoto, ViolationAct
from inspections.services.acts import act_accept, act_fill, act_issue, act_return
from tests.documents.conftest import archive_files
from tests.metering.factories import MeteringUnitFactory

from . import samples

pytestmark = pytest.mark.django_db


def docx_text(document: ArchivedDocument) -> str:
    doc = Document(io.BytesIO(storage.read(document.storage_name)))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return " ".join(" ".join([p.text for p in doc.paragraphs] + cells).split()).replace("\u00a0", " ")


def test_a_signed_contractless_act_is_filled_with_its_photo_and_issued(inspection, technician, today, archive_dir):
    # when the technician fills the act with a photo and issues it
    act = act_fill(inspection=inspection, data=samples.contractless(today), photos=[samples.photo()], actor=technician)
    document = act_issue(act=act, actor=technician)
    # then the inspection ended in the act, the photo is in the archive with its hash
    inspection.refresh_from_db()
    act.refresh_from_db()
    assert inspection.result == FieldInspection.Result.ACT and inspection.inspected_on == today
    assert act.status == ViolationAct.Status.ISSUED and act.document == document
    photo = InspectionPhoto.objects.get()
    assert storage.sha256(storage.read(photo.storage_name)) == photo.sha256 and photo.content_type == "image/png"
    assert [name for name in archive_files(archive_dir) if not name.startswith("templates/")] == sorted(
        [photo.storage_name, document.storage_name])
    # and the act is «Акт о выявлении бездоговорного потребления» with what docs/inspections.md lists
    assert document.template_code == "inspections.contractless_act" and document.number.startswith("АБП-")
    text = docx_text(document)
    for expected in (
        f"АКТ № {document.number}", "о выявлении бездоговорного потребления тепловой энергии",
        "п. 29 ст. 2 Федерального закона от 27.07.2010 № 190-ФЗ", "самовольное подключение к системе теплоснабжения",
        "ООО «Торговый дом „Садовый“»", "ИНН 7707083893, ОГРН 1027700132195", "собственник здания, выписка из ЕГРН",
        "строительный объем 3 600,0 м³", "площадь 820,0 м²", "тепловая камера ТК-14",
        "Расчет по строительному объему здания", "0,2150", "Итого подключенная нагрузка: 0,2150 Гкал/ч",
        "Приборы учета не установлены", "здание куплено с подключенным отоплением", "заключить договор теплоснабжения",
        "врезка в подающий трубопровод", "Петров Сергей Николаевич", "Садовников Игорь Павлович (потребитель)",
        "И.П. Садовников", "Один экземпляр акта получил",
    ):
        assert expected in text, expected
    assert "незаинтересованными" not in text
    assert AuditEvent.objects.filter(action="inspection.act_issued", target_id=act.pk).exists()


def test_a_refusal_to_sign_with_two_witnesses_is_issued_naming_them(inspection, technician, today, archive_dir):
    data = samples.contractless(today, signature=ViolationAct.Signature.REFUSED, signed_by="",
                                refusal_reason="представитель заявил, что не уполномочен", witnesses=samples.WITNESSES)
    act = act_fill(inspection=inspection, data=data, actor=technician)
    text = docx_text(act_issue(act=act, actor=technician))
    assert "Потребитель отказался от подписи. Причина: представитель заявил, что не уполномочен." in text
    assert "Отказ (неявка) удостоверен незаинтересованными лицами" in text
    assert "1. Кузнецова Анна Петровна, адрес: ул. Садовая, д. 16, кв. 4, документ: паспорт 4510 123456" in text
    assert "2. Белов Олег Игоревич, адрес: ул. Садовая, д. 12, кв. 9" in text
    assert "Один экземпляр акта получил" not in text
    assert act.witnesses.count() == 2


def test_an_unmetered_act_of_a_metered_consumer_is_issued_as_the_act_of_a_metering_breach(
        organization, technician, today, archive_dir):
    unit = MeteringUnitFactory()
    inspection = FieldInspection.objects.create(source=FieldInspection.Source.METER_READER, unit=unit,
                                                heated_object=unit.heated_object, address=unit.heated_object.address)
    consumer = unit.heated_object.consumer
    act = act_fill(inspection=inspection, data=samples.unmetered(today, consumer), actor=technician)
    document = act_issue(act=act, actor=technician)
    assert document.template_code == "inspections.unmetered_act" and document.number.startswith("АНУ-")
    text = docx_text(document)
    for expected in ("о нарушении учета тепловой энергии", "(безучетное потребление)", consumer.name,
                     f"Узел учета: {unit.number}", "нарушена или отсутствует пломба", "0012346", "отсутствует",
                     "Расходомер ПРЭМ", "654321", "восстановить узел учета и предъявить к допуску",
                     "Договор теплоснабжения", "П.П. Сидоров"):
        assert expected in text, expected


def test_the_lawyer_returns_the_act_and_the_corrected_one_replaces_it(inspection, technician, lawyer, today, archive_dir):
    act = act_fill(inspection=inspection, data=samples.contractless(today), actor=technician)
    first = act_issue(act=act, actor=technician)
    # when the lawyer returns it, a comment is required
    with pytest.raises(ApplicationError) as caught:
        act_return(act=act, comment=" ", actor=lawyer)
    assert caught.value.field == "comment"
    returned = act_return(act=act, comment="Укажите реквизиты выписки из ЕГРН", actor=lawyer)
    act.refresh_from_db()
    assert act.status == ViolationAct.Status.RETURNED and returned.document == first
    # a returned act is not issued again before it is corrected … then it is, replacing the first
    corrected = samples.contractless(today, title_to_object="собственник, выписка из ЕГРН от 01.10.2026 № 99")
    act = act_fill(inspection=inspection, data=corrected, actor=technician)
    assert act.status == ViolationAct.Status.FILLED and act.loads.count() == 1 and act.persons.count() == 2
    second = act_issue(act=act, actor=technician)
    assert second.replaces == first and "№ 99" in docx_text(second)
    # and the lawyer accepts it; the accepted act is final
    act_accept(act=act, actor=lawyer)
    act.refresh_from_db()
    assert act.status == ViolationAct.Status.ACCEPTED and act.reviewed_by == lawyer
    with pytest.raises(ApplicationError):
        act_fill(inspection=inspection, data=corrected, actor=technician)


def test_only_an_issued_act_is_accepted_and_only_by_a_lawyer(inspection, technician, lawyer, today):
    act = act_fill(inspection=inspection, data=samples.contractless(today), actor=technician)
    with pytest.raises(ApplicationError) as caught:
        act_accept(act=act, actor=lawyer)
    assert caught.value.code == "invalid_state"
    with pytest.raises(ApplicationError) as caught:
        act_accept(act=act, actor=technician)
    assert caught.value.code == "permission_denied"
