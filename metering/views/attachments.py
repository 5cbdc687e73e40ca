"""Downloads of inspection attachments: a checklist photo, a commissioning application's
document. The service checks the permission (its refusal goes on to the 403 page,
``core.middleware.PermissionRefusal``; a missing file is 404) and writes the audit event;
the response is an attachment that the browser saves, never renders
(``documents.views.file_response``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import View

from core.errors import ApplicationError
from core.permissions import is_refusal
from documents.views import file_response
from metering.models import InspectionPhoto, RequestDocument
from metering.services.attachments import inspection_photo_open, request_document_open


def _deliver(opener, fallback: str):
    try:
        delivered = opener()
    except ApplicationError as exc:
        if is_refusal(exc):
            raise
        raise Http404(exc.message) from None
    return file_response(delivered.content, filename=delivered.filename, content_type=delivered.content_type,
                         inline=False, fallback=fallback)


class InspectionPhotoView(View):
    def get(self, request, pk: int):
        photo = get_object_or_404(InspectionPhoto.objects.select_related("item"), pk=pk)
        return _deliver(lambda: inspection_photo_open(photo=photo, actor=request.user), f"photo-{photo.pk}")


class RequestDocumentView(View):
    def get(self, request, pk: int):
        document = get_object_or_404(RequestDocument, pk=pk)
        return _deliver(lambda: request_document_open(document=document, actor=request.user),
                        f"request-document-{document.pk}")
