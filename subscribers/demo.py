"""Demo register: a small city of ~300 consumers and ~400 heated objects with dated loads and
contracts, and our organisation with its bank and signatories — the data every later demo
(metering, billing, documents, settlements, flows) works on.

Deterministic (``ctx.rng``), written through ``subscribers.services`` as the system
(``actor=None``), so every row has its history and its audit event. Identifiers carry valid
check digits (ИНН, КПП format, ОГРН, ОГРНИП, СНИЛС, the bank account's key). Runs after
``accounts.demo``; when the register already has consumers it adds none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from core import identifiers
from core.demo import add_months
from documents.formatting import person_full

from . import selectors, services
from .models import AuthorityBasis, Consumer, Contract, NetworkSection, Organization, TariffGroup

CITY = "Светлоборск"
REGION = "Вологодская обл."
TAX_OFFICE = "3528"  # ИФНС code that opens every local ИНН and КПП
PHONE_CODE = "(81756)"

ORGANIZATION = {
    "full_name": "Акционерное общество «Светлоборская теплосеть»",
    "short_name": "АО «Светлоборская теплосеть»",
    "okpo": "03245781",
    "legal_address": f"162610, {REGION}, г. {CITY}, ул. Энергетиков, д. 1",
    "postal_address": f"162610, {REGION}, г. {CITY}, ул. Энергетиков, д. 1",
    "phone": f"+7 {PHONE_CODE} 2-10-01",
    "email": "abonent@svetloborsk-teplo.example",
    "website": "svetloborsk-teplo.example",
    "dispatch_phone": f"+7 {PHONE_CODE} 2-10-05",
    "bank_name": "Вологодское отделение № 8638 ПАО Сбербанк",
    "bik": "041909644",
    "correspondent_account": "30101810900000000644",
    "city": CITY,
}
# surname, name, patronymic; position, basis, POA (number, date, valid until), signs for, head, chief accountant, active
SIGNATORIES = [
    (("Громов", "Виктор", "Иванович"), "Генеральный директор", AuthorityBasis.CHARTER, None,
     "все документы", True, False, True),
    (("Лебедева", "Наталья", "Сергеевна"), "Главный бухгалтер", AuthorityBasis.POWER_OF_ATTORNEY,
     ("3", date(2026, 1, 9), date(2026, 12, 31)), "счета, УПД, акты сверки", False, True, True),
    (("Волкова", "Марина", "Александровна"), "Начальник абонентского отдела", AuthorityBasis.POWER_OF_ATTORNEY,
     ("15", date(2026, 1, 12), date(2026, 12, 31)), "письма, уведомления, акты допуска узлов учета",
     False, False, True),
    (("Кузнецов", "Андрей", "Николаевич"), "Начальник юридического отдела", AuthorityBasis.POWER_OF_ATTORNEY,
     ("7", date(2026, 1, 12), date(2026, 12, 31)), "претензии, исковые заявления, заявления в суд",
     False, False, True),
    (("Зайцева", "Ольга", "Павловна"), "Начальник абонентского отдела", AuthorityBasis.POWER_OF_ATTORNEY,
     ("21", date(2025, 1, 10), date(2025, 12, 31)), "письма, уведомления", False, False, False),
]
# code, name, heat source, postcode, streets (the district it feeds)
SECTIONS = [
    ("СВ-01", "Магистраль № 1 «Центр»", "ТЭЦ-1", "162610",
     ("ул. Ленина", "ул. Советская", "пр-т Победы", "ул. Энергетиков", "ул. Пушкина", "ул. Гагарина")),
    ("СВ-02", "Магистраль № 2 «Заречье»", "ТЭЦ-1", "162612",
     ("ул. Набережная", "ул. Речная", "ул. Мостовая", "ул. Заречная", "пер. Лодочный")),
    ("СВ-03", "Квартальная сеть «Северный»", "Котельная № 3 «Северная»", "162614",
     ("ул. Северная", "ул. Молодежная", "ул. Строителей", "ул. Юбилейная", "б-р Космонавтов")),
    ("СВ-04", "Сеть пос. Лесной", "Котельная № 5 «Лесная»", "162616",
     ("ул. Лесная", "ул. Садовая", "ул. Сосновая", "ул. Полевая", "ул. Березовая", "ул. Луговая")),
    ("СВ-05", "Сеть промзоны", "Котельная № 2 «Промышленная»", "162618",
     ("ул. Промышленная", "ул. Заводская", "ш. Вологодское", "ул. Складская")),
]
RESIDENTIAL_SECTIONS = ("СВ-01", "СВ-02", "СВ-03")
HOUSES_SECTIONS = ("СВ-04", "СВ-02")
GROUPS = [
    ("БЮДЖ", "Бюджетные потребители"),
    ("НАС", "Население и исполнители коммунальных услуг"),
    ("ПРОЧ", "Прочие потребители"),
]

MALE = ("Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров Морозов Волков "
        "Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин "
        "Захаров Зайцев Соловьев Борисов Яковлев Григорьев Романов Воробьев Сергеев Кузьмин Фролов "
        "Александров Дмитриев Королев Гусев Киселев Ильин Максимов Поляков Сорокин Виноградов Ковалев "
        "Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов "
        "Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов "
        "Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов "
        "Ефимов Щербаков Назаров Калинин Исаев Быков Маслов Родионов Коновалов Лазарев Воронин Климов "
        "Филатов Пономарев Голубев Кудрявцев Прохоров Наумов Потапов Журавлев Трофимов Леонов Соболев "
        "Ермаков Колесников Гончаров Никифоров Грачев Котов Гришин Ефремов Архипов Кириллов Малышев "
        "Панов Моисеев Румянцев Акимов Бирюков Горбунов Анисимов Еремин Галкин Михеев Скворцов Юдин "
        "Белоусов Нестеров Симонов Харитонов Князев Цветков Воронов Аксенов Мальцев Логинов Горшков "
        "Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Демин Хохлов Жданов Шестаков").split()
MEN = ("Александр Алексей Андрей Борис Валерий Василий Виктор Владимир Дмитрий Евгений Иван Игорь "
       "Константин Михаил Николай Олег Павел Сергей Юрий Геннадий Анатолий Вячеслав Максим Роман Артем").split()
WOMEN = ("Анна Валентина Галина Екатерина Елена Ирина Людмила Марина Наталья Нина Ольга Светлана Татьяна "
         "Юлия Любовь Надежда Вера Лариса Оксана Мария Тамара").split()
# father's name → (patronymic of a son, of a daughter)
PATRONYMICS = [
    ("Александрович", "Александровна"), ("Алексеевич", "Алексеевна"), ("Андреевич", "Андреевна"),
    ("Борисович", "Борисовна"), ("Васильевич", "Васильевна"), ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"), ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"),
    ("Иванович", "Ивановна"), ("Игоревич", "Игоревна"), ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"), ("Петрович", "Петровна"), ("Сергеевич", "Сергеевна"),
    ("Юрьевич", "Юрьевна"), ("Геннадьевич", "Геннадьевна"), ("Анатольевич", "Анатольевна"),
    ("Павлович", "Павловна"), ("Олегович", "Олеговна"), ("Валерьевич", "Валерьевна"),
]
COMPANIES = (
    "Вектор", "Северный двор", "Меридиан", "Альянс", "Гранит", "Техносервис", "Продторг", "Автоцентр Север",
    "Светлоборский хлебокомбинат", "Лесопромышленная компания", "СтройИнвест", "Агроснаб", "Деловой центр",
    "Вологдаэнергосбыт-Сервис", "Магистраль", "Импульс", "Стройкомплект", "Фортуна", "Радуга", "Уют",
    "Престиж", "Ника", "Оптима", "Лидер", "Партнер", "Мегаполис", "Регион-Строй", "Сервис-Плюс", "Элита",
    "Домострой", "Теремок", "Березка", "Сосновый бор", "Северная звезда", "Трансавто", "Автолайн",
    "Северлес", "Кристалл", "Полюс", "Бизнес-Центр «Пушкинский»", "Светлоборская типография", "Стандарт",
    "Гарант", "Тандем", "Виктория", "Орион", "Атлант", "Прогресс", "Механика", "Металлоторг",
    "Северная мельница", "Фармация", "Аптека «Здоровье»", "Торговый дом «Заречье»", "Мебельная фабрика",
    "Светлоборский молочный завод", "Автомойка «Блеск»", "Гостиница «Сухона»", "Ресторан «Вологда»",
    "Спорт-Лайф", "Фитнес-клуб «Атлетика»", "Стоматология «Улыбка»", "Медицинский центр «Здоровье+»",
    "Банковский офис «Северный»", "Почтовый терминал", "Логистик-Центр", "Хладокомбинат", "Пекарня «Каравай»",
    "Электросети Светлоборска", "Водоканал-Сервис", "Связьстрой", "Дорожник", "Строймаркет", "Теплосервис",
    "Кинотеатр «Октябрь»", "ТРЦ «Северный»", "Автовокзал", "Рынок «Центральный»", "Бизнес-Инкубатор",
    "Транспортная компания «Вега»",
)
JOINT_STOCK = {"Светлоборский хлебокомбинат", "Светлоборский молочный завод", "Электросети Светлоборска",
               "Хладокомбинат", "Мебельная фабрика", "Светлоборская типография"}
COMPANY_PREMISES = [
    ("Административное здание", 300, 2500), ("Складской комплекс", 500, 4000), ("Производственный корпус", 1200, 8000),
    ("Магазин", 150, 900), ("Офисное помещение", 80, 600), ("Гаражный бокс", 100, 700), ("Торговый центр", 2000, 9000),
]
TRADER_PREMISES = [
    ("Магазин", 50, 300), ("Парикмахерская", 40, 150), ("Кафе", 80, 350), ("Автосервис", 120, 500),
    ("Мастерская", 40, 200), ("Аптечный пункт", 40, 120), ("Офис", 30, 150),
]
MANAGING = ("Жилсервис", "Управдом", "Наш дом", "Комфорт", "ЖЭУ-3", "Центральное домоуправление",
            "Северный квартал", "Жилкомсервис", "Уютный дом", "Заречный квартал")
BUDGET = (
    [("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {n}»",
      "МБОУ «СОШ № {n}»", "Здание школы", "Директор", 3000, 8000, n) for n in range(1, 11)]
    + [("Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № {n}»",
        "МБДОУ «Детский сад № {n}»", "Здание детского сада", "Заведующий", 900, 2500, n) for n in range(1, 16)]
    + [(full, short, premises, position, lo, hi, 0) for full, short, premises, position, lo, hi in (
        ("Бюджетное учреждение здравоохранения Вологодской области «Светлоборская центральная районная больница»",
         "БУЗ ВО «Светлоборская ЦРБ»", "Главный корпус больницы", "Главный врач", 6000, 12000),
        ("Муниципальное бюджетное учреждение культуры «Централизованная библиотечная система»",
         "МБУК «ЦБС»", "Здание библиотеки", "Директор", 500, 1500),
        ("Муниципальное казенное учреждение «Управление жилищно-коммунального хозяйства»",
         "МКУ «Управление ЖКХ»", "Административное здание", "Начальник", 400, 1200),
        ("Администрация городского поселения город Светлоборск", "Администрация г. Светлоборска",
         "Здание администрации", "Глава городского поселения", 1500, 3500),
        ("Муниципальное бюджетное учреждение дополнительного образования «Детская школа искусств»",
         "МБУ ДО «ДШИ»", "Здание школы искусств", "Директор", 700, 1800),
        ("Муниципальное автономное учреждение «Спортивная школа»", "МАУ «Спортивная школа»",
         "Спортивный комплекс", "Директор", 2000, 5000),
        ("Муниципальное бюджетное учреждение культуры «Дом культуры «Октябрь»»", "МБУК «ДК «Октябрь»",
         "Здание дома культуры", "Директор", 1200, 3000),
        ("Государственное бюджетное учреждение социального обслуживания Вологодской области "
         "«Светлоборский комплексный центр социального обслуживания населения»",
         "БУ СО ВО «КЦСОН»", "Административное здание", "Директор", 400, 1200),
        ("Муниципальное бюджетное учреждение «Центр молодежи»", "МБУ «Центр молодежи»",
         "Здание центра", "Директор", 300, 900),
        ("Казенное учреждение Вологодской области «Центр занятости населения»", "КУ ВО «ЦЗН»",
         "Офисное помещение", "Директор", 200, 600),
    )]
)
BOUNDARIES = (
    "по наружной стене здания (первые фланцы запорной арматуры на вводе)",
    "по первым фланцам задвижек в тепловой камере ТК-{n}",
    "по внешней границе стены тепловой камеры УТ-{n}",
    "по сварному шву врезки в магистральный трубопровод у ТК-{n}",
)
LOAD_BASES = ("Приложение № 1 к договору", "Акт о подключении № {n}", "Расчет тепловых нагрузок, проект № {n}")
REVISION_BASIS = "Расчет тепловых нагрузок после утепления фасада, письмо абонента вх. № {n}"
Q4 = Decimal("0.0001")
# how many of each: citizens, sole traders, companies, HOAs, managing organisations, budget bodies
COUNTS = {"citizen": 110, "entrepreneur": 40, "other": 80, "hoa": 25, "managing_org": 10, "budget_44fz": len(BUDGET)}
DRAFTS, SUSPENDED, TERMINATED = 6, 4, 6


@dataclass
class Person:
    last_name: str
    first_name: str
    middle_name: str
    male: bool

    @property
    def full(self) -> str:
        return person_full(self.last_name, self.first_name, self.middle_name)

    @property
    def initials(self) -> str:
        return f"{self.last_name} {self.first_name[0]}. {self.middle_name[0]}."

    def as_signatory(self) -> dict[str, str]:
        """The consumer's signer fields (``Consumer.signatory_*``)."""
        return {"signatory_last_name": self.last_name, "signatory_first_name": self.first_name,
                "signatory_middle_name": self.middle_name}


class Identifiers:
    """Unique identifiers of the demo city with valid check digits."""

    def __init__(self, rng):
        self.rng, self.used = rng, set()

    def _unique(self, make) -> str:
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def _digits(self, n: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(n))

    def inn_legal(self) -> str:
        return self._unique(lambda: (lambda f: f + identifiers.inn_legal_check_digit(f))(TAX_OFFICE + self._digits(5)))

    def inn_person(self) -> str:
        return self._unique(lambda: (lambda f: f + identifiers.inn_person_check_digits(f))(TAX_OFFICE + self._digits(6)))

    def ogrn(self, year: int) -> str:
        return self._unique(
            lambda: (lambda f: f + identifiers.ogrn_check_digit(f))(f"1{year % 100:02d}35{TAX_OFFICE[2:]}" + self._digits(5))
        )

    def ogrnip(self, year: int) -> str:
        return self._unique(
            lambda: (lambda f: f + identifiers.ogrnip_check_digit(f))(f"3{year % 100:02d}35" + self._digits(9))
        )

    def snils(self) -> str:
        return self._unique(
            lambda: (lambda f: identifiers.format_snils(f + identifiers.snils_check_digits(f)))(
                str(self.rng.randrange(100_000_000, 199_999_999))
            )
        )


def bank_account(bik: str, body: str) -> str:
    """A settlement account whose key digit (the 9th) is valid for the bank's БИК (ЦБ РФ
    algorithm: the last three digits of the БИК and the account, weights 7-1-3)."""
    account = body[:8] + "0" + body[9:]
    digits = bik[-3:] + account
    total = sum(int(d) * (7, 1, 3)[i % 3] for i, d in enumerate(digits))
    key = (total % 10 * 3) % 10
    return account[:8] + str(key) + account[9:]


def seed(ctx) -> None:
    organization = _organization(ctx)
    sections = _sections()
    groups = _groups()
    ctx.data["subscribers"] = {"organization": organization}
    if Consumer.objects.exists():
        ctx.notes.append("Абоненты: реестр уже заполнен — демо-абоненты не добавлены")
        return
    city = City(ctx, sections, groups)
    city.build()
    ctx.notes.append(
        f"Абоненты: {city.consumers} абонентов, {city.objects} объектов с нагрузками, {city.contracts} договоров "
        f"(действуют {city.active}); организация {organization.short_name}"
    )


def _organization(ctx) -> Organization:
    inn = "3528009511"  # fixed, valid: documents and bank statements quote it
    existing = selectors.our_organization()
    requisites = {
        **ORGANIZATION, "inn": inn, "kpp": f"{inn[:4]}01001", "ogrn": "1023501236901",
        "settlement_account": bank_account(ORGANIZATION["bik"], "40702810212000001234"),
    }
    organization = existing or services.organization_save(**requisites)
    known = set(organization.signatories.values_list("last_name", "first_name", "middle_name"))
    for name, position, basis, poa, signs_for, head, accountant, active in SIGNATORIES:
        last_name, first_name, middle_name = name
        if name in known:
            continue
        number, dated, until = poa or ("", None, None)
        # powers of attorney of the demo's year (the dates are written for core.demo.REFERENCE_TODAY)
        dated, until = (ctx.shift_years(dated), ctx.shift_years(until)) if dated else (None, None)
        services.signatory_create(
            organization=organization, last_name=last_name, first_name=first_name, middle_name=middle_name,
            position=position, authority_basis=basis,
            poa_number=number, poa_date=dated, poa_valid_until=until, signs_for=signs_for, is_head=head,
            is_chief_accountant=accountant, active=active,
        )
    return organization


def _sections() -> dict[str, NetworkSection]:
    known = {s.code: s for s in NetworkSection.objects.all()}
    for code, name, source, _postcode, _streets in SECTIONS:
        if code not in known:
            known[code] = services.network_section_create(code=code, name=name, heat_source=source, city=CITY)
    return known


def _groups() -> dict[str, TariffGroup]:
    known = {g.code: g for g in TariffGroup.objects.all()}
    for code, name in GROUPS:
        if code not in known:
            known[code] = services.tariff_group_create(code=code, name=name)
    return known


class City:
    """Builds the consumers, their objects, loads and contracts in a deterministic order."""

    def __init__(self, ctx, sections, groups):
        self.ctx, self.rng, self.sections, self.groups = ctx, ctx.rng, sections, groups
        self.ids = Identifiers(ctx.rng)
        self.consumers = self.objects = self.contracts = self.active = 0
        self.addresses: set[str] = set()
        self.plan: list[tuple[Consumer, list, str, Decimal | None]] = []

    # --- people and places ---------------------------------------------------------------

    def person(self) -> Person:
        male = self.rng.random() < 0.5
        last = self.rng.choice(MALE)
        patronymic = self.rng.choice(PATRONYMICS)
        if male:
            return Person(last, self.rng.choice(MEN), patronymic[0], True)
        return Person(last + "а", self.rng.choice(WOMEN), patronymic[1], False)

    def address(self, section_codes, *, premises: bool = False) -> tuple[str, str]:
        """A free address in one of the sections' districts → (address, section code)."""
        while True:
            code = self.rng.choice(section_codes)
            _c, _n, _s, postcode, streets = next(s for s in SECTIONS if s[0] == code)
            street = self.rng.choice(streets)
            house = f"д. {self.rng.randrange(1, 90)}"
            if premises:
                house += f", пом. {self.rng.randrange(1, 12)}"
            address = f"{postcode}, {REGION}, г. {CITY}, {street}, {house}"
            if address not in self.addresses:
                self.addresses.add(address)
                return address, code

    def phone(self) -> str:
        return f"+7 {PHONE_CODE} {self.rng.randrange(2, 7)}-{self.rng.randrange(10, 99)}-{self.rng.randrange(10, 99)}"

    def registered(self) -> date:
        """A date of state registration: ОГРН exist since 2002, ОГРНИП since 2004."""
        return date(self.rng.randrange(2004, 2024), self.rng.randrange(1, 13), self.rng.randrange(1, 29))

    # --- consumers -----------------------------------------------------------------------

    def code(self) -> str:
        return str(100001 + self.consumers)

    def legal(self, *, category, name, short_name, position, address, **extra) -> Consumer:
        head = self.person()
        inn = self.ids.inn_legal()
        poa = self.rng.random() < 0.15
        consumer = services.consumer_create(
            code=self.code(), kind=Consumer.Kind.LEGAL, penalty_category=category, name=name, short_name=short_name,
            inn=inn, kpp=f"{inn[:4]}01001", ogrn=self.ids.ogrn(self.registered().year), legal_address=address,
            postal_address=address, phone=self.phone(), email=f"{self.code()}@abonent.example",
            contact_person=f"{self.person().initials}, {self.phone()}",
            **head.as_signatory(), signatory_position=position if not poa else "Заместитель директора",
            authority_basis=AuthorityBasis.POWER_OF_ATTORNEY if poa else AuthorityBasis.CHARTER,
            authority_document=(f"доверенность № {self.rng.randrange(1, 40)} от 12.01.{self.ctx.today.year}" if poa else "Устав"),
            **extra,
        )
        self.consumers += 1
        return consumer

    def build(self) -> None:
        self.budget()
        self.managing()
        self.hoas()
        self.companies()
        self.traders()
        self.citizens()
        self.contract_all()

    def budget(self) -> None:
        for full, short, premises, position, lo, hi, n in BUDGET[: COUNTS["budget_44fz"]]:
            address, section = self.address(RESIDENTIAL_SECTIONS)
            consumer = self.legal(category=Consumer.PenaltyCategory.BUDGET_44FZ, name=full.format(n=n),
                                  short_name=short.format(n=n), position=position, address=address)
            objects = [self.building(consumer, premises, address, section, lo, hi, ventilation=True)]
            if self.rng.random() < 0.25:  # a second building (a gym, a kitchen block, an annex)
                extra, extra_section = self.address(RESIDENTIAL_SECTIONS)
                objects.append(self.building(consumer, "Пристройка", extra, extra_section, 200, 900, ventilation=True))
            self.plan.append((consumer, objects, "БЮДЖ", None))

    def managing(self) -> None:
        for name in MANAGING[: COUNTS["managing_org"]]:
            address, _section = self.address(RESIDENTIAL_SECTIONS, premises=True)
            short = f"ООО «УК «{name}»"
            consumer = self.legal(category=Consumer.PenaltyCategory.MANAGING_ORG,
                                  name=f"Общество с ограниченной ответственностью «Управляющая компания «{name}»",
                                  short_name=short, position="Генеральный директор", address=address)
            objects = [self.apartment_block(consumer) for _ in range(self.rng.randrange(5, 9))]
            self.plan.append((consumer, objects, "НАС", None))

    def hoas(self) -> None:
        for n in range(COUNTS["hoa"]):
            address, section = self.address(RESIDENTIAL_SECTIONS)
            street_house = address.split(f"г. {CITY}, ")[1].replace("ул. ", "").replace("д. ", "")
            if n % 5 == 4:
                name, short = f"Жилищно-строительный кооператив № {n + 1}", f"ЖСК № {n + 1}"
            else:
                name, short = f"Товарищество собственников жилья «{street_house}»", f"ТСЖ «{street_house}»"
            consumer = self.legal(category=Consumer.PenaltyCategory.HOA, name=name, short_name=short,
                                  position="Председатель правления", address=address)
            objects = [self.apartment_block(consumer, address=address, section=section)]
            if self.rng.random() < 0.2:
                objects.append(self.apartment_block(consumer))
            self.plan.append((consumer, objects, "НАС", None))

    def companies(self) -> None:
        for name in COMPANIES[: COUNTS["other"]]:
            joint = name in JOINT_STOCK
            form, abbr = ("Акционерное общество", "АО") if joint else ("Общество с ограниченной ответственностью", "ООО")
            address, section = self.address(("СВ-05", "СВ-01", "СВ-02", "СВ-03"))
            consumer = self.legal(category=Consumer.PenaltyCategory.OTHER, name=f"{form} «{name}»",
                                  short_name=f"{abbr} «{name}»", position="Генеральный директор" if joint else "Директор",
                                  address=address)
            premises, lo, hi = self.rng.choice(COMPANY_PREMISES)
            objects = [self.building(consumer, premises, address, section, lo, hi, ventilation=hi > 1000)]
            for _ in range(self.rng.choice((0, 0, 0, 1, 1, 2))):
                premises, lo, hi = self.rng.choice(COMPANY_PREMISES)
                extra, extra_section = self.address(("СВ-05", "СВ-01", "СВ-03"))
                objects.append(self.building(consumer, premises, extra, extra_section, lo, hi, ventilation=hi > 1000))
            self.plan.append((consumer, objects, "ПРОЧ", None))

    def traders(self) -> None:
        for _ in range(COUNTS["entrepreneur"]):
            person = self.person()
            home, _section = self.address(HOUSES_SECTIONS)
            year = self.registered().year
            consumer = services.consumer_create(
                code=self.code(), kind=Consumer.Kind.ENTREPRENEUR, penalty_category=Consumer.PenaltyCategory.OTHER,
                name=f"Индивидуальный предприниматель {person.full}", short_name=f"ИП {person.initials}",
                inn=self.ids.inn_person(), ogrnip=self.ids.ogrnip(year), legal_address=home, postal_address=home,
                phone=self.phone(), last_name=person.last_name, first_name=person.first_name,
                middle_name=person.middle_name, **person.as_signatory(),
                signatory_position="Индивидуальный предприниматель", authority_basis=AuthorityBasis.REGISTRATION,
                authority_document=f"лист записи ЕГРИП от {date(year, self.rng.randrange(1, 13), 15):%d.%m.%Y}",
            )
            self.consumers += 1
            premises, lo, hi = self.rng.choice(TRADER_PREMISES)
            address, section = self.address(("СВ-01", "СВ-02", "СВ-03"), premises=True)
            objects = [self.building(consumer, premises, address, section, lo, hi, ventilation=False)]
            if self.rng.random() < 0.2:
                premises, lo, hi = self.rng.choice(TRADER_PREMISES)
                address, section = self.address(("СВ-01", "СВ-03"), premises=True)
                objects.append(self.building(consumer, premises, address, section, lo, hi, ventilation=False))
            self.plan.append((consumer, objects, "ПРОЧ", None))

    def citizens(self) -> None:
        for n in range(COUNTS["citizen"]):
            person = self.person()
            address, section = self.address(HOUSES_SECTIONS)
            born = date(self.rng.randrange(1940, 1998), self.rng.randrange(1, 13), self.rng.randrange(1, 29))
            consumer = services.consumer_create(
                code=self.code(), kind=Consumer.Kind.CITIZEN, penalty_category=Consumer.PenaltyCategory.CITIZEN,
                last_name=person.last_name, first_name=person.first_name, middle_name=person.middle_name,
                birth_date=born, birth_place=self.rng.choice((f"г. {CITY} Вологодской обл.", "г. Вологда",
                                                               "г. Череповец Вологодской обл.", "д. Лесково Вологодского р-на")),
                snils=self.ids.snils() if n % 5 else "", inn=self.ids.inn_person() if n % 2 else "",
                legal_address=address, postal_address=address, phone=f"+7 9{self.rng.randrange(10, 99)} "
                f"{self.rng.randrange(100, 999)}-{self.rng.randrange(10, 99)}-{self.rng.randrange(10, 99)}",
            )
            self.consumers += 1
            house = self.building(consumer, "Жилой дом", address, section, 45, 190, ventilation=False,
                                  purpose="residential", specific=(Decimal("0.00013"), Decimal("0.00019")))
            self.plan.append((consumer, [house], "НАС", None))

    # --- objects and loads ---------------------------------------------------------------

    def apartment_block(self, consumer, *, address=None, section=None):
        if address is None:
            address, section = self.address(RESIDENTIAL_SECTIONS)
        floors = self.rng.choice((2, 3, 5, 5, 5, 9, 9))
        return self.building(consumer, f"Многоквартирный дом ({floors} эт.)", address, section,
                             floors * 300, floors * 900, ventilation=False, purpose="residential", hot_water=True)

    def building(self, consumer, name, address, section, lo, hi, *, ventilation, purpose="non_residential",
                 hot_water=None, specific=(Decimal("0.00009"), Decimal("0.00014"))):
        area = Decimal(self.rng.randrange(lo * 10, hi * 10)) / 10
        heated_object = services.heated_object_create(
            consumer=consumer, name=name, address=address, purpose=purpose, heated_area=area,
            heated_volume=(area * Decimal("3.2")).quantize(Decimal("0.01")),
            design_indoor_temperature=Decimal("18") if "Склад" in name or "Гараж" in name else Decimal("20"),
            network_section=self.sections[section],
            cadastral_number=f"35:28:{self.rng.randrange(1, 9):07d}:{self.rng.randrange(10, 3000)}",
        )
        self.objects += 1
        per_m2 = specific[0] + (specific[1] - specific[0]) * Decimal(self.rng.randrange(0, 101)) / 100
        heating = (area * per_m2).quantize(Q4, ROUND_HALF_UP)
        if hot_water is None:
            hot_water = purpose == "non_residential" and self.rng.random() < 0.4
        hw_avg = (area * Decimal("0.000012")).quantize(Q4, ROUND_HALF_UP) if hot_water else Decimal("0")
        started = date(self.rng.randrange(2019, 2025), 1, 1)
        services.heat_load_create(
            heated_object=heated_object, valid_from=started, heating=heating,
            ventilation=(heating * Decimal("0.18")).quantize(Q4, ROUND_HALF_UP) if ventilation else Decimal("0"),
            hot_water_avg=hw_avg, hot_water_max=(hw_avg * Decimal("2.4")).quantize(Q4, ROUND_HALF_UP),
            basis=self.rng.choice(LOAD_BASES).format(n=self.rng.randrange(10, 400)),
        )
        if self.rng.random() < 0.15:  # revised from 2026 after insulation: the earlier load is closed
            services.heat_load_create(
                heated_object=heated_object, valid_from=self.ctx.shift_years(date(2026, 1, 1)),
                heating=(heating * Decimal("0.92")).quantize(Q4, ROUND_HALF_UP),
                ventilation=(heating * Decimal("0.92") * Decimal("0.18")).quantize(Q4, ROUND_HALF_UP)
                if ventilation else Decimal("0"),
                hot_water_avg=hw_avg, hot_water_max=(hw_avg * Decimal("2.4")).quantize(Q4, ROUND_HALF_UP),
                basis=REVISION_BASIS.format(n=self.rng.randrange(100, 999)),
            )
        heated_object.load_from = started
        return heated_object

    # --- contracts -----------------------------------------------------------------------

    def contract_all(self) -> None:
        # which consumers get a draft, a suspended or a terminated contract: legal entities and
        # sole traders picked by the seeded RNG, never a budget body or a managing organisation
        candidates = [n for n, (consumer, *_rest) in enumerate(self.plan)
                      if consumer.penalty_category in (Consumer.PenaltyCategory.OTHER, Consumer.PenaltyCategory.CITIZEN)]
        picked = self.rng.sample(candidates, DRAFTS + SUSPENDED + TERMINATED)
        status = {n: Contract.Status.DRAFT for n in picked[:DRAFTS]}
        status |= {n: Contract.Status.SUSPENDED for n in picked[DRAFTS:DRAFTS + SUSPENDED]}
        status |= {n: Contract.Status.TERMINATED for n in picked[DRAFTS + SUSPENDED:]}
        for n, (consumer, objects, group, _) in enumerate(self.plan, start=0):
            self.contract(n + 1, consumer, objects, group, status.get(n, Contract.Status.ACTIVE))

    def contract(self, n: int, consumer, objects, group: str, status: str) -> None:
        budget = consumer.penalty_category == Consumer.PenaltyCategory.BUDGET_44FZ
        start = max(o.load_from for o in objects)
        if status == Contract.Status.DRAFT:
            signed, valid_from, valid_to = (self.ctx.today - timedelta(days=self.rng.randrange(1, 20)),
                                          add_months(self.ctx.month, 1), None)
        elif budget:  # a municipal contract for the year (44-ФЗ)
            signed, valid_from, valid_to = (self.ctx.shift_years(date(2025, 12, self.rng.randrange(15, 29))),
                                            self.ctx.shift_years(date(2026, 1, 1)), self.ctx.shift_years(date(2026, 12, 31)))
        else:
            valid_from = max(start, date(self.rng.randrange(2019, 2026), self.rng.randrange(1, 13), 1))
            signed, valid_to = valid_from - timedelta(days=self.rng.randrange(5, 40)), None
        if status == Contract.Status.TERMINATED:
            valid_from = min(valid_from, date(2025, 1, 1))
            signed = min(signed, valid_from - timedelta(days=10))
            valid_to = self.ctx.shift_years(date(2026, self.rng.randrange(3, 8), 1)) - timedelta(days=1)
        prefix = "МК" if budget else "ТС"
        notes = {
            Contract.Status.SUSPENDED: "Предоставление коммунальной услуги приостановлено за задолженность "
                                       "(ПП РФ № 354, п. 117)" if consumer.is_citizen else
                                       "Подача тепловой энергии ограничена за задолженность более одного периода "
                                       "платежа (ПП РФ № 808, п. 92–93)",
            Contract.Status.TERMINATED: "Расторгнут по соглашению сторон: объект продан",
            Contract.Status.DRAFT: "Проект направлен абоненту на подписание",
        }
        services.contract_create(
            consumer=consumer, number=f"{prefix}-{n:04d}/{signed.year % 100:02d}", signed_on=signed,
            valid_from=valid_from, valid_to=valid_to, auto_renewal=not budget, status=status,
            tariff_group=self.groups[group], objects_covered=objects,
            balance_boundary=self.rng.choice(BOUNDARIES).format(n=self.rng.randrange(1, 120)),
            note=notes.get(status, ""), **self.payment_terms(consumer),
        )
        if status == Contract.Status.TERMINATED:
            services.consumer_update(consumer=consumer, is_active=False)
        self.contracts += 1
        self.active += status == Contract.Status.ACTIVE

    @staticmethod
    def payment_terms(consumer) -> dict:
        """Per category (docs/law.md): ПП 808 for companies and sole traders, ЖК ст. 155
        for citizens, the 15th of the next month for УК and ТСЖ (ПП № 124: both are providers of
        utility services), and a municipal contract's own terms for budget bodies."""
        category = consumer.penalty_category
        if category == Consumer.PenaltyCategory.HOA:
            return {"payment_scheme": Contract.PaymentScheme.MANAGING_ORG, "advance1_percent": Decimal("0"),
                    "advance2_percent": Decimal("0"), "final_payment_day": 15}
        if category == Consumer.PenaltyCategory.BUDGET_44FZ:
            return {"payment_scheme": Contract.PaymentScheme.CUSTOM, "advance1_percent": Decimal("30"),
                    "advance1_day": 18, "advance2_percent": Decimal("0"), "advance2_day": None,
                    "final_payment_day": 10}
        return services.default_payment_terms(consumer)
