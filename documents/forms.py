from django import forms

from .template_checks import MAX_TEMPLATE_BYTES as MAX_TEMPLATE_SIZE  # the one bound: docs/templates-guide.md


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label="Файл шаблона (DOCX)")
    comment = forms.CharField(label="Что изменено", max_length=500, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_SIZE:
            raise forms.ValidationError("Файл больше 20 МБ — это не шаблон документа")
        return upload
