"""The change of a document template by the legal staff (docs/documents.md, «Изменение шаблона»).

A lawyer uploads a new version of a template with the reason; the upload's checks run at
once (``documents.services.upload_template_version``: a real DOCX, the tags parse, only the
declared variables, the sample renders) and a refused file never enters the flow → a
manager looks at the comparison with the current version and the preview, and approves or
returns it with a comment → approved: the version is current from the approval (documents
issued before keep theirs); returned: the lawyer uploads a corrected file (back to the
manager) or withdraws the proposal.
"""

from __future__ import annotations

from django import forms
from django.urls import NoReverseMatch, reverse
from viewflow import this
from viewflow.workflow import flow, lock

from documents.forms import MAX_TEMPLATE_SIZE
from documents.models import TemplateVersion
from documents.registry import manifest
from documents.selectors import current_versions
from documents.services import propose_template_version, review_template_version, revise_template_version

from .dashboard import dashboard_flow
from .models import TemplateChangeProcess
from .taking import TakeView
from .task_views import ApprovalDecisionForm, ServiceTaskView

REASON = forms.Textarea(attrs={"rows": 3})


def _template_file(required: bool = True) -> forms.FileField:
    return forms.FileField(label="Файл шаблона (DOCX)", required=required)


def _check_size(upload):
    if upload and upload.size > MAX_TEMPLATE_SIZE:
        raise forms.ValidationError("Файл больше 20 МБ — это не шаблон документа")
    return upload


# ---------------------------------------------------------------- propose


class ProposeForm(forms.Form):
    template = forms.ChoiceField(label="Шаблон")
    file = _template_file()
    reason = forms.CharField(label="Что изменено и почему", max_length=500, widget=REASON)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [
            (code, f"{spec.title} ({code})") for code, spec in sorted(manifest().items())
        ]

    def clean_file(self):
        return _check_size(self.cleaned_data["file"])


class ProposeView(ServiceTaskView):
    form_class = ProposeForm
    template_name = "viewflow/workflow/start.html"

    def get_initial(self):
        return {"template": self.request.GET.get("template", "")}

    def perform(self, form):
        data = form.cleaned_data
        self.request.activation.process.artifact = propose_template_version(
            code=data["template"], content=data["file"].read(), reason=data["reason"], actor=self.request.user,
        )

    def done(self):
        proposal = self.request.activation.process.artifact
        return (f"Версия {proposal.version} шаблона «{proposal.title}» отправлена на согласование",
                reverse("documents:templates:detail", kwargs={"code": proposal.code}), "Страница шаблона")


# ---------------------------------------------------------------- review


class ReviewForm(ApprovalDecisionForm):
    """The approval step's form, in the words of a template (the comment is kept in 500 characters)."""

    decision = forms.ChoiceField(
        label="Решение",
        choices=[(ApprovalDecisionForm.APPROVE, "Утвердить: версия действует с этого момента"),
                 (ApprovalDecisionForm.RETURN, "Вернуть юристу на доработку")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="Комментарий (при возврате — что исправить)", max_length=500, required=False,
                              widget=REASON)


def template_links(proposal) -> dict:
    """The template pages the manager looks at (built in ``documents``): the template's
    card, the comparison with the current version where the page exists, the preview."""
    current_pk = current_versions().get(proposal.code)
    current = TemplateVersion.objects.filter(pk=current_pk).first() if current_pk else None
    links = {
        "detail": reverse("documents:templates:detail", kwargs={"code": proposal.code}),
        "preview_pdf": reverse("documents:templates:preview", kwargs={"code": proposal.code})
        + f"?version={proposal.version}&format=pdf",
        "preview_docx": reverse("documents:templates:preview", kwargs={"code": proposal.code})
        + f"?version={proposal.version}",
        "current": current,
    }
    try:
        compare = reverse("documents:templates:compare", kwargs={"code": proposal.code})
    except NoReverseMatch:
        compare = None
    if compare and current is not None:
        links["compare"] = f"{compare}?a={current.version}&b={proposal.version}"
    return links


class ReviewView(ServiceTaskView):
    form_class = ReviewForm
    template_name = "workflows/template_change/review.html"

    def get_context_data(self, **kwargs):
        proposal = self.request.activation.process.artifact
        return super().get_context_data(proposal=proposal, links=template_links(proposal), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        review_template_version(
            version=self.request.activation.process.artifact, approve=data["decision"] == ApprovalDecisionForm.APPROVE,
            comment=data["comment"], actor=self.request.user,
        )


# ---------------------------------------------------------------- revise


class ReviseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Решение",
        choices=[("resubmit", "Загрузить исправленный файл"), ("withdraw", "Отозвать предложение")],
        widget=forms.RadioSelect,
    )
    file = _template_file(required=False)
    reason = forms.CharField(label="Что исправлено (или почему отзываете)", max_length=500, required=False,
                             widget=REASON)

    def clean_file(self):
        return _check_size(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "resubmit" and not data.get("file"):
            self.add_error("file", "Приложите исправленный файл")
        return data


class ReviseView(ServiceTaskView):
    form_class = ReviseForm
    template_name = "workflows/template_change/revise.html"

    def get_context_data(self, **kwargs):
        proposal = self.request.activation.process.artifact
        returned = proposal.decisions.select_related("decided_by").order_by("-pk").first()
        return super().get_context_data(proposal=proposal, returned=returned, links=template_links(proposal), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        process = self.request.activation.process
        upload = data["file"] if data["decision"] == "resubmit" else None
        corrected = revise_template_version(
            version=process.artifact, content=upload.read() if upload else None, reason=data["reason"],
            actor=self.request.user,
        )
        if corrected is not None:
            process.artifact = corrected
            process.save(update_fields=["artifact_content_type", "artifact_object_id"])


# ---------------------------------------------------------------- the flow


@dashboard_flow("document_flows")
class TemplateChangeFlow(flow.Flow):
    """Изменение шаблона документа

    Юрист загружает новую версию шаблона с причиной изменения, файл проверяется при
    загрузке; руководитель сравнивает ее с действующей и смотрит образец, утверждает или
    возвращает с комментарием; утвержденная версия действует с момента утверждения.
    """

    process_class = TemplateChangeProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "Шаблон {{ process.artifact.title }}, версия {{ process.artifact.version }}"

    propose = (
        flow.Start(ProposeView.as_view())
        .Annotation(title="Загрузить новую версию шаблона")
        .Permission("documents.propose_templateversion")
        .Next(this.review)
    )

    review = (
        TakeView(ReviewView.as_view())
        .Annotation(title="Рассмотреть версию шаблона",
                    summary_template="Утвердить шаблон {{ process.artifact.code }} v{{ process.artifact.version }}")
        .Permission("documents.approve_templateversion")
        .Next(this.is_approved)
    )

    is_approved = (
        flow.If(lambda activation: activation.process.decision == "approved")
        .Annotation(title="Утверждена?")
        .Then(this.approved)
        .Else(this.revise)
    )

    revise = (
        TakeView(ReviseView.as_view())
        .Annotation(title="Доработать версию шаблона",
                    summary_template="Доработать шаблон {{ process.artifact.code }} v{{ process.artifact.version }}")
        .Permission("documents.propose_templateversion")
        .Assign(this.proposer)
        .Next(this.is_resubmitted)
    )

    is_resubmitted = (
        flow.If(lambda activation: activation.process.decision is None)
        .Annotation(title="Исправленный файл загружен?")
        .Then(this.review)
        .Else(this.withdrawn)
    )

    approved = flow.End().Annotation(title="Новая версия шаблона действует")

    withdrawn = flow.End().Annotation(title="Предложение отозвано")

    def proposer(self, activation):
        return activation.process.artifact.uploaded_by
