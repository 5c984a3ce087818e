"""Who acts and who is acted on: reading an event's phrases from the parse, and naming their entities.

`ref_of` turns the token that heads an actor's, target's or place's phrase into a `Ref`; where the
phrase is a pronoun or a description ("it", "the company"), `antecedent` says who it stands for.
The speaker resolution of the pipeline (issue 7) plugs in there.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimgraph import records
from claimgraph.nlp import speakers, text_spans
from claimgraph.nlp.event_lexicon import Lexicon

MENTION_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
"""spaCy entity labels that stand in for mentions while the names component has left none."""

RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
SUBJECTS = ("nsubj", "csubj")

PERSONAL = {"he": True, "she": True, "it": False, "they": None, "him": True, "her": True, "them": None}
"""Third-person pronouns, and whether they stand for a person (None: either)."""

FIRST_PERSON = frozenset({"i", "we", "me", "us", "our", "my"})
"""Pronouns that, inside a claim, stand for its speaker ("'We will strike back,' the minister said")."""

POSSESSIVE = {"its": "it", "their": "they", "his": "he", "her": "she", "our": "we", "my": "i"}

Span3 = tuple[int, int, "str | None"]
"""A mention: start and end character, entity id (None where only spaCy's entities are known)."""


def lemma_of(token: Token, lex: Lexicon) -> str:
    """The token's lemma, with the forms the model's lemmatizer leaves as they are."""
    lemma = str(token.lemma_).lower()
    return lex.forms.get(lemma, lemma)


def children(token: Token, *deps: str) -> list[Token]:
    """The token's children with one of these dependency labels (each token's children read once per run)."""
    known: dict[int, list[tuple[str, Token]]] = token.doc.user_data.setdefault("cg_children", {})
    kids = known.get(token.i)
    if kids is None:
        kids = known[token.i] = [(c.dep_, c) for c in token.children]
    return [c for dep, c in kids if dep in deps]


def pobjs(token: Token, preps: Iterable[str], skip: frozenset[str] = frozenset()) -> list[Token]:
    """Objects of the token's prepositions among `preps`, leaving out times ("in May") and heads in
    `skip` ("at a time when")."""
    wanted = set(preps)
    return [p for c in children(token, "prep", "dative", "agent") if c.lower_ in wanted
            for p in children(c, "pobj") if p.ent_type_ not in ("DATE", "TIME") and p.lemma_.lower() not in skip]


def is_participle(verb: Token) -> bool:
    """ "troops sent to Kursk": a past participle that modifies the noun it acts on."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not children(verb, "dobj")


def is_passive(verb: Token) -> bool:
    return bool(children(verb, "nsubjpass", "auxpass", "agent")) or is_participle(verb)


def is_gerund_object(verb: Token) -> bool:
    """ "denied killing civilians": a gerund the parser read as an adjective of its own object."""
    head = verb.head
    return (verb.tag_ == "VBG" and verb.dep_ == "amod" and head.dep_ == "dobj" and verb.i == head.head.i + 1
            and head.head.pos_ in ("VERB", "AUX"))


def antecedent_of_relative(token: Token) -> Token:
    """The noun a relative pronoun stands for ("the resolutions that Russia endorsed": resolutions)."""
    if token.lower_ not in RELATIVE_PRONOUNS:
        return token
    clause = token.head
    for _ in range(3):  # "which Russia has used to strike": the pronoun may sit in a clause below the relcl
        if clause.dep_ == "relcl":
            return clause.head
        if clause.head.i == clause.i:
            break
        clause = clause.head
    return token


def patient(verb: Token) -> Token | None:
    """Who or what a passive verb acts on."""
    subj = children(verb, "nsubjpass")
    if subj:
        s = subj[-1]
        return verb.head if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else s
    if is_participle(verb):
        return verb.head
    if verb.dep_ == "conj" and children(verb, "auxpass"):  # "units suffered losses and were withdrawn"
        shared = children(verb.head, "nsubj", "nsubjpass")
        return shared[-1] if shared else None
    return None


def _nearest_subject(verb: Token) -> Token | None:
    # "LAHORE, Pakistan – Police arrested Khan": a dateline the parser made a second subject
    subj = [s for s in children(verb, *SUBJECTS) if not _expletive(s)]
    before = [s for s in subj if s.i < verb.i]
    if subj:
        return (before or subj)[-1]
    # "Sweden suspended aid": a name the parser left as an adverbial right before its verb
    named = [c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i == verb.i - 1]
    return named[0] if named and verb.tag_ in ("VBD", "VBZ", "VBP", "VBN") else None


def _expletive(s: Token) -> bool:
    """ "It is unacceptable to target ships", "there were attacks": a subject that stands for nothing."""
    return s.lower_ == "there" or (s.lower_ == "it" and (s.head.lemma_ == "be" or s.head.pos_ == "AUX")
                                   and any(c.dep_ in ("acomp", "attr", "xcomp", "ccomp") for c in s.head.children))


def subject(verb: Token, raising: frozenset[str], depth: int = 0,
            object_control: frozenset[str] = frozenset()) -> Token | None:
    """Who does what a verb says, following control and raising verbs, conjunction and relative clauses."""
    s = _nearest_subject(verb)
    if s is not None:
        return verb.head if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else s
    if depth > 4:
        return None
    head = verb.head
    if verb.dep_ == "relcl" and not (verb.tag_ == "VB" and _infinitive(verb)):  # not "ways to deploy them"
        return head
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        of = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" and c.i < verb.i
              for p in c.children if p.dep_ == "pobj"]
        return of[0] if of else head  # "soldiers fighting in Kursk", "reports of the DPRK sending troops"
    framed = _framing_noun_or_charge(verb)
    if framed is not None:
        return framed
    if is_gerund_object(verb):
        return subject(head.head, raising, depth + 1, object_control)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ":  # "is ready to hold talks"
        return subject(head.head, raising, depth + 1, object_control) if head.head.i != head.i else None
    if verb.dep_ in ("xcomp", "conj") and head.pos_ in ("VERB", "AUX"):
        return _controller(verb, raising, depth, object_control)
    perfect = any(c.lower_ == "having" for c in verb.children)
    if verb.tag_ == "VBG" or (verb.dep_ == "advcl" and (verb.tag_ != "VBN" or perfect)):  # not "if attacked"
        # "struck ships, killing ten", "tries to hide it by vetoing", "while having conducted 300 interviews":
        # a clause without a subject of its own has that of the main clause
        governor = head.head if verb.dep_ == "pcomp" and head.dep_ == "prep" else head if verb.dep_ == "advcl" else None
        if governor is not None and governor.pos_ in ("VERB", "AUX") and not is_passive(governor):
            return subject(governor, raising, depth + 1, object_control)
    return None


def _framing_noun_or_charge(verb: Token) -> Token | None:
    """ "the union's threat to strike": the noun's owner; "X was accused of killing", "accused X of
    killing": the one accused."""
    head = verb.head
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VB" and head.pos_ == "NOUN" and _infinitive(verb):
        owner = [c for c in head.children if c.dep_ == "poss"]
        if owner:
            return owner[0]
        if head.dep_ == "dobj":  # "the navy may be looking for ways to use them": who looks
            return next((s for s in head.head.children if s.dep_ == "nsubj" and s.pos_ != "PRON"), None)
        return None
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and head.lower_ == "of" and head.head.pos_ == "VERB":
        charged = head.head
        held = children(charged, "dobj") or [p for p in (patient(charged),) if p is not None]
        return held[0] if held else None
    return None


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _controller(verb: Token, raising: frozenset[str], depth: int, object_control: frozenset[str]) -> Token | None:
    """The subject an infinitive or a second verb takes from the verb it depends on."""
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in object_control:
        controller = [o for o in children(head, "dobj") if o.i < verb.i]
        if controller:  # "urged Serbia to withdraw": the object does it
            return controller[-1]
    if is_passive(head):
        if verb.dep_ == "xcomp" and head.lemma_.lower() in raising:  # "is expected to attack"
            return patient(head)
        return None
    if verb.dep_ == "conj" and is_passive(head) != is_passive(verb):
        return None
    return subject(head, raising, depth + 1, object_control)


def core(token: Token, lex: Lexicon) -> Token:
    """The noun a phrase is about: "hundreds of soldiers" is about soldiers."""
    seen = 0
    while (lemma_of(token, lex) in lex.quantities or token.like_num or token.pos_ == "NUM") and seen < 4:
        of = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
              if p.dep_ == "pobj"]
        if not of:
            break
        token, seen = of[0], seen + 1
    return token


DASHES = frozenset({"–", "—", "-", "--", ":"})


def _dashed(modifier: Token, head: Token) -> bool:
    """Whether a dash or colon stands between a left modifier and its head: a dateline, not a name."""
    return any(t.text in DASHES for t in modifier.doc[modifier.right_edge.i + 1:head.i])


def compact(token: Token) -> tuple[int, int]:
    """Token range of the phrase a noun heads, without determiners, clauses or trailing modifiers."""
    left = token.i
    for c in token.lefts:
        if c.dep_ in ("det", "predet", "punct", "cc", "preconj", "case", "advmod") or _dashed(c, token):
            continue
        if c.dep_ == "poss" and c.pos_ == "PRON":
            continue
        left = min(left, c.left_edge.i)
    right = token.i + 1
    # a flat name continues to the right ("Kim Jong Un")
    while right < len(token.doc) and token.doc[right].head == token and token.doc[right].dep_ in (
            "flat", "compound") and token.doc[right].pos_ == "PROPN":
        right += 1
    if token.pos_ == "NOUN":  # "the village of Pogrebki": the name belongs to the phrase
        named = [p for c in token.rights if c.dep_ == "prep" and c.lower_ == "of" and c.i == right
                 for p in c.children if p.dep_ == "pobj" and p.pos_ == "PROPN"]
        if named:
            right = named[0].right_edge.i + 1
    return left, right


class Mentions:
    """Which entity each token names, from the names component or, failing it, spaCy's entities."""

    def __init__(self, doc: Doc):
        raw = doc._.cg_mentions
        types = {e.id: e.type for e in doc._.cg_entities or ()}
        if raw:
            spans = [(int(s), int(e), eid, types.get(eid, "")) for s, e, eid in raw]
        else:
            spans = [(ent.start_char, ent.end_char, None, ent.label_) for ent in doc.ents
                     if ent.label_ in MENTION_LABELS]
        self.spans = sorted(spans)
        self.by_token: dict[int, Span3] = {}
        self.labels: dict[int, str] = {}
        for start, end, eid, label in self.spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token.setdefault(t.i, (start, end, eid))
                self.labels.setdefault(t.i, label)

    def at(self, token: Token) -> Span3 | None:
        return self.by_token.get(token.i)

    def label(self, token: Token) -> str:
        """The entity type of the mention at the token ("" where none)."""
        return self.labels.get(token.i, "")

    def within(self, tokens: Iterable[Token]) -> Span3 | None:
        for t in tokens:
            if t.i in self.by_token:
                return self.by_token[t.i]
        return None

    def last_before(self, char: int, labels: Iterable[str], since: int = 0) -> Span3 | None:
        """The last mention of an entity of one of these types that ends before `char` (and after `since`)."""
        wanted = set(labels)
        found = [(s, e, eid) for s, e, eid, lab in self.spans if since <= s and e <= char and lab in wanted]
        return found[-1] if found else None


@dataclass
class Context:
    """What naming an event's roles needs from the document: the lexicon, mentions and claims."""

    lex: Lexicon
    mentions: Mentions
    claims: tuple[records.Claim, ...]
    raising: frozenset[str]
    """Verbs whose passive lends its subject to the infinitive they govern ("is expected to attack")."""
    object_control: frozenset[str] = frozenset()
    """Verbs whose object does what their infinitive says ("urged Serbia to withdraw")."""
    resolving: set[int] = field(default_factory=set)
    """Tokens whose antecedent is being looked for: "his" in "The minister, on his return, said" leads back
    to the subject whose phrase holds it, and must not be looked for again."""


def _claim_at(token: Token, claims: tuple[records.Claim, ...]) -> records.Claim | None:
    """The innermost claim whose content holds the token."""
    holding = [c for c in claims if c.content.start <= token.idx < c.content.end]
    return min(holding, key=lambda c: c.content.end - c.content.start) if holding else None


def _reporter(pronoun: Token, ctx: Context, person: bool | None) -> Token | None:
    """ "Seoul said it would supply weapons", "The company said it had laid off 200 workers": a subject
    pronoun in a reported clause stands for the subject of the verb that reports it, where that is
    no pronoun and agrees with it (a person for "he", no person for "it")."""
    clause = pronoun.head
    for _ in range(3):
        if clause.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or clause.head.i == clause.i:
            return None
        clause = clause.head
        subjects = children(clause, "nsubj")
        if subjects and subjects[0].pos_ != "PRON":
            s = subjects[0]
            if ctx.mentions.at(s) is not None:
                is_person = ctx.mentions.label(s) == "PERSON"
            else:
                is_person = lemma_of(s, ctx.lex) in ctx.lex.classes.get("persons", frozenset())
            return s if person is None or is_person == person else None
    return None


def _pronoun_antecedent(pronoun: Token, ctx: Context) -> records.Ref | None:
    """Who a pronoun stands for: the reporter of the clause it is the subject of ("it" in "X said it
    had ..."), or, inside a quoted claim, the claim's speaker ("we", "I")."""
    word = POSSESSIVE.get(pronoun.lower_, pronoun.lower_) if pronoun.dep_ == "poss" else pronoun.lower_
    claim = _claim_at(pronoun, ctx.claims)
    if word in FIRST_PERSON or word in ("i", "we"):
        if claim is not None and claim.speaker is not None and claim.quote:
            return claim.speaker
        return None
    if word not in PERSONAL:
        return None
    person = PERSONAL[word]
    holder = pronoun.head if pronoun.dep_ == "poss" else pronoun
    if holder.dep_ in ("nsubj", "nsubjpass"):
        found = _reporter(holder, ctx, person)
        if found is not None:
            return ref_of(found, ctx)
    if pronoun.dep_ == "poss" and holder.dep_ in ("dobj", "pobj") and word in ("it", "they"):
        # "Sudan expressed its willingness", "the rebels laid down their arms": the clause's own subject
        verb = holder.head if holder.dep_ == "dobj" else holder.head.head
        own = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        if own and verb.pos_ in ("VERB", "AUX"):
            return ref_of(own[0], ctx)
    if person:
        return _last_person(pronoun, ctx)
    return None


SALIENCE_SENTENCES = 2
"""How many sentences back a "he" or "she" looks for the person it stands for."""


TITLE_WINDOW = 60
"""Characters around a person's name searched for the title a description repeats ("the prime minister")."""


def _titled_person(head: Token, ctx: Context) -> records.Ref | None:
    """ "the prime minister" for "Prime Minister Boris Johnson" named before: the last person whose
    name stands next to the words of the description."""
    if lemma_of(head, ctx.lex) not in ctx.lex.titles or not any(c.lower_ == "the" for c in head.children):
        return None
    left, right = compact(head)
    words = " ".join(t.lower_ for t in head.doc[left:right])
    text = text_spans.text_of(head.doc)
    for start, end, eid, label in reversed(ctx.mentions.spans):
        if label != "PERSON" or end > head.idx:
            continue
        before = " ".join(text[max(0, start - TITLE_WINDOW):start].lower().split())
        after = " ".join(text[end:end + TITLE_WINDOW].lower().split())
        # "Chief Minister BS Yediyurappa", "Boris Johnson, the prime minister"; not "press secretary X"
        # for "the secretary"
        prefix = before[:len(before) - len(words)].split()[-1:] if before.endswith(words) else []
        if (before.endswith(words) and not (set(prefix) & ctx.lex.distinct_titles)) or after.startswith(
                (f", the {words}", f", {words}")):
            return records.Ref(eid, text[start:end])
    return None


def _sentence_subject(pronoun: Token, ctx: Context) -> Token | None:
    """The subject of the sentence's main clause, where it stands before the pronoun and is a person
    ("The governor was speaking on his return from the capital, where he had met ...")."""
    root = pronoun.sent.root
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pronoun.i and c.pos_ != "PRON"]
    if not subj:
        return None
    s = subj[0]
    if ctx.mentions.at(s) is not None:
        return s if ctx.mentions.label(s) == "PERSON" else None
    return s if lemma_of(s, ctx.lex) in ctx.lex.titles | ctx.lex.classes.get("persons", frozenset()) else None


def _last_person(pronoun: Token, ctx: Context) -> records.Ref | None:
    """ "He has denied any wrongdoing": a "he" or "she" with no reporter is the person the sentence is
    about, or else the person named last, in its sentence or the two before it."""
    main = _sentence_subject(pronoun, ctx)
    if main is not None and main.i != pronoun.i:
        return ref_of(main, ctx)
    doc = pronoun.doc
    sent = pronoun.sent
    first = sent.start
    for _ in range(SALIENCE_SENTENCES):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    found = ctx.mentions.last_before(pronoun.idx, ("PERSON",), since=doc[first].idx)
    if found is None:
        return None
    return records.Ref(found[2], text_spans.text_of(doc)[found[0]:found[1]])


def antecedent(token: Token, ctx: Context) -> records.Ref | None:
    """Who a pronoun or a description ("it", "its", "the country") stands for, or None.

    A pronoun subject of a reported clause is the reporter and a first-person pronoun in a quoted claim its
    speaker; otherwise the document's speaker resolution (`claimgraph_speakers`) decides, as it does for
    speakers: pronouns by gender, number, recency and salience, descriptions by the words and kind the text
    gave an entity ("the firm", "the militia"), "the prime minister" by the person the text so titled.
    """
    if token.i in ctx.resolving:
        return None
    ctx.resolving.add(token.i)
    try:
        return _antecedent(token, ctx)
    finally:
        ctx.resolving.discard(token.i)


def _antecedent(token: Token, ctx: Context) -> records.Ref | None:
    if token.pos_ == "PRON" or token.lower_ in POSSESSIVE:
        reporter = _pronoun_antecedent(token, ctx)
        return reporter if reporter is not None else speakers.referent(token.doc, token)
    titled = _titled_person(token, ctx)
    if titled is not None:
        return titled
    label = ctx.lex.anaphors.get(lemma_of(token, ctx.lex))
    if label and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        found = ctx.mentions.last_before(token.idx, label.split("|"))
        if found is not None:  # "the country" -> the country named last
            return records.Ref(found[2], text_spans.text_of(token.doc)[found[0]:found[1]])
    if any(c.dep_ == "det" for c in token.children) and token.pos_ == "NOUN":
        return speakers.referent(token.doc, token)  # "the firm", "the militia"
    return None


def _entity_in(part: Token, ctx: Context) -> str | None:
    mentions = ctx.mentions
    mention = mentions.at(part)
    if mention is None:  # "Khan's party, Pakistan Tehreek-e-Insaf (PTI)": the name in apposition
        appos = [c for c in part.children if c.dep_ == "appos"]
        mention = next((mentions.at(c) for c in appos if mentions.at(c) is not None), None) or \
            mentions.within(t for c in appos for t in c.subtree)
    if mention is None:  # "a Ukrainian strike", but not "the Iran-backed movement" nor "LAHORE, Pakistan – Police"
        modifiers = [t for c in part.children if c.dep_ in ("poss", "amod", "compound", "nmod", "npadvmod")
                     and lemma_of(c, ctx.lex) not in ctx.lex.not_owners and not _dashed(c, part) for t in c.subtree]
        mention = mentions.within(modifiers)
    if mention is None:
        of = [t for c in part.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
        mention = mentions.within(of)
    if mention is None:
        owner = [c for c in part.children if c.dep_ == "poss" and (c.pos_ == "PRON" or c.lower_ in POSSESSIVE)]
        if owner:  # "its forces" in "X said its forces had attacked": X's forces
            ref = antecedent(owner[0], ctx)
            return ref.entity if ref is not None else None
        return None
    return mention[2]


def ref_of(token: Token | None, ctx: Context) -> records.Ref | None:
    """The entity a phrase names (via the mention in it) and the words that name it.

    The one function that turns an actor's, target's or place's head token into a Ref: pronouns and
    descriptions go to `antecedent`.
    """
    if token is None:
        return None
    token = antecedent_of_relative(token)
    mentions = ctx.mentions
    if token.pos_ == "PRON" and mentions.at(token) is None and lemma_of(token, ctx.lex) not in ctx.lex.quantities:
        found = antecedent(token, ctx)  # ("some of these troops" is about the troops, no pronoun)
        if found is not None:  # "it" for Canada: the entity, and the words of the text
            return found if found.entity is None or token.lower_ in FIRST_PERSON else \
                records.Ref(found.entity, token.text)
        return records.Ref(None, token.text)
    head = core(token, ctx.lex)
    doc = head.doc
    coordinated = any(c.dep_ == "cc" for c in head.children)
    conjuncts = [head] + [c for c in head.conjuncts if coordinated and c.i > head.i and c.pos_ in ("PROPN", "NOUN")]
    ids = [_entity_in(part, ctx) for part in conjuncts]
    left, _ = compact(conjuncts[0])
    _, right = compact(conjuncts[-1])
    first, last = doc[left], doc[right - 1]
    text = text_spans.text_of(doc)[first.idx:last.idx + len(last)]  # doc[left:right].text, without a Span
    mention = mentions.at(head)
    if mention is not None:  # a name longer than the phrase read ("the Security Council")
        text = text_spans.text_of(doc)[min(mention[0], first.idx):max(mention[1], last.idx + len(last))]
    entity = ids[0] if len(set(ids)) == 1 else None
    if entity is None and len(conjuncts) == 1 and mention is None:
        found = antecedent(head, ctx)
        if found is not None:
            entity = found.entity
            text = text if entity else found.text
    return records.Ref(entity, text.strip())
