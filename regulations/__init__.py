"""Rules of law as pure functions over ``Decimal`` and ``date`` — no Django here.

Every function names its norm in its docstring and returns its result together with the
norm it applied, so that a document can quote it. Values that change over time (key
rate, rate caps, moratoria, VAT, state-duty scales, due days, the production calendar)
are arguments: the database keeps them as dated, editable reference data
(``reference`` app) and ``reference.selectors`` turns the rows into the plain
structures these functions take.

Modules: ``penalties`` (пени), ``allocation`` (зачет платежей, ГК ст. 319.1), ``payment_terms``
(сроки оплаты), ``production_calendar`` (нерабочие дни, ГК ст. 193), ``volumes`` (расчетные
объемы), ``contractless``
(бездоговорное потребление), ``quality`` (снижение платы за качество), ``state_duty``
(госпошлина), ``vat`` (НДС); ``rounding`` holds the rounding points, ``errors`` the one
error type.
"""
