"""An unbound form's field renders once per process; anything it depends on gives it its
own entry, and a bound form's field is always rendered afresh."""

from django import forms
from django.utils import translation

from tremplin.core.forms import _rendered_once, field_group


class Search(forms.Form):
    q = forms.CharField(label="Words", required=False)
    region = forms.ChoiceField(label="Region", choices=[("ON", "Ontario"), ("QC", "Québec")])


def test_the_same_unbound_field_is_rendered_once_and_as_django_renders_it():
    _rendered_once.cache_clear()
    first = field_group(Search()["region"])
    again = field_group(Search()["region"])
    assert first == again == Search()["region"].as_field_group()
    assert _rendered_once.cache_info().hits == 1


def test_what_the_html_depends_on_gives_its_own_entry():
    form = Search(initial={"region": "QC"})
    assert 'value="QC" selected' in field_group(form["region"])
    other = Search()
    other.fields["region"].choices = [("NB", "Nouveau-Brunswick")]
    assert "Nouveau-Brunswick" in field_group(other["region"])
    assert "Ontario" in field_group(Search(prefix="p")["region"])
    assert 'id="id_p-region"' in field_group(Search(prefix="p")["region"])


def test_the_language_is_part_of_the_key():
    class Translated(forms.Form):
        q = forms.CharField(label=translation.gettext_lazy("Search"))

    with translation.override("fr"):
        french = field_group(Translated()["q"])
    with translation.override("en"):
        english = field_group(Translated()["q"])
    assert ">Rechercher" in french
    assert ">Search" in english


def test_a_bound_field_shows_the_persons_value_and_errors_every_time():
    _rendered_once.cache_clear()
    bound = Search({"q": "soudeuse", "region": "XX"})
    bound.is_valid()
    html = field_group(bound["region"])
    assert "errorlist" in html
    assert 'value="soudeuse"' in field_group(bound["q"])
    assert _rendered_once.cache_info().currsize == 0


def test_a_bound_choice_among_its_choices_is_shared_but_a_bound_text_is_not():
    _rendered_once.cache_clear()
    field_group(Search({"q": "", "region": "QC"})["region"])
    shared = field_group(Search({"q": "", "region": "QC"})["region"])
    assert 'value="QC" selected' in shared
    assert _rendered_once.cache_info().hits == 1
    field_group(Search({"q": "mon nom", "region": "QC"})["q"])
    assert _rendered_once.cache_info().currsize == 1  # the person's words are not kept


def test_an_empty_bound_text_field_is_shared_and_rendered_as_django_renders_it():
    _rendered_once.cache_clear()
    first = field_group(Search({"q": "", "region": "QC"})["q"])
    again = field_group(Search({"q": "", "region": "ON"})["q"])
    assert first == again == Search({"q": "", "region": "QC"})["q"].as_field_group()
    assert "value=" not in first
    assert _rendered_once.cache_info().hits == 1
