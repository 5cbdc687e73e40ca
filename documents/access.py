"""Who may open an archived document: a user allowed to see its subject.

The generic rule: the permission ``documents.view_archiveddocument`` (every role has it)
and the view permission on the subject's model (``subscribers.view_consumer`` for a
letter to a consumer, ``casefiles.view_case`` for a court package…). A subject model
may narrow it further with a classmethod hook::

    class Case(models.Model):
        @classmethod
        def documents_visible_to(cls, user) -> QuerySet:
            # the subjects whose documents this user may open
            return cls.objects.filter(...)

The same rule filters the archive list (``visible_documents``) and guards every
opening and download (``can_view_document``).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from core import permissions

from .models import ArchivedDocument

HOOK = "documents_visible_to"
DOCUMENT_PERMISSION = "documents.view_archiveddocument"


def _view_permission(model) -> str:
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def may_use_archive(user) -> bool:
    return permissions.allowed(user, DOCUMENT_PERMISSION)


def can_view_document(user, document: ArchivedDocument) -> bool:
    if not may_use_archive(user):
        return False
    model = ContentType.objects.get_for_id(document.subject_type_id).model_class()
    if model is None:  # the subject's app is gone: administrators only
        return user.is_superuser
    if not permissions.allowed(user, _view_permission(model)):
        return False
    hook = getattr(model, HOOK, None)
    if hook is None or user.is_superuser:
        return True
    return hook(user).filter(pk=document.subject_id).exists()


def visible_documents(user, queryset: QuerySet | None = None) -> QuerySet:
    """``queryset`` (all archived documents by default) narrowed to what ``user`` may open."""
    queryset = ArchivedDocument.objects.all() if queryset is None else queryset
    if not may_use_archive(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    allowed = Q(pk__in=[])
    type_ids = queryset.order_by().values_list("subject_type_id", flat=True).distinct()
    for content_type_id in type_ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not permissions.allowed(user, _view_permission(model)):
            continue
        hook = getattr(model, HOOK, None)
        if hook is None:
            allowed |= Q(subject_type_id=content_type_id)
        else:
            allowed |= Q(subject_type_id=content_type_id, subject_id__in=hook(user).values("pk"))
    return queryset.filter(allowed)
