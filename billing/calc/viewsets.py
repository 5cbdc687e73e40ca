"""The "Правовые расчеты" application of the site: one calculator per kind.

Open to lawyers, billing specialists and managers (``reference.use_legal_calculator``).
"""

from __future__ import annotations

from django.urls import path
from viewflow.urls import Application, Viewset
from viewflow.urls.sites import AppMenuMixin

from . import forms
from .views import PERMISSION, CalculatorView


def can_calculate(user) -> bool:
    return user.is_authenticated and user.has_perm(PERMISSION)


class CalculatorViewset(AppMenuMixin, Viewset):
    kind = ""
    form_class = None

    @property
    def index_path(self):
        return path("", CalculatorView.as_view(kind=self.kind, form_class=self.form_class, viewset=self),
                    name="index")


class LegalCalculationsApp(Application):
    title = "Правовые расчеты"
    icon = "calculate"
    app_name = "legal_calc"
    permission = staticmethod(can_calculate)
    viewsets = [
        CalculatorViewset(app_name="penalty", kind="penalty", form_class=forms.PenaltyForm,
                          title="Пени", icon="percent"),
        CalculatorViewset(app_name="state_duty", kind="state-duty", form_class=forms.StateDutyForm,
                          title="Госпошлина", icon="gavel"),
        CalculatorViewset(app_name="contractless", kind="contractless", form_class=forms.ContractlessForm,
                          title="Бездоговорное потребление", icon="report"),
        CalculatorViewset(app_name="heating_volume", kind="heating-volume", form_class=forms.HeatingVolumeForm,
                          title="Объем отопления", icon="thermostat"),
        CalculatorViewset(app_name="hot_water_volume", kind="hot-water-volume", form_class=forms.HotWaterVolumeForm,
                          title="Объем ГВС", icon="water_drop"),
        CalculatorViewset(app_name="quality", kind="quality-recalc", form_class=forms.QualityRecalcForm,
                          title="Снижение платы за качество", icon="thermostat_auto"),
    ]
