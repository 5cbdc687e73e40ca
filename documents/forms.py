from django import forms

MAX_TEMPLATE_SIZE = 20 * 1024 * 1024


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label="Файл шаблона (DOCX)")
    comment = forms.CharField(label="Что изменено", max_length=500, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TEMPLATE_SIZE:
            raise forms.ValidationError("Файл больше 20 МБ — это не шаблон документа")
        return upload
