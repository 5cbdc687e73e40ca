"""viewflow's Material form (``{% render form %}``) shows a multiple choice as labelled
checkboxes (core/renderers.py) — its own <vf-field-checkbox-select> has no component and
left the field off the page."""

from __future__ import annotations

import re

from django import forms
from django.template import Context, Template
from django.urls import reverse


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label="Роли", choices=[("tech", "Техник"), ("legal", "Юрист")],
                                      widget=forms.CheckboxSelectMultiple, help_text="Одна или несколько")


def rendered(form) -> str:
    return Template("{% load viewflow %}{% render form %}").render(Context({"form": form}))


def test_a_multiple_choice_is_a_fieldset_of_labelled_checkboxes():
    html = rendered(RolesForm(initial={"roles": ["legal"]}))
    assert "vf-field-checkbox-select" not in html
    assert re.search(r'<fieldset class="pg-field pg-field--choices" id="id_roles">\s*<legend[^>]*>Роли</legend>', html)
    first = '<label class="pg-choice" for="id_roles_0"><input type="checkbox" name="roles" value="tech" id="id_roles_0">'
    assert f"{first} Техник</label>" in html
    assert 'value="legal" id="id_roles_1" checked="checked"> Юрист' in html
    assert '<div class="pg-field__help">Одна или несколько</div>' in html


def test_a_refused_choice_keeps_the_ticks_and_shows_the_error():
    form = RolesForm({"roles": ["legal", "nobody"]})
    assert not form.is_valid()
    html = rendered(form)
    assert "pg-field--invalid" in html and 'class="pg-field__error"' in html
    assert 'value="legal" id="id_roles_1" checked="checked"' in html


def test_the_contract_form_shows_the_objects_it_covers(client, make_user):
    from accounts.roles import TECHNICIAN
    from tests.subscribers.factories import ContractFactory, HeatedObjectFactory

    contract = ContractFactory()
    heated = HeatedObjectFactory(consumer=contract.consumer)
    contract.objects_covered.add(heated)
    client.force_login(make_user(TECHNICIAN))
    html = client.get(reverse("subscribers:contracts:change", args=[contract.pk])).content.decode()
    assert re.search(rf'<input type="checkbox" name="objects_covered" value="{heated.pk}" id="id_objects_covered_\d+" '
                     r'checked="checked"\s*/?>', html), html[html.find("objects_covered") - 300:][:1200]
