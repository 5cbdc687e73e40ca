"""Russian names of the audit log's action codes (``AuditEvent.action``): a person reads
«Вход в систему», never ``auth.login``.

A code is named by :data:`NAMES` when listed there, otherwise composed from what happened
(:data:`VERBS`, by the code's last word) and to what (:data:`OBJECTS`, by the code without it).
tests/audit/test_actions.py fails when an action code recorded anywhere in the code has no name.
"""

from __future__ import annotations

import re

NAMES: dict[str, str] = {
    "user.created": "Пользователь создан",
    "user.deactivated": "Пользователь отключен",
    "user.activated": "Пользователь снова включен",
    "user.roles_changed": "Роли пользователя изменены",
    "audit.chain_check_started": "Проверка цепочки аудита запущена",
    "audit.chain_checked": "Цепочка аудита проверена",
    "auth.login": "Вход в систему",
    "device.replaced": "Замена прибора учета",
    "auth.logout": "Выход из системы",
    "auth.login_failed": "Неудачная попытка входа",
    "auth.locked_out": "Вход заблокирован после неудачных попыток",
    "backup.made": "Резервная копия создана",
    "backup.restored": "Восстановление из резервной копии",
    "billing.export.api_read": "Выгрузка начислений прочитана через API",
    "billing.export.downloaded": "Файл выгрузки начислений скачан",
    "billing.forecast.plans_frozen": "Плановые объемы зафиксированы",
    "billing.invoices.printed": "Счета напечатаны",
    "billing.invoices.printout_downloaded": "Печатная форма счетов скачана",
    "billing.invoice_document.issued": "Выпущен УПД или счет",
    "billing.recalculation.reused": "Перерасчет: использован готовый результат",
    "commissioning.document_downloaded": "Документ заявки на ввод узла учета скачан",
    "design_temperature.set": "Расчетная температура задана",
    "heating_season.set": "Отопительный сезон задан",
    "inspection.fix_reported": "Сообщено об устранении недостатков",
    "inspection.photo_downloaded": "Фотография осмотра скачана",
    "periodic_check.applied": "Результат периодической проверки учтен",
    "periodic_check.campaign_started": "Кампания периодических проверок начата",
    "settlements.debts_created": "Задолженности сформированы",
    "settlements.payment_resolved": "Платеж разнесен",
    "settlements.penalty_accrued": "Пени начислены",
    "settlements.statement_imported": "Банковская выписка загружена",
    "task.assigned": "Задача назначена",
    "template.version_added": "Добавлена версия шаблона",
    "verification.notice_delivered": "Уведомление о поверке вручено",
    "verification.notice_issued": "Уведомление о поверке выпущено",
    "document.pdf_requested": "Запрошен PDF документа",
    "document.pdf_archived": "PDF документа сохранен в архиве",
    "document.pdf_failed": "Ошибка создания PDF документа",
    "calc.run": "Расчет выполнен",
    "case.opened": "Дело открыто",
    "case.viewed": "Дело просмотрено",
    "case.amounts_refreshed": "Суммы дела рассчитаны на дату",
    "case.route_set": "Порядок взыскания по делу выбран",
    "case.claim_sent": "Претензия по делу направлена",
    "case.filed": "Дело подано",
    "case.hearing_added": "Судебное заседание внесено",
    "case.judgment_recorded": "Решение суда внесено",
    "case.writ_recorded": "Исполнительный лист внесен",
    "case.enforcement_payment_recorded": "Поступление по исполнению внесено",
    "case.police_registered": "Регистрация заявления в полиции внесена",
    "case.closed": "Дело закрыто",
    "case.document_attached": "Документ архива приложен к делу",
    "case.document_uploaded": "Файл загружен в дело",
    "inspection.reported": "Сообщение о нарушении зарегистрировано",
    "inspection.route_created": "Маршрут обхода составлен",
    "inspection.no_violation": "Обследование: нарушений не выявлено",
    "inspection.photo_added": "Фото обследования загружено",
    "inspection.act_filled": "Акт о нарушении заполнен",
    "inspection.act_issued": "Акт о нарушении выпущен",
    "inspection.act_returned": "Акт о нарушении возвращен на исправление",
    "inspection.act_accepted": "Акт о нарушении принят юристом",
    "case.document_downloaded": "Файл дела скачан",
    "case.package_returned": "Пакет документов возвращен юристу на доработку",
    "case.package_downloaded": "Пакет документов скачан",
    "debt.acknowledged": "Признание долга внесено",
}

# what happened, by the code's last word
VERBS: dict[str, str] = {
    "created": "Создание", "updated": "Изменение", "changed": "Изменение", "deleted": "Удаление",
    "registered": "Регистрация", "imported": "Загрузка", "downloaded": "Скачивание", "opened": "Открытие",
    "closed": "Закрытие", "issued": "Выпуск", "recorded": "Запись", "reviewed": "Проверка",
    "approved": "Утверждение", "scheduled": "Назначение", "installed": "Установка", "removed": "Снятие",
    "verified": "Поверка", "set": "Установка", "saved": "Сохранение", "started": "Запуск",
    "completed": "Завершение", "failed": "Ошибка", "requeued": "Повторный запуск", "resumed": "Продолжение",
    "cancelled": "Отмена", "queued": "Постановка в очередь", "revoked": "Отзыв",
    "status_changed": "Смена статуса",
    "added": "Добавление", "refused": "Отказ", "returned": "Возврат на доработку",
    "change": "Изменение", "add": "Добавление", "delete": "Удаление",
}

# to what, in the genitive
OBJECTS: dict[str, str] = {
    "api.token": "токена API",
    "billing.period": "расчетного периода",
    "billing.recalculation": "перерасчета",
    "billing.run": "расчета начислений",
    "billing.tariff": "тарифа",
    "billing.output_job": "формирования документов периода",
    "calendarday": "дня производственного календаря",
    "calendaryear": "года производственного календаря",
    "commissioning": "заявки на ввод узла учета",
    "consumer": "абонента",
    "contract": "договора",
    "design_temperature": "расчетной температуры",
    "device": "прибора учета",
    "device_model": "модели прибора учета",
    "document": "документа",
    "heat_load": "тепловой нагрузки",
    "heated_object": "объекта теплоснабжения",
    "heating_season": "отопительного сезона",
    "inspection": "осмотра узла учета",
    "metering_unit": "узла учета",
    "network_section": "участка тепловой сети",
    "organization": "реквизитов организации",
    "outdoor_temperature": "температуры наружного воздуха",
    "outdoor_temperatures": "температур наружного воздуха",
    "reading": "показаний",
    "readings": "показаний",
    "reading_source": "источника показаний",
    "registry": "реестра абонентов",
    "seal": "пломбы",
    "settlements.penalty_accrual": "начисления пеней",
    "signatory": "подписанта",
    "tariff_group": "тарифной группы",
    "template": "шаблона",
    "vatrate": "ставки НДС",
    "weather_station": "метеостанции",
    "template.version": "версии шаблона",
    "metering.export": "выгрузки данных учета",
    "settlements.export": "выгрузки расчетов с абонентами",
}

_ADMIN = re.compile(r"^admin\.(?P<model>[a-z_]+)\.(?P<verb>[a-z_]+)$")
_OUTPUT_JOB = re.compile(r"^billing\.output_job\.(?P<kind>[a-z]+)_(?P<verb>[a-z]+)$")


def action_name(code: str) -> str:
    """The Russian name of an action code; the code itself only when nothing names it."""
    if code in NAMES:
        return NAMES[code]
    if match := _ADMIN.match(code):
        verb = VERBS.get(match["verb"], match["verb"])
        return f"Администрирование: {verb.lower()} записи «{match['model']}»"
    if match := _OUTPUT_JOB.match(code):
        if match["verb"] in VERBS:
            return f"{VERBS[match['verb']]} {OBJECTS['billing.output_job']} ({match['kind'].upper()})"
    for separator in (".", "_"):  # «contract.updated», «settlements.penalty_accrual_failed»
        subject, _, verb = code.rpartition(separator)
        if subject in OBJECTS and verb in VERBS:
            return f"{VERBS[verb]} {OBJECTS[subject]}"
    return code


def is_named(code: str) -> bool:
    return action_name(code) != code
