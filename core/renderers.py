"""Form widgets viewflow's Material forms (``{% render form %}``) cannot show.

viewflow writes a ``CheckboxSelectMultiple`` as a ``<vf-field-checkbox-select>`` element,
but its JavaScript defines no such component: the field — a user's roles, the objects a
contract covers — is not on the page at all, only in the error summary. Registered in
``settings.VIEWFLOW["WIDGET_RENDERERS"]``, :class:`CheckboxListRenderer` writes the field as
the project's own pages do (core/templates/core/includes/form_fields.html): a fieldset with its label and
one labelled checkbox per choice, help and error under it; the browser posts it natively.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

from viewflow.forms.renderers import WidgetRenderer


class CheckboxListRenderer(WidgetRenderer):
    def create_root(self, context) -> Element:
        widget, field = context["widget"], self.bound_field
        css = "pg-field pg-field--choices" + (" pg-field--invalid" if field.errors else "")
        attrs = {"class": css}
        if widget["attrs"].get("id"):
            attrs["id"] = str(widget["attrs"]["id"])
        root = SubElement(self.root, "fieldset", attrs)
        legend = SubElement(root, "legend", {"class": "pg-field__label"})
        legend.text = str(field.label or "")
        for _group, options, _index in widget["optgroups"]:
            for option in options:
                box = {"type": "checkbox", "name": str(option["name"]), "value": str(option["value"])}
                if option["attrs"].get("id"):
                    box["id"] = str(option["attrs"]["id"])
                if option["selected"]:
                    box["checked"] = "checked"
                if widget["attrs"].get("disabled"):
                    box["disabled"] = "disabled"
                label = SubElement(root, "label", {"class": "pg-choice", "for": box.get("id", "")})
                SubElement(label, "input", box).tail = f" {option['label']}"
        if field.help_text:
            SubElement(root, "div", {"class": "pg-field__help"}).text = str(field.help_text)
        for error in field.errors:
            SubElement(root, "div", {"class": "pg-field__error"}).text = str(error)
        return root
