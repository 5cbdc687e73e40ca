"""Who may open what in «Обследования» (see tests/accounts/matrix.py).

Anyone of the department but the administrator reports a suspected violation and sees the
inspections; only technicians record results and fill and issue acts; only lawyers accept or
return an act; technicians and managers plan routes and print route sheets; managers, technicians and billing
see the losses report and download it.
"""

from __future__ import annotations

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from tests.accounts.matrix import Access

READERS = {TECHNICIAN, LEGAL, MANAGER, BILLING}
LOSSES = {TECHNICIAN, MANAGER, BILLING}


def samples(world):
    from datetime import timedelta

    from django.utils import timezone

    from inspections.services.acts import act_fill, act_issue
    from inspections.services.inspections import RouteStop, inspection_no_violation, route_create
    from subscribers.models import Organization

    from .factories import FieldInspectionFactory, OrganizationFactory
    from .samples import contractless, photo

    if not Organization.objects.exists():
        OrganizationFactory()
    technician = world.users[TECHNICIAN]
    today = timezone.localdate()
    world.pending_inspection = FieldInspectionFactory()
    acted = FieldInspectionFactory()
    world.violation_act = act_fill(inspection=acted, data=contractless(today), actor=technician)
    act_issue(act=world.violation_act, actor=technician)
    checked = FieldInspectionFactory()
    inspection_no_violation(inspection=checked, inspected_on=today, note="осмотрено", photos=[photo()], actor=technician)
    world.inspection_photo = checked.photos.get()
    world.inspection_route = route_create(route_date=today + timedelta(days=1), technician=technician,
                                          stops=[RouteStop(address="ул. Садовая, д. 14")], actor=technician)


ACCESS = [
    Access("inspections:index", allowed=READERS, methods=("GET",)),
    Access("inspections:report", allowed=READERS, note="an empty POST shows the form's errors"),
    Access("inspections:card", allowed=READERS, methods=("GET",),
           kwargs=lambda w: {"inspection_id": w.pending_inspection.pk}),
    Access("inspections:photo", allowed=READERS, methods=("GET",), kwargs=lambda w: {"photo_id": w.inspection_photo.pk}),
    Access("inspections:no_violation", allowed={TECHNICIAN}, kwargs=lambda w: {"inspection_id": w.pending_inspection.pk}),
    Access("inspections:act_fill", allowed={TECHNICIAN}, kwargs=lambda w: {"inspection_id": w.pending_inspection.pk},
           note="the phone page of the act; an empty POST shows the errors"),
    Access("inspections:act_issue", allowed={TECHNICIAN}, methods=("POST",),
           kwargs=lambda w: {"act_id": w.violation_act.pk}, note="an issued act: refused with a message"),
    Access("inspections:act_review", allowed={LEGAL}, kwargs=lambda w: {"act_id": w.violation_act.pk}),
    Access("inspections:losses", allowed=LOSSES, methods=("GET",), note="the losses report with its chart"),
    Access("inspections:losses_export", allowed=LOSSES, methods=("GET",), note="the losses report as XLSX"),
    Access("inspections:route_new", allowed={TECHNICIAN, MANAGER}, note="an empty POST shows the form's errors"),
    Access("inspections:route_sheet", allowed={TECHNICIAN, MANAGER}, methods=("POST",),
           kwargs=lambda w: {"route_id": w.inspection_route.pk}),
]
