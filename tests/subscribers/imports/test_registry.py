"""registry_import: all or nothing, every problem named by sheet, row, column and value."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from accounts.roles import TECHNICIAN
from audit.models import AuditEvent
from core.errors import ApplicationError
from core.identifiers import inn_legal_check_digit
from core.permissions import PERMISSION_DENIED
from subscribers.imports.problems import ImportRefused
from subscribers.imports.registry import registry_import
from subscribers.models import Consumer, Contract, HeatedObject, HeatLoad

from . import files

MODELS = (Consumer, HeatedObject, HeatLoad, Contract)
BAD_INN = "7707083894"  # 7707083893 with a wrong check digit


def snapshot() -> dict[str, int]:
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts.update({f"history {m.__name__}": m.history.model.objects.count() for m in MODELS})
    counts["audit"] = AuditEvent.objects.count()
    return counts


def refused(data: bytes, **kwargs) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        registry_import(data=data, filename="reestr.xlsx", **kwargs)
    return caught.value


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_bad_inn_among_100_rows_writes_nothing_and_reports_exactly_that_row(reference_data, fmt):
    # given 100 consumers, the one on spreadsheet row 17 with a wrong check digit
    rows = files.consumer_rows(100)
    rows[15]["ИНН"] = BAD_INN
    data = files.xlsx({"Абоненты": rows}) if fmt == "xlsx" else files.csv_file(rows, encoding="cp1251", delimiter=",")
    before = snapshot()

    # when
    error = refused(data)

    # then nothing is written and the report names that row only
    assert snapshot() == before
    assert [str(p) for p in error.problems] == [f"Абоненты, строка 17, ИНН {BAD_INN}: неверная контрольная сумма"]
    assert (error.problems[0].row, error.problems[0].column, error.problems[0].value) == (17, "ИНН", BAD_INN)
    assert (error.code, error.field) == ("import_refused", "file")


def test_a_whole_registry_is_written_through_the_services(reference_data):
    sheets = files.registry(3)

    result = registry_import(data=files.xlsx(sheets), filename="reestr.xlsx")

    assert {t: c.created for t, c in result.counts.items()} == {"Абоненты": 3, "Объекты": 3, "Нагрузки": 3, "Договоры": 3}
    contract = Contract.objects.get(number=sheets["Договоры"][0]["Номер договора"])
    assert contract.consumer.inn == sheets["Абоненты"][0]["ИНН"]
    assert [o.code for o in contract.objects_covered.all()] == [sheets["Объекты"][0]["Код объекта"]]
    assert contract.status == Contract.Status.ACTIVE
    assert str(contract.advance1_percent) == "35.00"  # payment terms absent from the file: ПП 808 defaults
    load = HeatLoad.objects.get(heated_object__code=sheets["Объекты"][0]["Код объекта"])
    assert str(load.heating) == "0.150000" and str(load.hot_water_max) == "0.024000"
    assert str(HeatedObject.objects.get(code=sheets["Объекты"][0]["Код объекта"]).heated_area) == "512.50"
    # history and audit as for any write of the register, plus one event of the import
    assert Consumer.history.model.objects.count() == 3
    assert AuditEvent.objects.filter(action="consumer.created").count() == 3
    event = AuditEvent.objects.get(action="registry.imported")
    assert event.data["filename"] == "reestr.xlsx" and len(event.data["sha256"]) == 64
    assert event.data["counts"]["Договоры"] == {"created": 3, "updated": 0, "unchanged": 0}


def test_reimporting_the_same_file_changes_nothing(reference_data):
    data = files.xlsx(files.registry(5))
    registry_import(data=data, filename="reestr.xlsx")
    before = snapshot()

    result = registry_import(data=data, filename="reestr.xlsx")

    after = snapshot()
    assert after.pop("audit") == before.pop("audit") + 1  # the import's own event, nothing else
    assert after == before
    assert all((c.created, c.updated, c.unchanged) == (0, 0, 5) for c in result.counts.values())


def test_a_changed_row_is_updated_with_its_history_and_audit(reference_data):
    sheets = files.registry(2)
    registry_import(data=files.xlsx(sheets), filename="reestr.xlsx")
    changed = copy.deepcopy(sheets)
    changed["Абоненты"][1]["Юридический адрес"] = "г. Светлоборск, ул. Новая, д. 1"
    changed["Нагрузки"][0]["Отопление, Гкал/ч"] = "0,2"
    history = Consumer.history.model.objects.count()

    result = registry_import(data=files.xlsx(changed), filename="reestr-2.xlsx")

    assert (result.counts["Абоненты"].updated, result.counts["Абоненты"].unchanged) == (1, 1)
    assert result.counts["Нагрузки"].updated == 1
    assert Consumer.objects.get(inn=sheets["Абоненты"][1]["ИНН"]).legal_address == "г. Светлоборск, ул. Новая, д. 1"
    assert Consumer.history.model.objects.count() == history + 1
    assert AuditEvent.objects.filter(action="consumer.updated").count() == 1


def _mutate(sheet, index, header, value):
    def apply(sheets):
        sheets[sheet][index][header] = value
    return apply


def _consumer_typo(index, header, value):
    """A consumer's ИНН or КПП mistyped, the same way wherever its objects and contracts name it."""
    def apply(sheets):
        consumer = sheets["Абоненты"][index]
        inn = consumer["ИНН"]
        consumer[header] = value
        for row in sheets["Объекты"] + sheets["Договоры"]:
            if row["ИНН абонента"] == inn:
                row[f"{header} абонента"] = value
    return apply


def _bad_inn(index):
    return _consumer_typo(index, "ИНН", BAD_INN)


BAD_INPUT = [
    pytest.param(_bad_inn(1), "Абоненты", 3, "ИНН", "неверная контрольная сумма",
                 id="inn-check-digit"),
    pytest.param(_consumer_typo(0, "КПП", "12"), "Абоненты", 2, "КПП", "должен содержать 9 знаков", id="kpp"),
    pytest.param(_mutate("Нагрузки", 2, "Отопление, Гкал/ч", "много"), "Нагрузки", 4, "Отопление, Гкал/ч",
                 "ожидается число", id="text-in-number"),
    pytest.param(_mutate("Нагрузки", 0, "Вентиляция, Гкал/ч", "-1"), "Нагрузки", 2, "Вентиляция, Гкал/ч",
                 "больше либо равно 0", id="negative-load"),
    pytest.param(_mutate("Договоры", 1, "Дата договора", "32.13.2025"), "Договоры", 3, "Дата договора",
                 "неверная дата", id="bad-date"),
    pytest.param(_mutate("Нагрузки", 0, "Действует по", "01.06.2025"), "Нагрузки", 2, "Действует по",
                 "раньше даты начала", id="dates-out-of-order"),
    pytest.param(_mutate("Объекты", 1, "ИНН абонента", "7707083893"), "Объекты", 3, "ИНН абонента",
                 "абонент не найден ни на листе «Абоненты», ни в реестре", id="unknown-consumer"),
    pytest.param(_mutate("Нагрузки", 1, "Код объекта", "НЕТ-1"), "Нагрузки", 3, "Код объекта",
                 "объект не найден", id="unknown-object"),
    pytest.param(_mutate("Договоры", 0, "Тарифная группа", "ЭКЗОТИКА"), "Договоры", 2, "Тарифная группа",
                 "не найден(а) в справочнике", id="unknown-tariff-group"),
    pytest.param(_mutate("Объекты", 0, "Адрес", ""), "Объекты", 2, "Адрес", "не заполнено", id="required-cell"),
    pytest.param(_mutate("Объекты", 0, "Назначение", "Склад"), "Объекты", 2, "Назначение", "недопустимое значение",
                 id="bad-choice"),
    pytest.param(_mutate("Договоры", 0, "Первый аванс, %", "80"), "Договоры", 2, "Второй аванс, %",
                 "Сумма авансов превышает 100 %", id="model-clean"),
]


@pytest.mark.parametrize(("mutate", "sheet", "row", "column", "message"), BAD_INPUT)
def test_each_kind_of_bad_input_names_its_row_and_column(reference_data, mutate, sheet, row, column, message):
    sheets = files.registry(3)
    for contract in sheets["Договоры"]:
        contract["Второй аванс, %"] = "50"
    mutate(sheets)
    before = snapshot()

    error = refused(files.xlsx(sheets))

    assert snapshot() == before
    assert [(p.sheet, p.row, p.column) for p in error.problems] == [(sheet, row, column)]
    assert message in error.problems[0].message


def test_an_object_of_another_consumer_is_refused_on_the_contract(reference_data):
    sheets = files.registry(2)
    sheets["Договоры"][0]["Объекты"] = f'{sheets["Объекты"][0]["Код объекта"]}, {sheets["Объекты"][1]["Код объекта"]}'

    error = refused(files.xlsx(sheets))

    assert [(p.sheet, p.row, p.column) for p in error.problems] == [("Договоры", 2, "Объекты")]
    assert "принадлежит другому абоненту" in error.problems[0].message


def test_duplicate_rows_name_the_first_one(reference_data):
    sheets = files.registry(3)
    sheets["Абоненты"].append(dict(sheets["Абоненты"][0]))
    sheets["Объекты"].append({**sheets["Объекты"][1], "Адрес": "другой адрес"})

    error = refused(files.xlsx(sheets))

    assert [str(p) for p in error.problems] == [
        f'Абоненты, строка 5, ИНН {sheets["Абоненты"][0]["ИНН"]}: повторяет строку 2',
        f'Объекты, строка 5, Код объекта {sheets["Объекты"][1]["Код объекта"]}: повторяет строку 3',
    ]


def test_every_problem_of_every_sheet_is_reported(reference_data):
    sheets = files.registry(4)
    _bad_inn(3)(sheets)
    sheets["Объекты"][0]["Отапливаемая площадь, м²"] = "пятьсот"
    sheets["Договоры"][2]["Действует с"] = "вчера"

    error = refused(files.xlsx(sheets))

    assert [(p.sheet, p.row, p.column) for p in error.problems] == [
        ("Абоненты", 5, "ИНН"), ("Объекты", 2, "Отапливаемая площадь, м²"), ("Договоры", 4, "Действует с"),
    ]
    # rows that only depend on the refused consumer (its object, load, contract) add no noise
    assert Consumer.objects.count() == 0


def test_a_missing_required_column_is_named(reference_data):
    rows = [{k: v for k, v in row.items() if k != "Вид абонента"} for row in files.consumer_rows(2)]

    error = refused(files.xlsx({"Абоненты": rows}))

    assert [str(p) for p in error.problems] == ["Абоненты, столбец «Вид абонента»: нет обязательного столбца"]


def test_an_unknown_column_is_named(reference_data):
    rows = [{**row, "ИНН организации": "1"} for row in files.consumer_rows(1)]

    error = refused(files.xlsx({"Абоненты": rows}))

    assert [p.column for p in error.problems] == ["ИНН организации"]
    assert "не распознан" in error.problems[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param("Вид абонента;ИНН\n".encode("utf-16"), "неверная кодировка: файл в UTF-16", id="utf-16"),
        pytest.param("Вид абонента;Наименование;ИНН\n".encode("koi8-r"), "проверьте кодировку", id="koi8-r"),
        pytest.param(b"%PDF-1.4\n\x00\x01binary", "формат не распознан", id="pdf"),
        pytest.param(b"PK\x03\x04not really a zip", "формат не распознан", id="broken-xlsx"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "формат XLS", id="xls"),
        pytest.param(b"", "файл пуст", id="empty"),
    ],
)
def test_a_file_of_wrong_encoding_or_format_is_refused(reference_data, data, message):
    error = refused(data)

    assert len(error.problems) == 1
    assert message in str(error.problems[0])


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ";"), ("utf-8", ","), ("cp1251", ";"), ("cp1251", ",")]
)
def test_csv_in_either_encoding_and_delimiter_detects_its_kind(reference_data, encoding, delimiter):
    sheets = files.registry(2)
    registry_import(data=files.csv_file(sheets["Абоненты"], encoding=encoding, delimiter=delimiter), filename="a.csv")

    result = registry_import(data=files.csv_file(sheets["Объекты"], encoding=encoding, delimiter=delimiter),
                             filename="o.csv")

    assert result.counts == {"Объекты": result.counts["Объекты"]} and result.counts["Объекты"].created == 2
    assert HeatedObject.objects.get(code=sheets["Объекты"][0]["Код объекта"]).address == sheets["Объекты"][0]["Адрес"]


def test_the_kind_of_a_csv_can_be_chosen(reference_data):
    rows = [{"Код объекта": "X", "Действует с": "01.01.2026"}]  # too few headers to tell loads from contracts

    error = refused(files.csv_file(rows), kind="loads")

    assert [str(p) for p in error.problems] == ["Нагрузки, столбец «Отопление, Гкал/ч»: нет обязательного столбца"]


def test_xlsx_cells_of_native_types_are_read(reference_data):
    sheets = files.registry(1)
    sheets["Абоненты"][0]["ИНН"] = int(sheets["Абоненты"][0]["ИНН"])
    sheets["Объекты"][0]["Отапливаемая площадь, м²"] = 512.5
    sheets["Нагрузки"][0].update({"Действует с": date(2026, 1, 1), "Отопление, Гкал/ч": 0.15})
    sheets["Договоры"][0]["Пролонгация"] = False

    registry_import(data=files.xlsx(sheets), filename="reestr.xlsx")

    load = HeatLoad.objects.get()
    assert (str(load.valid_from), str(load.heating)) == ("2026-01-01", "0.150000")
    assert Contract.objects.get().auto_renewal is False


def test_a_number_cell_gets_back_the_leading_zero_of_an_inn(reference_data):
    rows = files.consumer_rows(1)
    inn = "0" + rows[0]["ИНН"][1:-1]
    rows[0]["ИНН"] = int(inn + inn_legal_check_digit(inn))

    registry_import(data=files.xlsx({"Абоненты": rows}), filename="reestr.xlsx")

    assert Consumer.objects.get().inn.startswith("0")


def test_loads_of_one_object_follow_each_other_and_reimport_is_stable(reference_data):
    sheets = files.registry(1)
    first = sheets["Нагрузки"][0]
    sheets["Нагрузки"] = [{**first, "Действует с": "01.01.2027", "Отопление, Гкал/ч": "0,12"}, first]
    data = files.xlsx(sheets)

    registry_import(data=data, filename="reestr.xlsx")
    result = registry_import(data=data, filename="reestr.xlsx")

    loads = list(HeatLoad.objects.order_by("valid_from").values_list("valid_from", "valid_to"))
    assert [(str(a), str(b)) for a, b in loads] == [("2026-01-01", "2026-12-31"), ("2027-01-01", "None")]
    assert result.counts["Нагрузки"].unchanged == 2


def test_a_citizen_without_inn_is_found_by_consumer_number(reference_data):
    citizen = {"Абонентский номер": "900001", "Вид абонента": "Гражданин", "Наименование": "", "ИНН": "",
               "Фамилия": "Петров", "Имя": "Петр", "СНИЛС": "112-233-445 95"}
    nameless = {**citizen, "Абонентский номер": ""}

    registry_import(data=files.xlsx({"Абоненты": [citizen]}), filename="a.xlsx")
    again = registry_import(data=files.xlsx({"Абоненты": [citizen]}), filename="a.xlsx")
    error = refused(files.xlsx({"Абоненты": [nameless]}))

    consumer = Consumer.objects.get()
    assert (consumer.name, consumer.penalty_category) == ("Петров Петр", Consumer.PenaltyCategory.CITIZEN)
    assert again.counts["Абоненты"].unchanged == 1
    assert [(p.row, p.column) for p in error.problems] == [(2, "ИНН")]
    assert "абонентский номер" in error.problems[0].message


def test_an_actor_without_the_right_is_refused(reference_data, make_user):
    with pytest.raises(ApplicationError) as refused:
        registry_import(data=files.xlsx(files.registry(1)), filename="a.xlsx", actor=make_user(TECHNICIAN))
    assert refused.value.code == PERMISSION_DENIED
    assert Consumer.objects.count() == 0


def test_the_signer_column_is_split_into_surname_name_and_patronymic(reference_data):
    # given the file's single «Подписант» column, written surname first
    rows = files.consumer_rows(2)
    rows[0]["Подписант"] = "Орлов Андрей Викторович"
    rows[1]["Подписант"] = ""
    # when
    registry_import(data=files.xlsx({"Абоненты": rows}), filename="reestr.xlsx")
    # then the signer is stored in three parts
    signed = Consumer.objects.get(inn=rows[0]["ИНН"])
    assert (signed.signatory_last_name, signed.signatory_first_name, signed.signatory_middle_name) == (
        "Орлов", "Андрей", "Викторович")
    assert Consumer.objects.get(inn=rows[1]["ИНН"]).signatory_name == ""


def test_a_signer_that_cannot_be_split_is_a_row_error(reference_data):
    # given a signer written as initials only
    rows = files.consumer_rows(3)
    rows[1]["Подписант"] = "Орлов А.В."
    before = snapshot()
    # when
    error = refused(files.xlsx({"Абоненты": rows}))
    # then nothing is written and the row is named with what to write
    assert snapshot() == before
    assert [(p.row, p.column, p.value) for p in error.problems] == [(3, "Подписант", "Орлов А.В.")]
    assert "фамилию, имя и отчество полностью" in str(error.problems[0])
