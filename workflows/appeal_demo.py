"""Demo appeals (docs/reception.md), one at each stage of the flow, driven through the services
and viewflow's activation API as the pages would: waiting for a manager to assign it, with the
demo billing specialist for the answer (one overdue, escalated by the timer), waiting for the
manager's signature, signed and waiting to be sent, and closed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone
from viewflow.workflow.timers import fire_due_timers

from accounts.roles import BILLING, MANAGER
from reception.services import appeal_answer, appeal_assign, appeal_sent_record, appeal_sign
from subscribers.models import Consumer

from .appeal import AppealFlow, start_appeal

QUESTIONS = [
    "Почему за прошлый месяц начислено больше, чем за позапрошлый?",
    "Прошу сообщить, учтена ли оплата, внесенная в начале месяца.",
]
ANSWERS = {1: "Плата начислена по показаниям прибора учета за полный отопительный месяц; тариф не менялся.",
           2: "Оплата учтена в счет текущего месяца, переплаты нет."}


def _complete(process, node, user, action=lambda activation: None):
    task = process.task_set.get(flow_task=node, finished__isnull=True)
    with task.activation() as activation:
        if task.owner_id is None:
            activation.assign(user)
    with task.activation() as activation:
        activation.start(SimpleNamespace(user=user))
        action(activation)
        activation.execute()


def appeal_processes(ctx, users) -> None:
    manager, billing = users(MANAGER), users(BILLING)
    consumer = Consumer.objects.filter(kind=Consumer.Kind.CITIZEN).first() or Consumer.objects.first()
    if manager is None or billing is None or consumer is None:
        ctx.notes.append("Обращения: нет руководителя, расчетчика или абонента — демо-обращения не зарегистрированы")
        return

    def start(days_ago: int, applicant: str, category: str):
        received = timezone.make_aware(datetime.combine(ctx.today - timedelta(days=days_ago), time(9, 30)))
        return start_appeal(actor=billing, received_at=min(received, timezone.now()), channel="paper",
                            applicant_kind="resident", applicant_name=applicant, consumer=consumer,
                            applicant_address=consumer.postal_address or consumer.legal_address, category=category,
                            summary="Вопросы о начислениях и оплате", questions=QUESTIONS)

    def assigned(process):
        _complete(process, AppealFlow.assign, manager, lambda a: appeal_assign(
            appeal=a.process.appeal, executor=billing, actor=manager))

    def answered(process):
        _complete(process, AppealFlow.answer, billing, lambda a: appeal_answer(
            appeal=a.process.appeal, answers=ANSWERS, result="explained", result_text="Начисление верно.",
            actor=billing))

    def signed(process):
        _complete(process, AppealFlow.sign, manager, lambda a: appeal_sign(
            appeal=a.process.appeal, approve=True, comment="", actor=manager, process=a.process, task=a.task))

    start(0, "Петров Петр Петрович", "charges")  # waits for the manager
    assigned(start(1, "Сидорова Анна Ивановна", "payments"))  # the specialist answers
    assigned(start(10, "Кузнецов Олег Викторович", "quality"))  # overdue: the timer escalates it
    fire_due_timers()
    waiting_signature = start(1, "Николаева Мария Сергеевна", "metering")
    assigned(waiting_signature)
    answered(waiting_signature)
    to_send = start(2, "Орлов Андрей Викторович", "debt")
    for step in (assigned, answered, signed):
        step(to_send)
    closed = start(3, "Смирнов Илья Петрович", "penalties")
    for step in (assigned, answered, signed):
        step(closed)
    _complete(closed, AppealFlow.send, billing, lambda a: appeal_sent_record(
        appeal=a.process.appeal, way="hand", sent_on=ctx.today, proof="подпись заявителя на копии ответа",
        actor=billing))
    ctx.notes.append("Обращения: 6 — ждет назначения, у исполнителя, просрочено (передано руководителю), "
                     "на подписи, к отправке, закрыто")
