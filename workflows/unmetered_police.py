"""The lawyer's «Заявление в полицию» after an unpaid demand of an unauthorised connection or of
a large damage (``regulations.police``): a police-statement case of the case files is opened
for the act's consumer — or for a person without a contract as the act names them — and the
statement issued into it, with the act, the calculation and the
demand named (docs/inspections.md, «Процесс»).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.db import transaction

from casefiles.documents import PoliceFacts
from casefiles.models import Case, CaseDocument
from casefiles.services import case_open, police_party_case_open, police_statement_issue
from core.types import Actor
from documents.models import ArchivedDocument
from inspections.models import ViolationAct
from inspections.services.charges import act_party
from regulations.police import POLICE_NORM

from .task_views import ServiceTaskView, process_url

QUALIFICATION = ("Усматриваются признаки административного правонарушения (ст. 7.19 КоАП РФ) либо преступления "
                 "(ст. 165 УК РФ)")


def police_statement_for_act(*, act: ViolationAct, demand: dict, calculation: dict, police_addressee: str,
                             police_address: str, police_head: str, qualification: str,
                             actor: Actor) -> CaseDocument:
    """Open the police-statement case — of the act's consumer, or, for someone without a
    contract, of the person as the act names them (name or organisation, ИНН/ОГРН or passport,
    address) — and issue the statement into it."""
    demand_doc = ArchivedDocument.objects.get(pk=demand["document"])
    act_title = f"акт № {act.document.number if act.document else ''} от {act.found_on:%d.%m.%Y}"
    facts = PoliceFacts(
        police_addressee=police_addressee, police_address=police_address, police_head=police_head,
        found_on=act.found_on, incident_address=act.object_address, incident_kind=act.get_violation_display(),
        method=act.intake_method, act=act_title, period_from=date.fromisoformat(calculation["period_start"]),
        period_to=date.fromisoformat(calculation["period_end"]),
        damage_method="расчетный способ по подключенной нагрузке (ч. 8–10 ст. 22 Федерального закона № 190-ФЗ)",
        volume=Decimal(demand["volume"]), damage=Decimal(demand["total"]), vat_rate=Decimal(demand["vat_rate"]),
        qualification=qualification, demands=f"требование об оплате № {demand_doc.number}",
    )
    note = f"{act_title}: {POLICE_NORM}"
    with transaction.atomic():
        if act.consumer_id is not None:
            case = case_open(consumer=act.consumer, debts=[], kind=Case.Kind.POLICE, actor=actor, note=note)
        else:
            party = act_party(act)
            case = police_party_case_open(name=party.name, details=party.details, address=party.address, act=act,
                                          actor=actor, note=note)
        return police_statement_issue(case=case, facts=facts, actor=actor)


class PoliceForm(forms.Form):
    police_addressee = forms.CharField(label="Отдел полиции (кому)", max_length=300)
    police_address = forms.CharField(label="Адрес отдела полиции", max_length=500)
    police_head = forms.CharField(label="Начальник отдела (ФИО)", max_length=300, required=False)
    qualification = forms.CharField(label="Квалификация", max_length=1000, initial=QUALIFICATION,
                                    widget=forms.Textarea(attrs={"rows": 2}))


class PoliceView(ServiceTaskView):
    form_class = PoliceForm
    template_name = "workflows/unmetered/calculation.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(act=self.request.activation.process.act, **kwargs)

    def perform(self, form):
        activation = self.request.activation
        process = activation.process
        item = police_statement_for_act(act=process.act, demand=process.data["demand"],
                                        calculation=process.data["calculation"], actor=self.request.user,
                                        **form.cleaned_data)
        process.data = {**process.data, "police_case": item.case_id}
        process.save(update_fields=["data"])

    def done(self):
        activation = self.request.activation
        return (f"Заявление в полицию выпущено: дело № {activation.process.data['police_case']}",
                process_url(activation), "Карточка процесса")
