from briefing.analysis.themes.antecedents import Antecedents


def test_an_opening_he_names_the_subject_before_it_by_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "Secretary of State Antony Blinken met Sergei Lavrov in Geneva on Friday. "
        "Blinken told Lavrov that the West would respond. "
        "He added that the door to talks remained open."
    )
    names = Antecedents(doc)
    sents = list(doc.sents)
    assert names.of(sents[2]) == "Antony Blinken"
    assert names.of(sents[1]) is None  # (it opens with a name, not a pronoun)


def test_no_antecedent_across_a_paragraph_or_without_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Olaf Scholz spoke in Berlin.\n\nHe said the talks went well. The ministry agreed. She left.")
    names = Antecedents(doc)
    sents = [s for s in doc.sents if s.text.strip()]
    assert names.of(sents[1]) is None
    assert names.of(sents[3]) is None
