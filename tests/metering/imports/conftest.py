"""Two commercial units and a meter-data system whose CSV (windows-1251, «;», comma decimals)
gives Q in ГДж and M1 in кг; a January that trips no validation rule."""

from datetime import date
from decimal import Decimal

import pytest

from metering.models import DeviceKind, ReadingColumn, UnitStatus

from ..factories import (
    DeviceFactory,
    DeviceModelFactory,
    HeatLoadFactory,
    MeteringUnitFactory,
    ReadingColumnFactory,
    ReadingImportSourceFactory,
    StatusChangeFactory,
)

JANUARY = date(2026, 1, 1)
F = ReadingColumn.Field
MAPPING = {  # field → (header, measure in the file)
    F.UNIT: ("Узел учета", ""),
    F.PERIOD: ("Месяц", ""),
    F.Q: ("Тепло, ГДж", "ГДж"),
    F.M1: ("Масса подачи, кг", "кг"),
    F.M2: ("Масса обратки, т", ""),
    F.V1: ("Объем подачи, л", "л"),
    F.T1: ("Т подачи", "°C"),
    F.T2: ("Т обратки", ""),
    F.OPERATING_HOURS: ("Наработка, ч", "ч"),
    F.ERROR_HOURS: ("Время ошибок, ч", ""),
}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 2, 5))


def commercial_unit(number: str, serial: str):
    """A closed-system unit (heating and hot water), commercial since 2025, load 0.2 + 0.05
    Гкал/ч, its heat calculator ``serial`` installed and verified."""
    unit = MeteringUnitFactory(number=number, is_open_system=False)
    HeatLoadFactory(
        heated_object=unit.heated_object, heating=Decimal("0.2"), ventilation=Decimal("0"), hot_water_max=Decimal("0.05")
    )
    StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2025, 1, 1))
    DeviceFactory(
        unit=unit, installed_on=date(2025, 1, 1), verified_on=date(2024, 3, 15), serial_number=serial,
        device_model=DeviceModelFactory(kind=DeviceKind.HEAT_CALCULATOR),
    )
    return unit


@pytest.fixture
def units():
    return [commercial_unit("УУ-101", "770001"), commercial_unit("УУ-102", "770002")]


@pytest.fixture
def source():
    source = ReadingImportSourceFactory(name="Взлет СП")
    for field_name, (header, measure) in MAPPING.items():
        ReadingColumnFactory(source=source, field=field_name, column=header, measure=measure)
    return source


def january_rows() -> list[dict]:
    """УУ-101: 209,34 ГДж = 50 Гкал, 1 000 000 кг = 1000 т; УУ-102: 125,604 ГДж = 30 Гкал."""
    return [
        {"Узел учета": "УУ-101", "Месяц": "01.2026", "Тепло, ГДж": "209,34", "Масса подачи, кг": "1 000 000",
         "Масса обратки, т": "995", "Объем подачи, л": "1 002 345,6", "Т подачи": "85,1", "Т обратки": "55,2",
         "Наработка, ч": "744", "Время ошибок, ч": ""},
        {"Узел учета": "УУ-102", "Месяц": "01.2026", "Тепло, ГДж": "125,604", "Масса подачи, кг": "600000",
         "Масса обратки, т": "597,5", "Объем подачи, л": "", "Т подачи": "80", "Т обратки": "50",
         "Наработка, ч": "744", "Время ошибок, ч": "0"},
    ]
