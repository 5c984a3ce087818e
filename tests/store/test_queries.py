"""The store's query API: every ledger filter, sorting, facets, the documents list, one search, and what analysts
write (notes, tags, saved searches), on SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import parse_qsl

import pytest
from store_samples import report, span

from claimgraph.corpus.ingest import store_analysis
from claimgraph.errors import InputError
from claimgraph.records import Analysis, Claim, Ref
from claimgraph.store import Store, claims, documents, notebook, save_analysis
from claimgraph.store.documents import DocumentFilter
from claimgraph.store.filters import ClaimFilter, Lookups, Paging
from claimgraph.store.matching import canonical_ids_named
from claimgraph.store.search import search


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    """Four reports we wrote: two outlets, three dates and one undated article, two spellings of one speaker."""
    s = Store(db)
    with s.begin(write=True) as conn:
        store_analysis(conn, report())
        store_analysis(conn, report("Alexander Matsyegora", outlet="Kyiv Post", published="2025-03-02"))
        store_analysis(conn, report(outlet="UNN", published="2024-12-30", extra=" More later."))
        store_analysis(conn, report(outlet="Kyiv Post", published=None, extra=" Undated."))  # type: ignore[arg-type]
    yield s
    s.close()


def ask(store: Store, **filters: object) -> list[dict[str, object]]:
    with store.begin() as conn:
        return claims.claims(conn, ClaimFilter(**filters))  # type: ignore[arg-type]


def test_until_keeps_the_whole_last_month_and_since_the_whole_first(store: Store) -> None:
    dates = {c["document"]["published"] for c in ask(store, until="2025-02")}  # type: ignore[index]
    assert dates == {"2025-02-11", "2024-12-30"}
    assert {c["document"]["published"] for c in ask(store, since="2025-03")} == {"2025-03-02"}  # type: ignore[index]


def test_undated_articles_are_counted_apart_kept_or_left_out_as_asked(store: Store) -> None:
    with store.begin() as conn:
        dated = claims.page(conn, ClaimFilter(since="2024"), Paging())
        kept = claims.page(conn, ClaimFilter(since="2024", undated="include"), Paging())
        everything = claims.count(conn, ClaimFilter())
        without = claims.count(conn, ClaimFilter(undated="exclude"))
    assert dated["undated_left_out"] == 3 and kept["undated_left_out"] == 0
    assert kept["total"] == dated["total"] + 3 == everything
    assert without == everything - 3


def test_hedge_any_and_none_split_the_ledger_and_a_word_finds_its_claims(store: Store) -> None:
    hedged, flat, everything = ask(store, hedge="any"), ask(store, hedge="none"), ask(store)
    assert len(hedged) + len(flat) == len(everything)
    assert {c["content"]["text"] for c in ask(store, hedge="likely")} == {"the hospitals were likely full"}  # type: ignore[index]


def test_the_speaker_answers_to_any_spelling_and_the_outlet_to_part_of_its_name(store: Store) -> None:
    assert len(ask(store, speaker="Matsegora")) == len(ask(store, speaker="Matsyegora")) >= 2
    assert {c["document"]["outlet"] for c in ask(store, outlet="kyiv")} == {"Kyiv Post"}  # type: ignore[index]


def test_sorting_by_outlet_either_way(store: Store) -> None:
    up = [c["document"]["outlet"] for c in ask(store, sort="outlet")]  # type: ignore[index]
    down = [c["document"]["outlet"] for c in ask(store, sort="-outlet")]  # type: ignore[index]
    assert up == sorted(up) and down == sorted(down, reverse=True)
    newest = [c["document"]["published"] for c in ask(store)]  # type: ignore[index]
    assert [d for d in newest if d] == sorted((d for d in newest if d), reverse=True) and newest[-1] is None


def test_facets_count_the_filtered_claims(store: Store) -> None:
    with store.begin() as conn:
        f = ClaimFilter(outlet="UNN")
        found = claims.facets(conn, f)
        total = claims.count(conn, f)
    assert sum(v["count"] for v in found["stance"]) == total
    assert found["outlet"] == [{"value": "UNN", "count": total}]
    assert {"likely", "(no band)"} == {v["value"] for v in found["band"]}


def test_a_grade_filter_asks_the_grader_and_refuses_without_one(store: Store) -> None:
    with store.begin() as conn, pytest.raises(InputError, match="grade"):
        claims.claims(conn, ClaimFilter(grade=3))
    with store.begin() as conn:
        assert claims.claims(conn, ClaimFilter(grade=3), lookups=Lookups(grader=lambda c, g: [])) == []


def test_bad_values_name_their_parameter(store: Store) -> None:
    for params, reason in (({"stance": "bogus"}, "stance 'bogus'"), ({"since": "2025-13"}, "since '2025-13'"),
                           ({"grade": "7"}, "grade '7'"), ({"sort": "colour"}, "sort 'colour'"),
                           ({"undated": "maybe"}, "undated 'maybe'"), ({"colour": "red"}, "unknown filter 'colour'")):
        with pytest.raises(InputError, match=reason):
            ClaimFilter.from_params(params)


def test_a_filter_survives_its_query_string() -> None:
    f = ClaimFilter(search="wounded soldiers", speaker="Matsegora", hedge="any", grade=3, until="2025-02",
                    undated="include", sort="outlet")
    assert ClaimFilter.from_params(dict(parse_qsl(f.query_string()))) == f
    assert "q=wounded+soldiers" in f.query_string() and "sort" not in replace(f, sort="-date").query_string()


def test_the_documents_list_filters_by_words_outlet_dates_and_counts(store: Store) -> None:
    with store.begin() as conn:
        everything = documents.documents(conn)
        posts = documents.documents(conn, DocumentFilter(outlet="kyiv post"))
        dated = documents.page(conn, DocumentFilter(since="2025"), Paging(1, 1))
        undated = documents.count(conn, DocumentFilter(since="2025", undated="include"))
        words = documents.documents(conn, DocumentFilter(search="Undated"))
    assert len(everything) == 4 and {d["outlet"] for d in posts} == {"Kyiv Post"}
    assert dated["total"] == 2 and dated["pages"] == 2 and len(dated["documents"]) == 1 and undated == 3
    assert [d["published"] for d in words] == [None]
    # the three later reports are near-copies of the first (one wire story): marked, and left out or kept alone
    original = next(d for d in everything if d["copy_of"] is None)
    assert original["copies"] == 3 and all(d["copy_of"] == original["id"] for d in everything if d is not original)
    with store.begin() as conn:
        assert [d["id"] for d in documents.documents(conn, DocumentFilter(copies="exclude"))] == [original["id"]]
        assert documents.count(conn, DocumentFilter(copies="only")) == 3


def test_one_search_finds_entities_documents_and_claims(store: Store) -> None:
    with store.begin() as conn:
        by_name = search(conn, "Matsyegora")
        by_words = search(conn, "wounded soldiers")
        nothing = search(conn, "   ")
    assert [e["name"] for e in by_name["entities"]] == ["Alexander Matsegora"]  # one entity, either spelling
    assert by_name["totals"]["documents"] == 1 and by_name["totals"]["claims"] == 0
    assert by_words["totals"] == {"entities": 0, "documents": 4, "claims": 4} and len(by_words["claims"]) == 4
    assert nothing["claims"] == [] and nothing["totals"]["claims"] == 0


def test_notes_tags_and_saved_searches_are_kept_in_the_store(store: Store) -> None:
    with store.begin() as conn:
        first = claims.claims(conn, limit=1)[0]
    target = f"{first['document']['id']}/{first['id']}"
    with store.begin(write=True) as conn:
        note = notebook.add_note(conn, "claim", target, "  Check against the ministry's release. ")
        notebook.add_tag(conn, "claim", target, "To  Check")
        notebook.add_tag(conn, "claim", target, "to check")  # one tag, however it is written
        notebook.save_search(conn, "Kursk", "claims", "?q=Kursk")
        notebook.save_search(conn, "Kursk", "claims", "q=Kursk&stance=disputed")  # the same name replaces it
        with pytest.raises(InputError, match="no claim"):
            notebook.add_note(conn, "claim", "nope/c1", "lost")
        with pytest.raises(InputError, match="kind"):
            notebook.add_tag(conn, "document", target, "x")
    with store.begin() as conn:
        notes = notebook.notes_on(conn, "claim", target)
        assert [n["text"] for n in notes] == ["Check against the ministry's release."]
        assert notebook.tags_on(conn, "claim", [target]) == {target: ["to check"]}
        assert [c["id"] for c in claims.claims(conn, ClaimFilter(tag="TO CHECK"))] == [first["id"]]
        saved = notebook.searches(conn)
        assert [(s["name"], s["url"]) for s in saved] == [("Kursk", "/claims?q=Kursk&stance=disputed")]
        assert notebook.all_tags(conn) == [{"tag": "to check", "claim": 1, "entity": 0, "story": 0, "total": 1}]
    with store.begin(write=True) as conn:
        notebook.delete_note(conn, note["id"])
        notebook.remove_tag(conn, "claim", target, "to check")
        notebook.delete_search(conn, saved[0]["id"])
    with store.begin() as conn:
        assert notebook.notes_on(conn, "claim", target) == [] and notebook.all_tags(conn) == []
        assert notebook.searches(conn) == []


def test_counts_brought_up_to_date_from_new_documents_equal_a_recount(store: Store) -> None:
    from claimgraph.corpus import resolve
    from claimgraph.store import entities, growth, timeline

    with store.begin() as conn:
        before = growth.stamp(conn)
        entities_then = entities.tally(conn)
        facets_then = claims.facet_tally(conn)
        hedged_then = claims.facet_tally(conn, ClaimFilter(hedge="any", speaker="Nebenzia"))
        lines_then = timeline.line_tally(conn)
    with store.begin(write=True) as conn:
        store_analysis(conn, report("Vasily Nebenzia", outlet="TASS", published="2025-04-01"))
    with store.begin() as conn:
        now = growth.stamp(conn)
        assert growth.only_grew(conn, before, now)
        assert entities_then + entities.tally(conn, before.last_document) == entities.tally(conn)
        grown = claims.add_tallies(facets_then, claims.facet_tally(conn, after=before.last_document))
        assert grown == claims.facet_tally(conn)
        hedged = ClaimFilter(hedge="any", speaker="Nebenzia")  # a speaker no article named before
        assert claims.add_tallies(hedged_then, claims.facet_tally(conn, hedged, before.last_document)) == \
            claims.facet_tally(conn, hedged) and sum(claims.facet_tally(conn, hedged)["stance"].values()) == 1
        assert canonical_ids_named(conn, "Nebenzia", after=before.last_document) == \
            canonical_ids_named(conn, "Nebenzia") != []
        lines = timeline.add_lines(lines_then, timeline.line_tally(conn, before.last_document))
        recount = timeline.line_tally(conn)
        assert {k: sorted(v.members.split(",")) for k, v in lines.items()} == \
            {k: sorted(v.members.split(",")) for k, v in recount.items()}
        in_python = timeline.page_of(conn, timeline.ordered_lines(lines), per_page=500)
        in_sql = timeline.page(conn, per_page=500)
        assert [(e["date"], e["documents"]) for e in in_python["events"]] == \
            [(e["date"], e["documents"]) for e in in_sql["events"]]
        listed = entities.listed(entities.tally(conn), limit=3)
        assert [e["id"] for e in listed] == [e["id"] for e in entities.entities(conn, limit=3, mentions=False)]
    with store.begin(write=True) as conn:  # a merge changes what older documents count for: no longer growth
        ids = [e["id"] for e in entities.entities(conn, type="ORG", mentions=False)][:2]
        resolve.merge(conn, ids[0], ids[1])
    with store.begin() as conn:
        assert not growth.only_grew(conn, now, growth.stamp(conn))


def _unlinked_report() -> Analysis:
    """A report we wrote whose entities no resolver linked, with a speaker that no entity holds, a claim with no
    speaker, and a speaker entity that is not stored: each a way the ledger's speaker column falls back on words."""
    a = report("Oksana Markarova", outlet="Ukrinform", published="2025-01-05")
    text = a.document.text
    content = span(text, "the hospitals were likely full")
    extra = (Claim("c4", Ref(None, "Officials"), (), None, content, stance="claimed"),
             Claim("c5", None, (), None, content, stance="claimed"),
             Claim("c6", Ref("e9", "Zed Ghost"), (), None, content, stance="assessed"))
    return replace(a, claims=(*a.claims, *extra))


@pytest.mark.parametrize("sort", ["speaker", "-speaker", "outlet", "-outlet", "stance", "-stance"])
def test_pages_sorted_by_a_facet_column_read_from_its_tally_are_the_pages_of_the_whole_sort(store: Store,
                                                                                             sort: str) -> None:
    with store.begin(write=True) as conn:
        save_analysis(conn, _unlinked_report())  # stored alone: its entities stay unlinked
    with store.begin() as conn:
        for f in (ClaimFilter(sort=sort), ClaimFilter(sort=sort, hedge="none")):
            whole = [(c["document"]["id"], c["id"]) for c in claims.claims(conn, f)]
            tally = claims.facet_tally(conn, f)
            for size in (1, 2, 5):
                pages = [claims.page(conn, f, Paging(n, size), tally=tally) for n in range(1, len(whole) // size + 2)]
                assert [(c["document"]["id"], c["id"]) for p in pages for c in p["claims"]] == whole, (f, size)
                assert {p["total"] for p in pages} == {len(whole)}
