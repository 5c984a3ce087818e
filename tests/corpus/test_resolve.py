"""Cross-document entity resolution over the store: who is the same across articles, and undoing it."""
from __future__ import annotations


import pytest
from sqlalchemy import select

from claimgraph.corpus.resolve import merge, resolve_all, resolve_document, split
from claimgraph.errors import InputError
from claimgraph.records import Analysis, Document, Entity, Span
from claimgraph.store import Store, save_analysis
from claimgraph.store import schema as t



@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path, pg_database):
    """An empty store on SQLite, and on PostgreSQL where CLAIMGRAPH_TEST_PG names a server (as in .ci/run)."""
    if request.param == "sqlite":
        s = Store(tmp_path / "corpus.db")
        yield s
        s.close()
        return
    with pg_database("cg_resolve") as url:
        s = Store(url)
        try:
            yield s
        finally:
            s.close()


def article(text: str, *entities: tuple[str, str] | tuple[str, str, list[str]]) -> Analysis:
    """An analysis of TEXT whose entities are (name, type[, aliases]); mentions are found in the text."""
    ents = []
    for i, spec in enumerate(entities, 1):
        name, type_ = spec[0], spec[1]
        aliases = tuple(spec[2]) if len(spec) > 2 else ()  # type: ignore[misc]
        mentions = []
        for form in (name, *aliases):
            at = text.find(form)
            if at >= 0:
                mentions.append(Span(form, at, at + len(form)))
        ents.append(Entity(id=f"e{i}", name=name, type=type_, aliases=aliases, mentions=tuple(mentions)))
    return Analysis(document=Document(text=text, outlet="Test Wire"), entities=tuple(ents))


def ingest(store: Store, *analyses: Analysis) -> list[str]:
    ids = []
    for a in analyses:
        with store.begin(write=True) as conn:
            assert save_analysis(conn, a)
            resolve_document(conn, a.document.id)
        ids.append(a.document.id)
    return ids


def canonical_of(store: Store, document_id: str, name: str) -> int:
    e = t.entities
    with store.begin() as conn:
        return conn.execute(select(e.c.canonical_id).where(e.c.document_id == document_id, e.c.name == name)).scalar_one()


def link_of(store: Store, document_id: str, name: str) -> tuple[str, float]:
    e = t.entities
    with store.begin() as conn:
        row = conn.execute(select(e.c.link_rule, e.c.link_score)
                           .where(e.c.document_id == document_id, e.c.name == name)).one()
    return row[0], row[1]


def canonical_name(store: Store, cid: int) -> str:
    ce = t.canonical_entities
    with store.begin() as conn:
        return conn.execute(select(ce.c.name).where(ce.c.id == cid)).scalar_one()


def test_three_spellings_in_three_articles_are_one_person(store):
    ids = ingest(store,
                 article("Ambassador Alexander Matsyegora said the soldiers rest there.", ("Alexander Matsyegora", "PERSON")),
                 article("Alexander Matsegora told the newspaper that the stay was free.", ("Alexander Matsegora", "PERSON")),
                 article("Macegora claimed that hundreds were treated.", ("Macegora", "PERSON")))
    c1, c2, c3 = (canonical_of(store, d, n) for d, n in zip(ids, ["Alexander Matsyegora", "Alexander Matsegora", "Macegora"]))
    assert c1 == c2 == c3
    assert canonical_name(store, c1) == "Alexander Matsegora"


def test_a_transliteration_variant_joins_with_its_rule_and_score(store):
    ids = ingest(store,
                 article("Ihor Tsvetkov said the bridge held.", ("Ihor Tsvetkov", "PERSON")),
                 article("Igor Cvetkov said the bridge held.", ("Igor Cvetkov", "PERSON")))
    assert canonical_of(store, ids[0], "Ihor Tsvetkov") == canonical_of(store, ids[1], "Igor Cvetkov")
    rule, score = link_of(store, ids[1], "Igor Cvetkov")
    assert "transliteration" in rule and score >= 0.9


def test_a_cyrillic_spelling_joins_the_latin_one(store):
    ids = ingest(store,
                 article("Dmitry Peskov said the reports were false.", ("Dmitry Peskov", "PERSON")),
                 article("Дмитрий Песков заявил об этом.", ("Дмитрий Песков", "PERSON")))
    assert canonical_of(store, ids[0], "Dmitry Peskov") == canonical_of(store, ids[1], "Дмитрий Песков")


def test_different_people_named_kim_stay_apart(store):
    ids = ingest(store,
                 article("Kim Jong Un visited the plant.", ("Kim Jong Un", "PERSON", ["Kim"])),
                 article("Kim Yo Jong issued a statement.", ("Kim Yo Jong", "PERSON", ["Kim"])),
                 article("Kim Yong-hyun told lawmakers about the troops.", ("Kim Yong-hyun", "PERSON")),
                 article("Kim Jong-un inspected the missiles.", ("Kim Jong-un", "PERSON")))
    jong_un, yo_jong, yong_hyun, jong_un2 = (canonical_of(store, d, n) for d, n in zip(
        ids, ["Kim Jong Un", "Kim Yo Jong", "Kim Yong-hyun", "Kim Jong-un"]))
    assert len({jong_un, yo_jong, yong_hyun}) == 3
    assert jong_un2 == jong_un


def test_a_bare_korean_family_name_never_joins_across_articles(store):
    ids = ingest(store,
                 article("Kim Jong Un visited the plant.", ("Kim Jong Un", "PERSON")),
                 article("Kim said nothing more.", ("Kim", "PERSON")))
    assert canonical_of(store, ids[1], "Kim") != canonical_of(store, ids[0], "Kim Jong Un")


def test_a_bare_surname_joins_the_only_person_who_bears_it(store):
    ids = ingest(store,
                 article("Dmitry Peskov spoke to reporters.", ("Dmitry Peskov", "PERSON")),
                 article("Peskov dismissed the reports.", ("Peskov", "PERSON")))
    assert canonical_of(store, ids[1], "Peskov") == canonical_of(store, ids[0], "Dmitry Peskov")
    rule, _ = link_of(store, ids[1], "Peskov")
    assert rule.startswith("surname of full name") and "the only one in the corpus" in rule


def test_a_bare_surname_shared_by_two_people_joins_neither(store):
    ids = ingest(store,
                 article("Dmitry Peskov spoke to reporters.", ("Dmitry Peskov", "PERSON")),
                 article("Vasily Peskov wrote the column.", ("Vasily Peskov", "PERSON")),
                 article("Peskov said so.", ("Peskov", "PERSON")))
    a, b, bare = (canonical_of(store, d, n) for d, n in zip(ids, ["Dmitry Peskov", "Vasily Peskov", "Peskov"]))
    assert a != b and bare not in (a, b)


def test_a_canonical_person_known_by_surname_takes_the_full_name(store):
    ids = ingest(store,
                 article("Budanov said the troops had moved.", ("Budanov", "PERSON")),
                 article("Kyrylo Budanov repeated it.", ("Kyrylo Budanov", "PERSON")))
    cid = canonical_of(store, ids[0], "Budanov")
    assert canonical_of(store, ids[1], "Kyrylo Budanov") == cid
    assert canonical_name(store, cid) == "Kyrylo Budanov"


def test_an_initial_joins_the_only_person_it_fits_and_gives_way_to_the_full_name(store):
    ids = ingest(store,
                 article("O. Tkachenko said the talks failed.", ("O. Tkachenko", "PERSON")),
                 article("Oleksandr Tkachenko repeated it.", ("Oleksandr Tkachenko", "PERSON")),
                 article("Lloyd J. Austin III met them.", ("Lloyd J. Austin III", "PERSON")),
                 article("J. Austin III said so.", ("J. Austin III", "PERSON")))
    cid = canonical_of(store, ids[0], "O. Tkachenko")
    assert canonical_of(store, ids[1], "Oleksandr Tkachenko") == cid
    assert canonical_name(store, cid) == "Oleksandr Tkachenko"
    assert canonical_of(store, ids[3], "J. Austin III") == canonical_of(store, ids[2], "Lloyd J. Austin III")


def test_an_initial_that_fits_two_people_joins_neither(store):
    ids = ingest(store,
                 article("Oleksandr Tkachenko spoke.", ("Oleksandr Tkachenko", "PERSON")),
                 article("Olha Tkachenko spoke.", ("Olha Tkachenko", "PERSON")),
                 article("O. Tkachenko spoke.", ("O. Tkachenko", "PERSON")))
    a, b, c = (canonical_of(store, d, n) for d, n in zip(ids, ["Oleksandr Tkachenko", "Olha Tkachenko", "O. Tkachenko"]))
    assert len({a, b, c}) == 3


def test_aliases_and_acronyms_join_and_take_the_canonical_name(store):
    ids = ingest(store,
                 article("The DPRK sent troops.", ("DPRK", "GPE")),
                 article("North Korea sent troops.", ("North Korea", "GPE")),
                 article("The Kyiv School of Economics (KSE) counted the losses.",
                         ("Kyiv School of Economics", "ORG", ["KSE"])),
                 article("KSE economists said the damage grew.", ("KSE", "ORG")))
    dprk = canonical_of(store, ids[0], "DPRK")
    assert canonical_of(store, ids[1], "North Korea") == dprk
    assert canonical_name(store, dprk) == "North Korea"
    assert canonical_of(store, ids[2], "Kyiv School of Economics") == canonical_of(store, ids[3], "KSE")


def test_an_acronym_that_fits_two_organisations_joins_neither(store):
    ids = ingest(store,
                 article("The Kyiv School of Economics counted.", ("Kyiv School of Economics", "ORG")),
                 article("The Korea Stock Exchange fell.", ("Korea Stock Exchange", "ORG")),
                 article("KSE said so.", ("KSE", "ORG")))
    a, b, c = (canonical_of(store, d, n) for d, n in zip(ids, ["Kyiv School of Economics", "Korea Stock Exchange", "KSE"]))
    assert len({a, b, c}) == 3


def test_the_kremlin_stays_apart_from_russia(store):
    ids = ingest(store,
                 article("Russia denied it.", ("Russia", "GPE")),
                 article("The Kremlin denied it.", ("Kremlin", "ORG")),
                 article("Moscow denied it.", ("Moscow", "GPE")))
    ids_ = {canonical_of(store, d, n) for d, n in zip(ids, ["Russia", "Kremlin", "Moscow"])}
    assert len(ids_) == 3


def test_a_person_and_a_place_with_one_name_stay_apart(store):
    ids = ingest(store,
                 article("Georgia Meloni spoke.", ("Georgia", "PERSON")),
                 article("Georgia protested.", ("Georgia", "GPE")))
    assert canonical_of(store, ids[0], "Georgia") != canonical_of(store, ids[1], "Georgia")


def test_every_link_is_logged_with_its_rule(store):
    ids = ingest(store,
                 article("Ihor Tsvetkov spoke.", ("Ihor Tsvetkov", "PERSON")),
                 article("Igor Cvetkov spoke again.", ("Igor Cvetkov", "PERSON")))
    rl = t.resolution_log
    with store.begin() as conn:
        rows = conn.execute(select(rl.c.action, rl.c.document_id, rl.c.rule, rl.c.score).order_by(rl.c.id)).all()
    assert [r.action for r in rows] == ["link", "link"]
    assert rows[0].rule == "first mention"
    assert rows[1].document_id == ids[1] and "transliteration" in rows[1].rule


def test_merge_joins_two_entities_and_split_takes_one_back_out(store):
    ids = ingest(store,
                 article("Yoon spoke.", ("Yoon Suk Yeol", "PERSON")),
                 article("Yun Seok-yul spoke.", ("Yun Seok-yul", "PERSON")))
    a, b = canonical_of(store, ids[0], "Yoon Suk Yeol"), canonical_of(store, ids[1], "Yun Seok-yul")
    assert a != b  # a romanisation the lexicon does not list
    with store.begin(write=True) as conn:
        assert merge(conn, a, b) == a
    assert canonical_of(store, ids[1], "Yun Seok-yul") == a
    rule, _ = link_of(store, ids[1], "Yun Seok-yul")
    assert rule.startswith("merged by an analyst")
    with store.begin(write=True) as conn:
        new = split(conn, a, "Yun Seok-yul")
    assert canonical_of(store, ids[1], "Yun Seok-yul") == new != a
    assert canonical_of(store, ids[0], "Yoon Suk Yeol") == a


def test_split_by_document_entity(store):
    ids = ingest(store,
                 article("Peskov spoke.", ("Dmitry Peskov", "PERSON")),
                 article("Dmitri Peskov spoke.", ("Dmitri Peskov", "PERSON")))
    cid = canonical_of(store, ids[0], "Dmitry Peskov")
    assert canonical_of(store, ids[1], "Dmitri Peskov") == cid
    with store.begin(write=True) as conn:
        new = split(conn, cid, f"{ids[1][:8]}:e1")
    assert canonical_of(store, ids[1], "Dmitri Peskov") == new
    assert canonical_name(store, new) == "Dmitri Peskov"


def test_split_and_merge_refuse_what_makes_no_sense(store):
    ids = ingest(store, article("Peskov spoke.", ("Dmitry Peskov", "PERSON")))
    cid = canonical_of(store, ids[0], "Dmitry Peskov")
    with pytest.raises(InputError, match="no member"), store.begin(write=True) as conn:
        split(conn, cid, "Lavrov")
    with pytest.raises(InputError, match="every member"), store.begin(write=True) as conn:
        split(conn, cid, "Dmitry Peskov")
    with pytest.raises(InputError, match="itself"), store.begin(write=True) as conn:
        merge(conn, cid, cid)
    with pytest.raises(InputError, match="no entity with id 999"), store.begin(write=True) as conn:
        merge(conn, cid, 999)


def test_a_new_article_after_a_merge_joins_the_merged_entity(store):
    ids = ingest(store,
                 article("Yoon spoke.", ("Yoon Suk Yeol", "PERSON")),
                 article("Yun spoke.", ("Yun Seok-yul", "PERSON")))
    a, b = canonical_of(store, ids[0], "Yoon Suk Yeol"), canonical_of(store, ids[1], "Yun Seok-yul")
    with store.begin(write=True) as conn:
        merge(conn, a, b)
    (later,) = ingest(store, article("Yun Seok-yul spoke again.", ("Yun Seok-yul", "PERSON")))
    assert canonical_of(store, later, "Yun Seok-yul") == a


def test_a_rolled_back_article_leaves_no_trace_in_later_links(store):
    first = article("Ihor Tsvetkov spoke.", ("Ihor Tsvetkov", "PERSON"))
    with pytest.raises(RuntimeError), store.begin(write=True) as conn:
        save_analysis(conn, first)
        resolve_document(conn, first.document.id)
        raise RuntimeError("killed in the middle")
    (second,) = ingest(store, article("Igor Cvetkov spoke.", ("Igor Cvetkov", "PERSON")))
    cid = canonical_of(store, second, "Igor Cvetkov")
    assert canonical_name(store, cid) == "Igor Cvetkov"
    with store.begin() as conn:
        assert conn.execute(select(t.canonical_entities.c.name)).scalars().all() == ["Igor Cvetkov"]


def test_resolve_all_links_documents_stored_without_resolution(store):
    a = article("Matsegora spoke.", ("Alexander Matsegora", "PERSON"))
    b = article("Macegora spoke.", ("Alexander Macegora", "PERSON"))
    with store.begin(write=True) as conn:
        save_analysis(conn, a)
        save_analysis(conn, b)
    links = resolve_all(store.engine)
    assert len(links) == 2 and links[0].canonical_id == links[1].canonical_id


def test_a_capital_that_stood_for_its_country_does_not_pull_the_city_into_the_country(store):
    ids = ingest(store,
                 article("Russia said so, and Moscow repeated it.", ("Russia", "GPE", ["Moscow"])),
                 article("The train left Moscow at noon.", ("Moscow", "GPE")))
    assert canonical_of(store, ids[1], "Moscow") != canonical_of(store, ids[0], "Russia")


def test_analysed_articles_in_two_spellings_share_one_speaker(store):
    from claimgraph.analyze import analyze

    first = analyze("Russian Ambassador Alexander Matsyegora said on Monday that the hospital in Wonsan "
                    "had treated hundreds of soldiers.", outlet="Test Wire")
    second = analyze("Ambassador Alexander Macegora told reporters that the hospital was full.", outlet="Other Wire")
    ids = ingest(store, first, second)
    e = t.entities
    with store.begin() as conn:
        rows = conn.execute(select(e.c.document_id, e.c.canonical_id).where(e.c.type == "PERSON")).all()
    assert {d for d, _ in rows} == set(ids)
    assert len({cid for _, cid in rows}) == 1
