"""The context of «Акт о нарушении качества» (``supply.quality_act``; ПП РФ № 354, прил. 1): the
complaint's number and time in the dispatch service, the check's date and participants, the
thermometer with its verification, the measurement points and values, the outdoor
temperature, T1/T2 and pressures at the building inlet, the deviation, the conclusion, the
time of restoration and the signatures. Values arrive formatted."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from documents import formatting
from documents.documents import organization_requisites
from regulations import quality as rules
from subscribers.selectors import our_organization

from .models import QualityCase

SIGNATURE_LINE = "____________________"  # where a party signs (or its refusal is written)

DASH = "—"
NORM_TEXT = {
    QualityCase.Service.HEATING: "температура воздуха в жилом помещении не ниже +18 °C (ПП РФ № 354, прил. 1, п. 15)",
    QualityCase.Service.HOT_WATER: "температура горячей воды в точке водоразбора +60…+75 °C (ПП РФ № 354, прил. 1, п. 5)",
}


def _moment(value) -> str:
    local = timezone.localtime(value)
    return f"{formatting.date_short(local.date())} {formatting.time_hm(local)}"


def _temperature(value: Decimal | None) -> str:
    return DASH if value is None else formatting.number(value, 1)


def _pressure(value: Decimal | None) -> str:
    return DASH if value is None else formatting.number(value, 3)


def deviation_value(case: QualityCase) -> Decimal:
    """The deviation's temperature: the mean of the points (ГОСТ 30494), to 0.1 °C."""
    values = [m.value_c for m in case.measurements.all()]
    return (sum(values, Decimal("0")) / len(values)).quantize(Decimal("0.1"))


def norm_of(case: QualityCase) -> Decimal:
    if case.norm_c is not None:
        return case.norm_c
    return rules.HEATING_NORM_C if case.service == QualityCase.Service.HEATING else rules.HOT_WATER_NORM_C


def case_hours(case: QualityCase) -> Decimal:
    """Hours from the complaint to the restoration, to 0.01 h."""
    seconds = Decimal((case.restored_at - case.complaint_at).total_seconds())
    return (seconds / 3600).quantize(Decimal("0.01"))


def quality_act_context(case: QualityCase) -> dict:
    organization = our_organization(required=True)
    obj = case.heated_object
    consumer = obj.consumer
    checked = timezone.localtime(case.checked_at)
    signers = [{"side": "Теплоснабжающая организация", "name": line, "mark": SIGNATURE_LINE}
               for line in case.participants.splitlines()
               if line.strip()]
    measured = deviation_value(case)
    return {
        "organization": organization_requisites(organization),
        "place": f"г. {organization.city}" if organization.city else DASH,
        "consumer": {"name": consumer.name, "code": consumer.code},
        "heated_object": {"name": obj.name, "address": obj.address, "purpose": obj.get_purpose_display().lower()},
        "service": case.get_service_display().lower(),
        "norm": NORM_TEXT[case.service] if case.norm_c is None else f"не ниже +{_temperature(case.norm_c)} °C",
        "complaint": {"source": case.get_source_display().lower(), "number": case.complaint_number,
                      "at": _moment(case.complaint_at), "reporter": case.reporter, "text": case.complaint_text.rstrip(".")},
        "check": {"date": formatting.date_quoted(checked.date()), "time": formatting.time_hm(checked)},
        "participants": [line.strip() for line in case.participants.splitlines() if line.strip()],
        "thermometer": {"model": case.thermometer_model, "number": case.thermometer_number,
                        "verified_on": formatting.date_short(case.thermometer_verified_on),
                        "valid_until": formatting.date_short(case.thermometer_valid_until)},
        "measurements": [{"n": m.position, "point": m.point, "value": _temperature(m.value_c)}
                         for m in case.measurements.all()],
        "outdoor": _temperature(case.outdoor_c),
        "inlet": {"t1": _temperature(case.supply_c), "t2": _temperature(case.return_c),
                  "p1": _pressure(case.supply_pressure_mpa), "p2": _pressure(case.return_pressure_mpa)},
        "deviation": {"text": f"{_temperature(measured)} °C при нормативе {_temperature(norm_of(case))} °C",
                      "since": _moment(case.complaint_at), "until": _moment(case.restored_at),
                      "hours": formatting.number(case_hours(case), 2), "period": case.get_period_display().lower()},
        "restored": _moment(case.restored_at),
        "conclusion": case.conclusion,
        "signers": signers + [{"side": "Потребитель", "name": consumer.name, "mark": SIGNATURE_LINE}],
    }
