from claimgraph.records import SCHEMA, Analysis, Claim, Document, Ref, Span


def test_an_analysis_survives_a_round_trip_through_json():
    doc = Document(text="Peskov said it was fake.", outlet="Reuters")
    claim = Claim(id="c1", speaker=Ref("e1", "Peskov"), via=(Ref(None, "Reuters"),),
                  cue=Span("said", 7, 11), content=Span("it was fake", 12, 23))
    a = Analysis(document=doc, claims=(claim,))
    data = a.to_json()
    assert data["schema"] == SCHEMA
    assert Analysis.from_json(data) == a


def test_a_document_id_is_the_hash_of_its_normalised_text():
    assert Document(text="a\r\nb ").id == Document(text="a\nb").id
    assert Document(text="a").id != Document(text="b").id


def test_a_text_too_long_for_one_article_is_refused_with_a_clear_error():
    import pytest

    from claimgraph import InputError, analyze
    from claimgraph.analyze import MAX_CHARS

    with pytest.raises(InputError, match="more than the"):
        analyze("word " * (MAX_CHARS // 5 + 1))


def test_an_event_keeps_its_modality_through_json_and_an_older_one_has_none():
    from claimgraph.records import Action, Event, Span

    v = Event("v1", None, Action("will withdraw", "RETREAT", "withdraw"), None, None, None,
              Span("Serbia will withdraw.", 0, 21), modality="planned")
    assert v.to_json()["modality"] == "planned"
    assert Event.from_json(v.to_json()) == v
    older = {k: val for k, val in v.to_json().items() if k != "modality"}
    assert Event.from_json(older).modality is None
