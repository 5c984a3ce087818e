"""Hand-made analyses of reports we wrote, for store tests (what `analyze` would return, spans exact)."""
from __future__ import annotations

from claimgraph.records import Action, Analysis, Claim, Document, Entity, Event, Probability, Ref, Span


def span(text: str, part: str, after: int = 0) -> Span:
    """The span of `part` in `text` (its first occurrence at or after `after`)."""
    start = text.index(part, after)
    return Span(part, start, start + len(part))


def report(speaker: str = "Alexander Matsegora", outlet: str = "UNN", published: str = "2025-02-11",
           extra: str = "") -> Analysis:
    """A hand-made analysis of a short report we wrote: a claim relayed by UNN through ISW, and a denial."""
    text = (f"UNN reports that ISW analysts say Russian Ambassador {speaker} claims that hundreds of wounded "
            f"Russian soldiers are treated in North Korea. {speaker.split()[-1]} said the hospitals were likely "
            f"full. The Kremlin denied it on Monday.{extra}")
    surname = speaker.split()[-1]
    doc = Document(text=text, outlet=outlet, title=f"{surname} on wounded soldiers", published=published,
                   url=f"https://example.org/{surname.lower()}/{published}")
    person = Entity("e1", speaker, "PERSON", aliases=(surname,),
                    mentions=(span(text, speaker), span(text, surname, text.index(speaker) + len(speaker))))
    entities = (
        person,
        Entity("e2", "UNN", "ORG", mentions=(span(text, "UNN"),)),
        Entity("e3", "ISW", "ORG", mentions=(span(text, "ISW"),)),
        Entity("e4", "North Korea", "GPE", mentions=(span(text, "North Korea"),)),
        Entity("e5", "Kremlin", "ORG", mentions=(span(text, "Kremlin"),)),
    )
    c1 = Claim("c1", Ref("e1", f"Russian Ambassador {speaker}"), (Ref("e2", "UNN"), Ref("e3", "ISW")),
               span(text, "claims"), span(text, "hundreds of wounded Russian soldiers are treated in North Korea"),
               stance="claimed")
    c2 = Claim("c2", Ref("e1", surname), (Ref("e2", "UNN"),),
               span(text, "said", text.index("North Korea.")), span(text, "the hospitals were likely full"),
               hedges=(span(text, "likely", text.index("hospitals")),),
               probability=Probability("likely", 0.55, 0.80), stance="asserted")
    c3 = Claim("c3", Ref("e5", "The Kremlin"), (), span(text, "denied"), span(text, "it", text.index("denied")), stance="disputed",
               date_said="2025-02-10")
    ev = Event("v1", Ref(None, "Russian soldiers"), Action("treated", "AID", None, text.index("treated"),
                                                           text.index("treated") + 7),
               Ref("e4", "North Korea"), "2025-02-09", Ref("e4", "North Korea"),
               span(text, text[:text.index("Korea.") + 6]), claim="c1", date_precision="day")
    return Analysis(document=doc, entities=entities, claims=(c1, c2, c3), events=(ev,))
