"""Attribution: every reported statement of a document as a draft claim (cue, content, speaker words).

The component walks the table of frames in lexicon/attribution.yaml: nlp/tree_match.py (spaCy's
DependencyMatcher patterns, matched by walking down from each candidate cue) and spaCy's Matcher find
each frame's pattern, and the code here turns the roles a match binds into spans (a
clause with its coordinated clauses split apart, a quotation beside its reporting clause, the rest
of the sentence around "according to X") and drops matches the frame's conditions cancel. Who the
speaker words name is `claimgraph_speakers`' business; `via` chains and cue-less claims are
`claimgraph_chains`'.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokSpan

from claimgraph.nlp import frames, text_spans, variants
from claimgraph.nlp.drafts import (
    Draft,
    clause_spans,
    coordinated_speakers,
    could_speak,
    covered,
    dateline_end,
    has_subject,
    node_speakers,
    overlap,
    speaker_range,
    subtree_range,
    trim,
    words,
)
from claimgraph.nlp.frames import Frame
from claimgraph.records import Ref

if not Doc.has_extension("cg_drafts"):
    Doc.set_extension("cg_drafts", default=None)

Nodes = dict[str, Token]
Range = tuple[int, int]


@dataclass
class _Match:
    """A frame's match: its nodes by role, and the rank its drafts compete with."""

    frame: Frame
    nodes: Nodes


# ---- syntax the builders share -------------------------------------------------------------------

def _statement_noun(t: Token) -> bool:
    w = words()
    return t.pos_ in {"NOUN", "PROPN"} and (t.lemma_.lower() in w["noun_stance"] or t.lower_ in w["noun_stance"]
                                            or t.lemma_.lower() in w["document_nouns"])


def _own_subject(t: Token, outside: Range | None = None) -> Token | None:
    """t's own subject, skipping a label ("Quote: '...', the minister said") and words inside a quotation.

    After a quotation the order may be inverted ('"Q," added a senior aide'), and the parser then often
    takes the speaker for the verb's object: a noun phrase right after such a reporting verb is its subject.
    """
    for c in t.children:
        if outside is not None and outside[0] <= c.idx < outside[1]:
            continue
        # 'The Department of Agriculture notes, "Q"' with "notes" a root noun: its subject read as a modifier
        misread = c.dep_ == "nmod" and t.dep_ == "ROOT" and t.pos_ == "NOUN" and c.i < t.i
        if c.dep_ in {"nsubj", "csubj"} or misread:
            if c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == ":" and c.i < t.i - 1:
                continue
            if _in_dateline(c):
                continue  # "NAIROBI, Kenya (AP) — Kenya's opposition leader rejected": the parser's second subject
            named = next((n for n in c.doc[c.i + 1:t.i] if n.head.i == t.i and n.dep_ == "nsubj"), None)
            if named is not None and c.pos_ == "NOUN" and named.pos_ == "PROPN" and named.left_edge.i == c.i + 1:
                return named  # "The charity Dementia UK said": the parser split one noun phrase in two subjects
            return c
    if outside is not None and outside[1] <= t.idx:
        return next((c for c in t.children if c.dep_ in {"dobj", "attr", "npadvmod", "dep"} and c.i == t.right_edge.i
                     or c.dep_ in {"dobj", "attr", "npadvmod", "dep"} and c.left_edge.i == t.i + 1), None)
    return None


def _speaks(t: Token) -> bool:
    """Whether a verb is one of speaking or writing ("tweeted to say P": the purpose is the statement)."""
    w = words()
    return t.pos_ == "VERB" and (t.lemma_.lower() in w["verb_stance"] or t.lemma_.lower() in w["quote_only"])


def _reports(t: Token) -> bool:
    """Whether a verb is a reporting verb of the table (not one that only introduces a quotation: "went")."""
    return t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in words()["verb_stance"]


def _names_itself(n: Token) -> bool:
    """A plural statement noun that is its own source ("reports", "rumours"): what they indicate is theirs."""
    return n.tag_ in {"NNS", "NNPS"} and n.lower_ in words()["self_naming_nouns"]


def _series_subject(t: Token) -> Token | None:
    """'Hale summed up the plan as "weak," mocked its cost and said P': the parser took the first verb of a series
    for the complement of the second, which is left with no subject; the first verb's subject did them all. Only a
    series (the second verb has a conjunct) of verbs in one tense, the first right before a comma, without "that",
    and no speaker right after the second (an inverted reporting clause)."""
    if t.tag_ not in _FINITE or not any(c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} for c in t.children):
        return None
    first = next((c for c in t.children if c.dep_ == "ccomp" and c.i < t.i and c.tag_ == t.tag_), None)
    if first is None or any(c.dep_ == "mark" for c in first.children) or first.right_edge.i >= t.i \
            or not all(x.is_punct for x in t.doc[first.right_edge.i + 1:t.i]):
        return None
    if any(c.left_edge.i == t.i + 1 and c.dep_ in {"dobj", "attr", "npadvmod"} and could_speak(c) for c in t.children):
        return None  # "The minister was wrong, said the mayor, and ...": the mayor after the verb said it
    subj = next((c for c in first.children if c.dep_ == "nsubj" and c.i < first.i), None)
    return subj if subj is not None and could_speak(subj) else None


def _climb(t: Token, v: Token) -> tuple[Token | None, Token | None]:
    """One step up from a clause without a subject of its own: (the speaker found, or where to look next)."""
    series = _series_subject(t)
    if series is not None:
        return series, None
    if t.dep_ == "acl" and t.head.pos_ in {"NOUN", "PROPN"}:
        if not _statement_noun(t.head):
            return t.head, None  # "officials, saying P"
        owner = noun_owner(t.head)
        if owner is not None:
            return owner, None
        if _names_itself(t.head):
            return t.head, None  # "we have seen reports indicating P": the reports say it, not who saw them
        up = t.head.head if t.head.dep_ in {"dobj", "pobj", "nsubjpass"} else t.head
        return None, (up.head if up.dep_ == "prep" else up)
    if t.dep_ == "pcomp" and t.head.lower_ == "as":
        obj = next((c for c in t.head.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj, None  # "quoted a diplomat as saying P": the diplomat says P
    if t.dep_ == "pcomp" and t.head.dep_ == "prep":
        # "began by saying P", "made a point of saying P": whoever does what the preposition hangs from
        up = t.head.head
        if _names_itself(up):
            return up, None  # "reports from over the weekend indicating P", the parser's "from ... indicating"
        return None, (up.head if up.pos_ in {"NOUN", "PROPN"} and up.dep_ in {"dobj", "attr"} else up)
    if t.dep_ == "advcl" and t.tag_ not in {"VBG", "VBN"} and not _speaks(t.head) \
            and t.lemma_.lower() not in words()["speaking_purposes"]:
        # "numbers to show how many": a purpose clause states nothing of the subject's, unless what it is for is
        # speaking ("stood up at the meeting to say P")
        return None, None
    if t.dep_ in {"conj", "xcomp", "advcl", "acl", "acomp"} and t.head.i != t.i:
        return None, t.head  # ... but "tweeted to say P", "is likely to stress that P" are the subject's
    if t.dep_ == "ccomp" and v.dep_ == "conj" and t is not v:
        return None, t.head  # "X said P and said Q", with the second verb hung inside P
    if t.dep_ == "relcl":
        return t.head, None
    return None, None


def subject(v: Token, outside: Range | None = None) -> Token | None:
    """The subject of v, climbing through xcomp/conj/advcl/relcl where v has none of its own; never a word
    of the character range `outside` (the quotation a reporting clause attributes).

    A statement noun is transparent: the speaker of "issued a statement saying P" is whoever issued it.
    """
    t: Token | None = v
    if v.dep_ == "conj" and _reports(v) and _own_subject(v, outside) is None and v.head.dep_ == "ccomp" \
            and _reports(v.head.head) and not _reports(v.head) and v.head.head.i < v.head.i:
        t = v.head.head  # "He said the base went into collect mode and said Q": he said both (see _clause)
    for _ in range(6):
        if t is None:
            break
        own = _own_subject(t, outside)
        if own is not None:
            if t is v and not could_speak(own) and own.pos_ != "PRON":
                # "Senator Hale, noting the size of the crowd, said P": the parser took 'size' for the subject
                lost = _phrase_before(v, outside) if v.tag_ in _FINITE else None
                if lost is not None and lost.i < own.left_edge.i:
                    return lost
            if t is not v and v.dep_ == "advcl" and v.tag_ == "VBG" and t.dep_ == "ccomp" and _reports(t.head) \
                    and ((not could_speak(own) and own.pos_ != "PRON") or _quoted_apart(own, v)):
                # "the court ruled that the map was lawful, rejecting claims that P": the parser hung the
                # participle in what was ruled; a map rejects nothing, the court does ('said, "We will rebuild,"
                # adding that P': nor does a subject inside the quotation the participle follows)
                t = t.head
                continue
            if own.tag_ not in {"WP", "WDT"} or t.dep_ != "relcl":
                return own
            if t is v or could_speak(t.head) or t.head.head.i == t.head.i:
                return own  # "officials who said": the relative pronoun, which speakers resolves to its noun
            # "reported profits that missed forecasts and warned of P": the parser hung the second verb in the
            # relative clause; profits say nothing, the one who reported them does
            t = t.head.head
            continue
        found, t = _climb(t, v)
        if found is not None:
            return found
    return _subject_the_parser_lost(v, outside)


def _quoted_apart(inside: Token, outside: Token) -> bool:
    """Whether a quotation holds the first token and not the second."""
    return any(s <= inside.idx < e and not s <= outside.idx < e for s, e, _, _ in text_spans.quotes_of(inside.doc))


_FINITE = {"VBD", "VBZ", "VBP"}
FINITE = frozenset(_FINITE | {"MD"})
"""A finite verb or a modal: what a clause of its own holds."""
NOT_MEDIA = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
"""Entity types of no name: no medium is one, and no word of a name is inside one."""


def _before_interruptions(doc: Doc, start: int, j: int) -> int:
    """The last token before the comma-bounded asides that end at token j: a relative clause, a participle
    clause or an adverb ("Hale, meanwhile, who sits on the panel, said"; "Hale, noting the crowd, said")."""
    for _ in range(3):
        k = j
        while k > start and doc[k].text != "," and j - k < 25:
            k -= 1
        if k <= start or doc[k].text != "," or k == j:
            return j
        first = doc[k + 1]
        if first.tag_ in {"WP", "WDT", "VBG", "VBN"} or all(t.dep_ == "advmod" for t in doc[k + 1:j + 1]):
            j = k - 1
            continue
        return j
    return j


def _subject_the_parser_lost(v: Token, outside: Range | None) -> Token | None:
    """The speaker of a finite reporting verb with no subject in the parse: after it where it follows its
    quotation (_inverted_subject), else the phrase that ends right before it (_phrase_before); for a participle that
    opens its sentence, the speaker of the sentence before (_continued_speaker)."""
    if v.tag_ == "VBG":
        return _continued_speaker(v)
    if v.tag_ not in _FINITE or any(c.dep_ in {"nsubj", "nsubjpass", "csubj", "expl"} and not _in_dateline(c)
                                    for c in v.children):
        return None
    if outside is not None and outside[1] <= v.idx or _after_its_clause(v):
        after = _inverted_subject(v)
        if after is not None:
            return after
    return _phrase_before(v, outside)


def _continued_speaker(v: Token) -> Token | None:
    """'The mayor said P. Adding, "Q."': a participle of continuing_participles that opens a sentence with no
    subject goes on with the subject of the reporting verb that heads the sentence before."""
    sent = v.sent
    opening = _first_word(sent)
    if opening is None or opening.i != v.i or sent.start == 0 \
            or v.lemma_.lower() not in words()["continuing_participles"]:
        return None
    root = v.doc[sent.start - 1].sent.root
    return subject(root) if _reports(root) else None


def _after_its_clause(v: Token) -> bool:
    """Whether a reporting verb follows its clause complement and a comma ("The plan is flawed, added the minister.",
    where the parser took the minister for the verb's object): an inverted reporting clause with no quotation."""
    doc = v.doc
    return v.i >= 2 and doc[v.i - 1].text == "," and _reports(v) and any(
        c.dep_ == "ccomp" and c.i < v.i and all(t.is_punct for t in doc[c.right_edge.i + 1:v.i]) for c in v.children) \
        and not any(c.dep_ == "ccomp" and c.i > v.i for c in v.children)  # "X, who chairs the board, said the pier
    # would reopen": what follows is the verb's own clause, the relative clause before it the parser's misreading


def _in_dateline(t: Token) -> bool:
    """Whether a token is in the dateline that opens its paragraph ("BOSTON, May 2 (UPI) —"): no subject."""
    end = dateline_end(t.doc, t.i)
    return end is not None and t.i < end


def _inverted_subject(v: Token) -> Token | None:
    """'"Q," said the woman, who did not want to be named': the parser took her for the relative's subject;
    the noun phrase that starts right after the verb is its speaker."""
    doc = v.doc
    return next((t for t in doc[v.i + 1:min(v.sent.end, v.i + 5)]
                 if t.left_edge.i == v.i + 1 and t.pos_ in {"NOUN", "PROPN"}), None)


def _phrase_before(v: Token, outside: Range | None) -> Token | None:
    """The noun phrase that ends right before a reporting verb, past its adverbs and the comma-bounded asides
    before it ("while touring the farms with his daughter, former governor Tom Reyes said P", where the parser
    hung the name on "daughter" as an apposition; "Senator Mark Hale, the majority whip, said P"; "Senator
    Hale, noting the size of the crowd, said P"): the longest phrase there that starts a sentence or follows
    a comma, and none inside the quotation `outside`."""
    doc, sent = v.doc, v.sent
    j = v.i - 1
    while j >= sent.start and doc[j].dep_ == "advmod" and doc[j].head.i == v.i:
        j -= 1  # "also said", "later told"
    if j >= sent.start and doc[j].text == ",":
        j -= 1
    j = _before_interruptions(doc, sent.start, j)
    best: Token | None = None
    best_start = j + 1
    for n in doc[sent.start:j + 1]:
        # a noun phrase, or one the tagger took for the verb's modifier ("the 83-year-old said")
        start = n.left_edge.i
        if start > sent.start and doc[start - 1].tag_ == "DT" and doc[start - 1].head.i == v.i:
            start -= 1  # the parser hung the determiner on the verb too
        misread = n.head.i == v.i and n.pos_ in {"ADJ", "NUM"} and doc[start].tag_ == "DT"
        right = n.right_edge.i
        if right > j and right == j + 1 and doc[right].is_punct:
            right = j  # "Senator Hale, noting P, said": the comma before the aside hangs on the name
        if (n.pos_ not in {"NOUN", "PROPN", "PRON"} and not misread) or right != j:
            continue
        if start > sent.start and doc[start - 1].text != "," and not doc[start - 1].is_quote and not all(
                t.dep_ in {"cc", "advmod", "punct"} for t in doc[sent.start:start]) \
                and dateline_end(doc, start) != start:
            # the phrase starts the sentence ("But Senator Hale ..."), or follows a comma, a quote or a dateline
            # ("BOSTON, May 2 (UPI) — Former Attorney General Hale told", the parser's subject the place)
            continue
        if outside is not None and outside[0] <= doc[start].idx < outside[1]:
            continue
        if any(t.text == ":" for t in doc[start:j + 1]):
            continue  # 'Jones: "Gallup's analysis finds P': a label before a quotation is no part of a name
        if best is None or start < best_start:
            best, best_start = n, start
    return best


def agent(v: Token) -> Token | None:
    """The 'by X' agent of a passive verb, looking inside 'in a report by X' too."""
    w = words()
    for c in v.children:
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
        if c.dep_ == "prep" and c.lower_ in {"in", "by"}:
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                if c.lower_ == "by":
                    return p
                for pp in p.children:
                    if pp.dep_ in {"prep", "agent"} and pp.lower_ in {"by", "from", "of"}:
                        found = next((x for x in pp.children if x.dep_ == "pobj"), None)
                        if found is not None:
                            return found
                if p.lemma_.lower() in w["document_nouns"] or p.lemma_.lower() in w["noun_stance"]:
                    return p
    return None


def noun_owner(n: Token) -> Token | None:
    """Who owns a statement noun: 'X's statement', 'a report by X'."""
    for c in n.children:
        if c.dep_ == "poss" or (c.dep_ == "nmod" and c.i < n.i and any(x.dep_ == "case" for x in c.children)):
            return c
    for c in n.children:
        if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from"}:
            p = next((p for p in c.children if p.dep_ == "pobj"), None)
            if p is not None:
                return p
    return None


def _owner_range(n: Token) -> Range | None:
    """The words that own a statement noun, or a plural noun naming itself ("news reports")."""
    owner = noun_owner(n)
    if owner is not None:
        return speaker_range(owner)
    w = words()
    for c in n.children:
        if c.dep_ in {"amod", "compound"} and c.i < n.i and (
                c.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} or c.pos_ == "PROPN"):
            return c.left_edge.i, c.right_edge.i + 1
        if c.dep_ == "compound" and c.i < n.i and c.lemma_.lower() in w["generic_sources"]:
            # "media allegations" -> the media; "news reports" -> the news reports themselves
            return c.left_edge.i, (n.i + 1 if c.lemma_.lower() in w["self_naming_sources"] else c.i + 1)
    if n.tag_ in {"NNS", "NNPS"} and n.lower_ in w["self_naming_nouns"]:
        return _self_named(n)
    return None


def _self_named(n: Token) -> Range:
    """A plural statement noun that names its own source, with the modifier right before it ("media reports")."""
    left = [c for c in n.children if c.dep_ in {"compound", "amod"} and c.i == n.i - 1]
    return min([n.i] + [c.i for c in left]), n.i + 1


def _is_passive(v: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass", "agent"} for c in v.children)


def _negated(v: Token) -> bool:
    """'did not say', 'never confirmed', 'Neither Moscow nor Pyongyang has acknowledged', 'No one said'."""
    negators = words()["negators"]
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in negators) for c in v.children):
        return True
    subj = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj is not None and any(t.lower_ in negators and t.dep_ in {"preconj", "det", "neg"} or
                                    (t.i == subj.i and t.lower_ in negators) for t in subj.subtree)


def is_question(sent: TokSpan, cue: Token | None = None) -> bool:
    """A sentence that ends in a question mark (inside closing quotes or brackets too) -- unless the mark
    closes a quotation that opens after the cue ('X said, "Who will pay?"' asks in the quote, not in X's clause)."""
    asks = sent.doc.user_data.setdefault("cg_questions", {})
    if sent.start not in asks:
        tail = text_spans.text_of(sent.doc)[max(sent.start_char, sent.end_char - 12):sent.end_char]
        asks[sent.start] = tail.rstrip().rstrip("”\"’')»]").rstrip().endswith("?")
    if not asks[sent.start]:
        return False
    if cue is None:
        return True
    end = sent.end_char
    return not any(cue.idx < qs and end - 2 <= qe <= end + 2 and qs >= sent.start_char
                   for qs, qe, _, _ in text_spans.quotes_of(sent.doc))


def _asked_or_supposed(cue: Token, content: Token | None) -> bool:
    """Whether the reporting clause stands in an embedded question or a condition ('asked if he believed P',
    'if officials said P') or its content is one ('who they think is the strongest'): no statement is made."""
    return _conditional(cue) or (content is not None and (
        _wh_content(cue, content) or _wh_before_cue(cue, content)))


def _conditional(cue: Token) -> bool:
    """'if officials said P': the reporting clause is a condition."""
    return any(m.dep_ == "mark" and m.lower_ in words()["conditional_marks"] for m in cue.children)


def _wh_content(cue: Token, content: Token) -> bool:
    """The content opens with a wh-word of its own ('you know what you're getting'): a question, no proposition
    ('explained how P' tells that P: "how" is no pronoun)."""
    opener = content.left_edge
    wh = opener.tag_ in {"WP", "WDT", "WP$"} and opener.lower_ != "that"  # "that" marks a clause, whatever its
    return wh and opener.i > cue.i and opener.head.i == content.i        # tag ("told them that the Greens ...")


def _wh_before_cue(cue: Token, content: Token) -> bool:
    """A wh-word of the content stands before the cue. It opens a relative clause ('the fund, which he said would
    grow': a statement) unless a verb of asking governs it ('asked ten experts who they think is strongest',
    'wondered what she believed'); where the clause hangs on no noun it is a question or a free relative ('was
    about what the public thought was important'): it names what was said, it says nothing."""
    if not any(c.tag_ in {"WP", "WDT", "WRB"} and c.i < cue.i for c in content.children):
        return False
    if cue.dep_ != "relcl" and any(c.tag_ in {"WP", "WDT"} and c.i < cue.i for c in content.children):
        return True
    return any(t.lemma_.lower() in words()["asking_verbs"] and t.pos_ in {"VERB", "AUX"}
               for t in (cue.head, cue.head.head))


def _interrupts(cue: Token, head: Token | None) -> bool:
    """Whether the reporting clause interrupts the clause it hangs from: some word of that clause comes before it
    ('The harbour, the mayor said, will reopen'); not where that clause only follows ('"The council agreed P,"
    Smith said': 'agreed' is what Smith said, not a parenthesis of it; '"Q," he said, also alluding to X')."""
    if head is None:
        return True
    start = cue.left_edge.i
    return any(t.i < start and not (t.is_punct or t.is_space) for t in head.subtree)


def _complement(noun: Token, c: Token) -> bool:
    """Whether a clause under a statement noun is its complement ("a report that P"), not a relative
    clause about it ("a report that was published", "remarks by X, who stated ...")."""
    marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ == "that"]
    relative = [m for m in c.children if m.tag_ in {"WDT", "WP"} or (
        m.lower_ == "that" and m.dep_ in {"nsubj", "dobj", "nsubjpass", "pobj"})]
    if marks:
        return True
    if c.dep_ == "acl" and not relative and has_subject(c):
        return True
    if c.dep_ == "relcl" and not relative and has_subject(c):
        return True
    # spaCy often parses "a report that P" with 'that' as subject of a relative clause: a complement
    # when P has a subject of its own after 'that'
    return bool(c.dep_ == "relcl" and relative and relative[0].i == c.left_edge.i and relative[0].lower_ == "that"
                and any(x.dep_ in {"nsubj", "nsubjpass", "csubj"} and x.i > relative[0].i for x in c.children))


def _propositional(t: Token) -> bool:
    """Whether a phrase states an event or a state of affairs: a gerund or a noun with a verb of its own
    ("guards beating inmates", "soldiers deserting their posts"), not a thing ("abuse at the jail")."""
    after = t.right_edge.i + 1
    if after < len(t.doc) and t.doc[after].tag_ in {"VBG", "VBN"}:
        return True  # "reports of soldiers deserting their posts", the participle hung on "reports"
    return t.tag_ == "VBG" or any(c.dep_ in {"acl", "relcl", "ccomp"} and c.pos_ in {"VERB", "AUX"} for c in t.children)


def _joint_before(cue: Token) -> bool:
    """Whether a comma, closing quote or dash opens the reporting clause (its own first token, or the one before); an
    opening quote opens a quotation, whose first clause is no tail ('said: "Ministers promised P"')."""
    joints = words()["clause_joints"]
    left = cue.left_edge
    return any(t.text in joints and t.tag_ != "``" for t in ([left, cue.doc[left.i - 1]] if left.i > 0 else [left]))


def _speaker_closes(cue: Token, speaker: Token) -> bool:
    """Whether the speaker's phrase starts right after the cue and the cue has nothing after it but that phrase, when
    or through what it was said, and punctuation: an inverted reporting clause ("P, insisted the mayor on Monday."),
    not a verb of a series with its object ("He missed the vote, warned investors of a loss and cut jobs", the next
    verb of the series hung in the object)."""
    return speaker.left_edge.i == cue.i + 1 and not any(
        t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"} for t in speaker.subtree) and all(
        c.i == speaker.i or c.is_punct or (c.dep_ == "prep" and _of_the_saying(c)) or c.dep_ == "npadvmod"
        and c.ent_type_ in {"DATE", "TIME"} for c in cue.rights)


def _joint_after(cue: Token) -> bool:
    """Whether a comma, quote or dash closes the reporting clause."""
    joints = words()["clause_joints"]
    right = cue.right_edge
    return right.text in joints or (right.i + 1 < len(cue.doc) and cue.doc[right.i + 1].text in joints)


# ---- conditions that cancel a match ------------------------------------------------------------

def _cancelled(frame: Frame, nodes: Nodes) -> bool:
    cue = nodes["cue"]
    content = nodes.get("content")
    w = words()
    checks: dict[str, Callable[[], bool]] = {
        "negated": lambda: _negated(cue) and _stance(frame, cue) != "disputed",
        "question": lambda: is_question(cue.sent, cue) or _asked_or_supposed(cue, content),
        "not_interrupting": lambda: not _interrupts(cue, nodes.get("head")),
        # 'said whether P', 'asked if P': the mark opens the content; "that few if any firms use it" is a statement
        "conditional": lambda: content is not None and any(
            m.dep_ == "mark" and m.lower_ in w["conditional_marks"] and m.i == content.left_edge.i
            for m in content.children),
        "agent": lambda: agent(cue) is not None,
        "no_agent": lambda: agent(cue) is None,
        "no_agent_impersonal": lambda: _is_passive(cue) and agent(cue) is None
        and cue.lemma_.lower() in w["passive_evidential"],
        "content_is_statement": lambda: content is not None and _statement_noun(content)
        and content.lemma_.lower() not in w["document_nouns"],
        "not_complement": lambda: content is not None and not _complement(content.head, content),
        "not_after_comma": lambda: not _joint_before(cue),
        "not_root": lambda: not (cue.head.dep_ == "ROOT" or (cue.head.dep_ == "conj" and cue.head.head.dep_ == "ROOT")),
        "before_cue": lambda: content is not None and content.i < cue.i,
        "cue_before_head": lambda: "head" in nodes and cue.i < nodes["head"].i,
        "head_before_cue": lambda: "head" in nodes and nodes["head"].i < cue.i,
        "not_before_comma": lambda: not _joint_after(cue),
        "clause_beside": lambda: any(c.dep_ == "ccomp" for c in cue.children),
        "content_is_tail": lambda: content is not None and content.i > cue.i and _reports(content) and has_subject(
            content) and _joint_before(content) and not any(c.dep_ == "mark" for c in content.children),
        "predicate_after_comma": lambda: "predicate" in nodes and nodes["predicate"].left_edge.i > 0 and cue.doc[
            nodes["predicate"].left_edge.i - 1].text == ",",
        "inside_report": lambda: cue.dep_ == "ccomp" and _reports(cue.head) and not any(
            c.dep_ == "ccomp" for c in cue.children),
        "object_is_agent": lambda: content is not None and (
            content.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or content.pos_ == "PRON"),
        "participle_modifier": lambda: cue.dep_ in {"acl", "amod"} and cue.tag_ == "VBN",
        "infinitive": lambda: any(c.tag_ == "TO" for c in cue.children),
        "impersonal": lambda: _impersonal(cue),
        "summary_appositive": lambda: content is not None and content.i < cue.i and _summary_lead(cue) is not None,
        "after_semicolon": lambda: content is not None and content.i < cue.i and any(
            t.text == ";" for t in cue.doc[content.right_edge.i + 1:cue.i]),
        "to_come": lambda: any(c.tag_ == "TO" for c in cue.children) and (
            cue.head.pos_ == "NOUN" or cue.head.lemma_.lower() in w["intention_heads"]) and not (
            _performative(cue.head) and not has_subject(cue)),
        "marked_complement": lambda: cue.dep_ == "ccomp" and any(
            c.dep_ == "mark" and c.lower_ in w["content_marks"] for c in cue.children),
        "reflexive_subject": lambda: content is not None and any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in w["reflexive_pronouns"] for c in content.children),
        "passive_no_agent": lambda: _is_passive(cue) and agent(cue) is None,
        "speaker_not_closing": lambda: "speaker" in nodes and not _speaker_closes(cue, nodes["speaker"]),
        "predicate_has_subject": lambda: "predicate" in nodes and has_subject(nodes["predicate"]),
        # 'states that few if any firms use it': words of the clause's own between "that" and the clause, and no verb
        # ("said that because she was angry": the pronoun "that" and an adverbial clause of the saying)
        "detached_from_that": lambda: "that" in nodes and content is not None and (
            nodes["that"].i < cue.i or content.left_edge.i <= nodes["that"].i + 1 or any(
                t.pos_ in {"VERB", "AUX"} for t in cue.doc[nodes["that"].i + 1:content.left_edge.i])),
        "withheld": lambda: any(c.dep_ == "dative" for c in cue.children) or (
            _is_passive(cue) and any(c.dep_ == "dobj" for c in cue.children)),
        "future": lambda: any(c.dep_ == "aux" and c.lower_ in w["future_auxiliaries"] for c in cue.children) or (
            cue.tag_ in {"VBZ", "VBP"} and any(_names_time_to_come(c) for c in cue.children)),
        "concern_noun": lambda: cue.lower_ in w["noun_not_claims"] or cue.lemma_.lower() in w["noun_not_claims"],
        "not_propositional": lambda: content is not None and not _propositional(content),
        "reason_not_propositional": lambda: "predicate" in nodes and not any(
            _propositional(p) for p in nodes["predicate"].children if p.dep_ in {"pobj", "pcomp"}),
    }
    return any(checks[c]() for c in frame.unless)


def _summary_lead(cue: Token) -> Token | None:
    """'P, a move analysts said could hurt growth': the noun that sums up the clause before, opening the apposition
    whose relative clause the reporting verb heads (an indefinite article, a noun of reporting.yaml summary_nouns, then
    the relative clause's own subject, no verb between the comma and the cue); None where there is none."""
    doc = cue.doc
    comma = next((t.i for t in reversed(doc[cue.sent.start:cue.i]) if t.text == ","), None)
    if comma is None:
        return None
    between = doc[comma + 1:cue.i]
    if not between or between[0].lower_ not in {"a", "an"} or any(t.pos_ in {"VERB", "AUX"} for t in between):
        return None
    lead = next((t for t in between if t.pos_ == "NOUN"), None)
    if lead is None or lead.lemma_.lower() not in words()["summary_nouns"]:
        return None
    return lead if any(t.pos_ in {"NOUN", "PROPN", "PRON"} for t in doc[lead.i + 1:cue.i]) else None


def _impersonal(cue: Token) -> bool:
    """'It is hard to believe that P', 'it is important to note that P': an infinitive reporting verb after an
    adjective that judges the saying (reporting.yaml impersonal_adjectives), hung on the adjective or beside it on
    the copula; no one says it."""
    if not any(c.tag_ == "TO" for c in cue.children):
        return False
    head = cue.head
    adjectives = [head] if head.pos_ == "ADJ" else [c for c in head.children if c.dep_ in {"acomp", "attr"}]
    return any(a.lemma_.lower() in words()["impersonal_adjectives"] for a in adjectives)


def _names_time_to_come(t: Token) -> bool:
    """Whether a modifier of a verb names a time to come ("next week", "tomorrow", "in the coming days")."""
    return t.dep_ in {"npadvmod", "advmod", "prep", "nmod", "tmod"} and t.ent_type_ in {"DATE", "TIME", ""} \
        and any(x.lower_ in words()["future_time_words"] for x in t.subtree)


def _performative(head: Token) -> bool:
    """'I would like to note that P', 'we want to stress that P': said in the first person, the wish to say is
    the saying."""
    return any(c.dep_ == "nsubj" and c.lower_ in words()["performative_subjects"] for c in head.children)


def _stance(frame: Frame, cue: Token) -> str:
    w = words()
    if frame.stance == "cue":
        return str(w["verb_stance"].get(cue.lemma_.lower()) or w["noun_stance"].get(cue.lower_)
                   or w["noun_stance"].get(cue.lemma_.lower()) or w["verb_stance"].get(
                       frames.verb_forms().get(cue.lower_, ""), "asserted"))
    if frame.stance == "adverb":
        return str(w["evidential_adverbs"].get(cue.lower_, "asserted"))
    return frame.stance


# ---- building the roles --------------------------------------------------------------------------

def _speakers(frame: Frame, nodes: Nodes, outside: Range | None = None) -> list[Range | None]:
    cue = nodes["cue"]
    if frame.speaker == "none":
        return [None]
    if frame.speaker == "node":
        return list(node_speakers(nodes["speaker"]))
    if frame.speaker == "owner":
        return [_owner_range(cue)]
    if frame.speaker == "agent" or _is_passive(cue):
        a = agent(cue)
        return [speaker_range(a) if a is not None else None]
    subj = subject(cue, outside)
    return list(coordinated_speakers(subj)) if subj is not None else [None]


def _asks(t: Token) -> bool:
    """Whether a conjoined verb's own words end in a question ('... and asked, "Who will pay?"')."""
    doc = t.doc
    end = t.right_edge.i + 1
    tail = [x for x in doc[max(t.i, end - 2):min(len(doc), end + 2)] if not x.is_space]
    return any(x.text == "?" for x in tail)


def _clause(doc: Doc, cue: Token, content: Token) -> list[Range]:
    if content.i < cue.i and any(c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WP", "WDT"}
                                 for c in content.children):
        return []  # "Hale, who sits on the panel, said P": a relative clause hung on the verb states nothing
    earlier = [o for o in cue.children if o.dep_ == "ccomp" and o.i < content.i]
    if earlier and _reports(content) and has_subject(content) and any(
            doc[k].dep_ == "cc" for k in range(earlier[-1].i, content.left_edge.i)):
        return []  # "Most said P, and a third said the same": the parser hung a statement of its own on the cue
    spans = clause_spans(content)
    if spans and _reporting_relative(cue) and spans[0][0] < cue.i < spans[0][1]:
        spans[0] = (cue.i + 1, spans[0][1])  # "which traders said would ease costs": what follows the cue
    for head, c in _conjuncts_at_the_end(content):
        # "said P and asked, 'Q?'": the question is no part of P; nor is a statement of its own the parser hung
        # on P ("said the base went into collect mode and said Q", "said X is honest, and most said the same"),
        # nor what the speaker did beside ("said the result showed that voters wanted P and called for calm")
        if c.pos_ == "VERB" and spans and c.i > head.i and (
                (not has_subject(c) and (_asks(c) or _speakers_own(head, c))) or (head is content and _reports(
                    c) and not _reports(content) and any(x.dep_ in {"ccomp", "parataxis"} for x in c.children))):
            cut = c.left_edge.i
            while cut > spans[0][0] and doc[cut - 1].dep_ in {"cc", "punct"}:
                cut -= 1
            spans = [(s, min(e, cut)) for s, e in spans if s < cut]
    spans = [(s, _without_attributing_tail(doc, s, e)) for s, e in spans]
    spans = [(s, e) for s, e in ((s, _trim_joints(doc, s, e)) for s, e in spans) if e > s]
    if spans and _fronted_root(cue.sent):
        spans = [(s, _before_main_clause(doc, s, e)) for s, e in spans]
    mark = next((m for m in content.children if m.dep_ == "mark" and m.lower_ in words()["content_marks"]), None)
    # the parser may hang part of the clause elsewhere: start right after "that" when one follows the cue
    that = next((t for t in doc[cue.i + 1:spans[0][0]] if t.lower_ == "that"), None) if (
        spans and content.i > cue.i) else None
    if spans and mark is not None and spans[0][0] <= mark.i < spans[0][1] and not (
            that is not None and that.tag_ == "IN" and mark.lower_ in words()["conditional_marks"]):
        spans[0] = (mark.i + 1, spans[0][1])  # "reported, citing two officials, that P": P starts after "that"
    elif spans and doc[spans[0][0]].lower_ == "that" and doc[spans[0][0]].dep_ == "advmod" \
            and doc[spans[0][0]].head.i == content.i and spans[0][0] + 1 < spans[0][1]:
        spans[0] = (spans[0][0] + 1, spans[0][1])  # "said for the first time that P": "that" read as an adverb of P
    elif that is not None and that.i + 1 < spans[0][0]:
        # "states that few if any firms use it": the complementiser before the clause opens it, not its "if"
        spans[0] = (that.i + 1, spans[0][1])
    return spans


def _first_word(sent: TokSpan) -> Token | None:
    """A sentence's first token that is neither punctuation nor white space."""
    return next((t for t in sent if not (t.is_punct or t.is_space)), None)


def _fronted_root(sent: TokSpan) -> bool:
    """Whether the parser made an adverbial clause that opens the sentence its root ("When the mayor cut the budget
    by suggesting P, few noticed": "cut" the root, "When" its advmod): the main clause hangs inside it."""
    first = _first_word(sent)
    return first is not None and first.head.i == sent.root.i and first.dep_ in {"mark", "advmod"} \
        and first.lower_ in words()["fronting_subordinators"]


def _before_main_clause(doc: Doc, s: int, e: int) -> int:
    """The end of a content inside a fronted adverbial clause: before the last comma with a verb after it."""
    comma = next((t.i for t in reversed(doc[s:e]) if t.text == ","), None)
    if comma is None or not any(t.pos_ in {"VERB", "AUX"} for t in doc[comma + 1:e]):
        return e
    return comma


def _conjuncts_at_the_end(content: Token) -> list[tuple[Token, Token]]:
    """(clause head, conjunct) for the conjuncts of the reported clause and of the clauses it reports in turn
    ("said the result showed that voters wanted P and called for calm": "called" hangs on "wanted")."""
    out: list[tuple[Token, Token]] = []
    head: Token | None = content
    while head is not None:
        out.extend((head, c) for c in head.children if c.dep_ == "conj")
        head = next((c for c in reversed(list(head.children)) if c.dep_ == "ccomp" and c.i > head.i), None)
    return out


def _speakers_own(content: Token, conjunct: Token) -> bool:
    """Whether a conjunct with no subject of its own is what the speaker did, not what the reported clause's subject
    did: its verb does not agree with that subject ("say a trial is needed and are seeking funding"), or it is an act
    of speaking that subject could not do ("said supplies were limited and urged donors to act")."""
    subject = next((x for x in content.children if x.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None:
        return False
    finite = next((x for x in conjunct.children if x.dep_ in {"aux", "auxpass"} and x.i < conjunct.i), conjunct)
    if (subject.tag_ in {"NN", "NNP"} and finite.tag_ == "VBP") or (
            subject.tag_ in {"NNS", "NNPS"} and finite.tag_ == "VBZ"):
        return True
    agent = any(could_speak(t) for t in subject.subtree if t.dep_ not in {"det", "punct"})
    return conjunct.lemma_.lower() in words()["speaker_acts"] and not agent


def _without_attributing_tail(doc: Doc, s: int, e: int) -> int:
    """The end of a reported clause before an attributing phrase that closes it ("found that P, according to a
    study"): the phrase attributes the whole sentence, it is no part of what was found."""
    for t in doc[s:e]:
        if t.lower_ in words()["attributing_preps"] and t.dep_ == "prep" and t.right_edge.i + 1 >= e and t.i > s:
            return t.left_edge.i
        if (_reporting_relative(t) or _answering_noun(t)) and t.right_edge.i + 1 >= e and t.left_edge.i > s \
                and doc[t.left_edge.i - 1].text == ",":
            # "could cut rates, which traders said would ease costs": the traders' words; "had bombed the market,
            # an accusation the army denies": the army's answer
            return t.left_edge.i
    return e


def _answering_noun(t: Token) -> bool:
    """Whether t is a statement noun in apposition whose relative clause says what became of the statement: it
    reports with a subject of its own ("an accusation the army denies", "a claim the ministry rejected") or tells
    that it could not be checked ("a claim that could not be independently verified")."""
    if t.dep_ != "appos" or t.lemma_.lower() not in words()["noun_stance"]:
        return False
    checking = words()["checking_verbs"]
    if any(c.dep_ in {"relcl", "acl"} and (_reports_with_own_subject(c) or c.lemma_.lower() in checking)
           for c in t.children):
        return True
    # "a charge the state rejects" with "rejects" tagged a plural noun in apposition to "charge": a reporting verb's
    # form after a noun of its own, closing the apposition
    last = t.right_edge
    return last.i > t.i + 1 and last.lower_ in frames.verb_forms() and last.pos_ == "NOUN" and last.head.i == t.i \
        and last.dep_ == "appos" and any(x.pos_ in {"NOUN", "PROPN"} for x in t.doc[t.i + 1:last.i])


def _reporting_relative(t: Token) -> bool:
    """Whether t is a relative clause whose reporting verb has a subject of its own and reports what the relative
    pronoun stands for ("which traders said would ease costs", "which analysts expect to last")."""
    return t.dep_ == "relcl" and t.left_edge.tag_ in {"WDT", "WP"} and _reports_with_own_subject(t)


def _reports_with_own_subject(v: Token) -> bool:
    """Whether a relative clause's verb reports and has a subject of its own, not the relative pronoun ("the
    army" of "an accusation the army denies", "traders" of "which traders said")."""
    return _reports(v) and any(c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ not in {"WDT", "WP"} for c in v.children)


def _trim_joints(doc: Doc, s: int, e: int) -> int:
    """The end of a clause without the conjunction and punctuation the parser left hanging on it ('P, and')."""
    while e > s and doc[e - 1].dep_ in {"cc", "punct"} and not doc[e - 1].is_quote and doc[e - 1].text not in ")]":
        e -= 1
    return e


def _object(doc: Doc, content: Token) -> list[Range]:
    s, e = subtree_range(content)
    channel = words()["channel_nouns"]
    for c in content.children:  # "denied the charge in a radio interview": the speaker's channel is no content
        if c.dep_ == "prep" and c.lower_ in words()["channel_preps"] and c.i > content.i \
                and any(p.lemma_.lower() in channel for p in c.children):
            e = min(e, c.left_edge.i)
    # "reports of two guards having been wounded in a raid": the parser often hangs the participle
    # elsewhere; it belongs to the content
    if content.dep_ in {"pobj", "pcomp"} and e < len(doc) and doc[e].tag_ in {"VBG", "VBN"}:
        v = doc[e] if doc[e].lower_ not in words()["participle_auxiliaries"] else doc[e].head
        if v.i >= e:
            e = max(e, v.right_edge.i + 1)
    if content.dep_ in {"pobj", "pcomp"} and content.head.dep_ == "prep" and content.head.head.pos_ == "VERB":
        # "warned of weak demand through the winter": a phrase the parser hung on the verb right after
        # its object is the object's; not the saying's time or channel ("on Monday", "in a statement")
        for c in sorted(content.head.head.children, key=lambda x: x.i):
            if c.dep_ == "prep" and c.left_edge.i == e and not _of_the_saying(c):
                e = c.right_edge.i + 1
    return [(s, e)]


def _of_the_saying(prep: Token) -> bool:
    """Whether a prepositional phrase on a reporting verb tells when or through what it was said."""
    w = words()
    objects = [p for p in prep.children if p.dep_ == "pobj"]
    if prep.lower_ in w["channel_preps"] and any(p.lemma_.lower() in w["channel_nouns"] for p in objects):
        return True
    return prep.lower_ in w["saying_time_preps"] and any(p.ent_type_ in {"DATE", "TIME"} for p in objects)


def _sentence_around(doc: Doc, frame: Frame, nodes: Nodes) -> list[Range]:
    """The sentence without the cue phrase: the longer side of it (according to), or all of it."""
    cue = nodes["cue"]
    sent = cue.sent
    if frame.kind != "according":
        return [(sent.start, sent.end)]
    phrase = [cue.i, _source_phrase_end(nodes["to"])]
    after = phrase[1] + 1 if phrase[1] < sent.end and doc[phrase[1]].text == "," else phrase[1]
    if after < sent.end and doc[after].lower_ in frames.classes()["citing_words"]:
        phrase[1] = doc[after].right_edge.i + 1  # "According to Yonhap, citing a source, P"
    sides = [(sent.start, phrase[0]), (phrase[1], sent.end)]
    head = cue.head
    # the side holding the clause the phrase hangs from ("P, according to X, though Y says Q" is X's P);
    # where the parser hung it elsewhere, the longer side
    held = [r for r in sides if r[0] <= head.i < r[1]] if head.pos_ in {"VERB", "AUX"} else []
    root = sent.root
    if held and _reports(head) and has_subject(head) and head.dep_ == "conj" and not held[0][0] <= root.i < held[0][1]:
        # "P, according to figures, well below the level experts say is needed": the parser hung the phrase on
        # another speaker's verb, which it made a conjunct of P's; the phrase attributes the sentence's main clause
        held = [r for r in sides if r[0] <= root.i < r[1]]
    side = held[0] if held else max(sides, key=lambda r: len(doc[r[0]:r[1]].text))
    if head.pos_ in {"VERB", "AUX"} and side[0] <= head.i < side[1]:
        # "According to X, A and that B": one claim per coordinated clause (dev rule 1)
        split = [(max(s, side[0]), min(e, side[1])) for s, e in clause_spans(head, exclude=(phrase[0], phrase[1]))]
        if len(split) > 1:
            return [r for r in split if r[1] > r[0]]
    return [side]


def _source_phrase_end(to: Token) -> int:
    """Where 'according to X' ends: after X's words, or, where the parser hung the sentence's clause inside X's
    relative clause ("According to one agent, who asked not to be named, 14 ships have left"), at the comma that
    closes that relative clause."""
    end = to.right_edge.i + 1
    doc = to.doc
    for source in (c for c in to.children if c.dep_ == "pobj"):
        for rel in (c for c in source.children if c.dep_ == "relcl" and c.i > source.i):
            for c in rel.children:
                if c.dep_ in {"ccomp", "conj"} and c.left_edge.i > rel.i and doc[c.left_edge.i - 1].text == ",":
                    end = min(end, c.left_edge.i - 1)
    # "According to the agent, who said the ships had left, P" with the relative clause hung elsewhere than on its
    # source: the phrase ends at the comma that closes that clause
    if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].tag_ in {"WP", "WDT"} \
            and doc[end + 1].dep_ in {"nsubj", "nsubjpass"}:
        verb = doc[end + 1].head
        close = verb.right_edge.i + 1
        if verb.i > end + 1 and not verb.is_ancestor(to) and verb is not to.sent.root and close < to.sent.end \
                and doc[close].text == ",":
            end = close
    return end


def _main_clause(doc: Doc, cue: Token) -> list[Range]:
    """'As X stated, P': the clause the comment clause hangs from."""
    h = cue.head if cue.head.pos_ in {"VERB", "AUX"} else cue.sent.root
    rest = (cue.right_edge.i + 1, cue.sent.end)
    if h.pos_ not in {"VERB", "AUX"} and cue.left_edge.i == cue.sent.start and any(
            t.pos_ in {"VERB", "AUX"} for t in doc[rest[0]:rest[1]]):
        return [rest]  # "As stated by X, P" parsed with no verb at the root: P is what follows
    if h.pos_ in {"VERB", "AUX"} and h is not cue:
        return clause_spans(h, exclude=subtree_range(cue))
    return []


def _previous_sentence(doc: Doc, cue: Token) -> list[Range]:
    start = cue.sent.start
    if start == 0:
        return []
    prev = doc[start - 1].sent
    return [(prev.start, prev.end)]


def _contents(doc: Doc, frame: Frame, nodes: Nodes) -> list[Range]:
    cue = nodes["cue"]
    how = frame.content
    if how == "clause":
        return _clause(doc, cue, nodes["content"])
    if how == "object":
        return _object(doc, nodes["content"])
    if how == "predicative":
        obj, pred = nodes["object"], nodes["predicate"]
        if pred.i <= obj.i or not (pred.head in (cue, obj) or obj.left_edge.i <= pred.i <= obj.right_edge.i):
            return []
        end = pred.right_edge.i + 1
        # "which the rebels call the gateway to the capital": the parser hung the predicate's own complement on the
        # verb, right after the predicate
        end = next((p.right_edge.i + 1 for p in cue.children if p.dep_ == "prep" and p.i == end
                    and p.lower_ in words()["predicate_complement_preps"] and pred.pos_ == "NOUN"), end)
        if "open" in nodes:
            if nodes["open"].i != obj.i + 1:
                return []  # the predicate's quotation opens right after the object, or it is no predicate of it
            end = next((t.i + 1 for t in doc[nodes["open"].i + 1:end] if t.tag_ == "''"), end)  # and ends there
        start = min(obj.left_edge.i, pred.left_edge.i) if obj.head == pred else obj.left_edge.i
        return [(start, _without_attributing_tail(doc, start, end))]
    if how == "sentence":
        return _sentence_around(doc, frame, nodes)
    if how == "main_clause":
        return _main_clause(doc, cue)
    if how == "clause_before":
        head = nodes["head"]
        return [(head.left_edge.i, cue.left_edge.i)] if cue.left_edge.i - head.left_edge.i >= 3 else []
    if how == "clause_around":
        head = nodes["head"]
        return [(head.left_edge.i, head.right_edge.i + 1)]
    if how == "previous_sentence":
        return _previous_sentence(doc, cue)
    return []


def _earlier(cue: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in words()["earlier_adverbs"] for c in cue.children)


def _drafts_of(doc: Doc, m: _Match) -> list[Draft]:
    frame, nodes = m.frame, m.nodes
    cue = nodes["cue"]
    text = text_spans.text_of(doc)
    if frame.kind == "according":
        cue_span = (cue.idx, nodes["to"].idx + len(nodes["to"].text))
    else:
        cue_span = (cue.idx, cue.idx + len(cue.text))
    speakers = _speakers(frame, nodes)
    if frame.speaker == "owner" and speakers[0] is not None and cue.tag_ in {"NNS", "NNPS"} \
            and speakers[0] == _self_named(cue):
        cue_span = (cue.doc[speakers[0][0]].idx, cue_span[1])  # "Western media reports": the cue is all of it
    if frame.speaker == "owner" and speakers == [None]:
        return []
    out = []
    stance = _stance(frame, cue)
    quoted = _quotation_around(doc, cue.idx)
    if quoted is not None and not any(c.dep_ in {"nsubj", "nsubjpass"} and quoted[0] <= c.idx < quoted[1]
                                      for c in cue.children):
        quoted = None  # 'Thirty percent "strongly agree" that P': the quotation holds the cue, not a clause of its own
    for rng in _contents(doc, frame, nodes):
        span = trim(doc, *rng)
        if span is None or text[span[0]:span[1]].rstrip().endswith("?"):
            continue
        if quoted is not None and not (quoted[0] <= span[0] and span[1] <= quoted[1]):
            # a quoted reporting clause with its subject reports words of that quotation, not the text around it
            inside = doc.char_span(max(span[0], quoted[0]), min(span[1], quoted[1]), alignment_mode="contract") \
                if span[0] < quoted[1] and quoted[0] < span[1] else None
            span = trim(doc, inside.start, inside.end) if inside is not None and len(inside) else None
            if span is None:
                continue
        if frame.kind == "according" and span[1] - span[0] < 12:
            continue
        for sp in speakers:
            out.append(Draft(content=span, cue=cue_span, stance=stance, kind=frame.kind, frame=frame.name,
                             speaker=sp, anchor=cue_span[0], earlier=_earlier(cue), cue_lemma=cue.lemma_.lower()))
    return out


# ---- quotations ----------------------------------------------------------------------------------

def _quotation_around(doc: Doc, at: int) -> Range | None:
    """The quotation (marks included) whose words hold the character `at`, or None. Only a quotation whose marks
    face its words counts: straight marks paired across two quotations ('... early." After the match, he said, "')
    open on a space and close after one."""
    text = text_spans.text_of(doc)
    return next(((qs, qe) for qs, qe, opening, closing in text_spans.quotes_of(doc)
                 if qs + opening <= at < qe - closing and not text[qs + opening].isspace()
                 and not (closing and text[qe - closing - 1].isspace())), None)


def _quote_cue(doc: Doc, text: str, qs: int, qe: int, cues: dict[str, dict[int, Frame]]) -> tuple[Token, Frame] | None:
    """The reporting verb of a quotation: right after it in its sentence, or before it after a colon."""
    opener = doc.char_span(qs, qs + 1, alignment_mode="expand")
    sent_start = opener.sent.start_char if opener is not None else qs
    opens = not text[sent_start:qs].strip()
    if opens or re.search(r"[:,]\s*$", text[sent_start:qs]):
        # after the closing mark: ', X said' / 'X told reporters' -- only for a quote that opens its
        # sentence (a partial quote inside a paraphrase is the paraphrase's business), or one set off by a colon
        # or comma after narration whose clause the verb reports ('conceded defeat: "We lost," she said')
        after = doc.char_span(qe, min(len(text), qe + 240), alignment_mode="expand")
        for t in (after or [])[:30]:
            if t.text in {".", "!", "?"} or "\n" in t.text:
                break
            if t.idx >= qe and t.i in cues["after"] and (opens or _reports_quoted_clause(t, qs, qe)):
                return t, cues["after"][t.i]
    closes = re.match(r"\s*(?:[.!?](?:\s|$)|$|\n)", text[qe:qe + 4]) is not None or text[qe - 2:qe - 1] in ".!?"
    colon = _colon_before(doc, text, qs, cues["colon"])
    if colon is not None:
        return colon
    if not (closes or _clause_after(doc, text, qe)) or opener is None:
        return None
    start = opener[0].i
    if start == opener.sent.start and re.search(r":\s*\n\s*$", text[max(0, qs - 8):qs]):
        # 'X tweeted: (paragraph break) "Q"': the quotation set off below the clause that introduces it
        start = next(t.i for t in reversed(doc[:start]) if t.text == ":")
    if re.search(r"[:,]\s*$", text[max(0, qs - 3):qs]):
        for t in reversed(list(doc[doc[start].sent.start:start])):  # back to the sentence's start
            if t.idx < qs - 240 or "\n" in t.text:
                break
            if t.lower_ == "that" and t.i + 1 < len(doc) and doc[t.i + 1].text == ",":
                return None  # 'told the court that, over the years, "Q"': the quotation is inside the that-clause
            if t.i in cues["before"]:
                return t, cues["before"][t.i]
    elif opener[0].i > opener.sent.start and opener[0].i - 1 in cues["before"]:
        verb = doc[opener[0].i - 1]  # 'X said "Q. R."' with no comma: the quotation is what the verb says
        return verb, cues["before"][verb.i]
    return None


def _reports_quoted_clause(verb: Token, qs: int, qe: int) -> bool:
    """Whether a reporting verb after a quotation set off from narration reports the quotation: the clause it reports
    lies inside the quotation, and a colon or a main clause of the narration's own comes before it ('conceded defeat:
    "Q," she said', 'the minister weighed in, telling a station, "Q," she said'; not 'In the end, "Q," she said')."""
    if not any(c.dep_ == "ccomp" and qs <= c.idx < qe for c in verb.children):
        return False
    before = [t for t in verb.sent if t.idx < qs]
    if before and before[-1].text == ":":
        return True
    return any(t.pos_ in {"VERB", "AUX"} and has_subject(t) and not any(c.dep_ == "mark" for c in t.children)
               for t in before)


def _clause_after(doc: Doc, text: str, qe: int) -> bool:
    """Whether a comma and a clause of the reporting verb's own follow a quotation: the quotation ends what the verb
    reports ('notes, "Q", highlighting P'; 'said, "Q," adding that P'; 'reads "Q", but P')."""
    if not (text[qe - 2:qe - 1] == "," or text[qe:qe + 1] == ","):
        return False
    after = doc.char_span(qe, min(len(text), qe + 40), alignment_mode="expand")
    nxt = next((t for t in after or () if not t.is_punct and not t.is_space), None)
    return nxt is not None and (nxt.pos_ == "CCONJ" or (nxt.tag_ == "VBG" and nxt.dep_ in {"advcl", "xcomp", "conj"}))


def _colon_before(doc: Doc, text: str, qs: int, colons: dict[int, Frame]) -> tuple[Token, Frame] | None:
    """'Mayor Ada Kerr: "Q"': a colon right before the quotation, after a noun phrase with no verb."""
    m = re.search(r":\s*$", text[max(0, qs - 4):qs])
    if m is None:
        return None
    span = doc.char_span(max(0, qs - 4) + m.start(), max(0, qs - 4) + m.start() + 1, alignment_mode="expand")
    if span is None or span[0].i not in colons:
        return None
    colon = span[0]
    before = [t for t in doc[colon.sent.start:colon.i] if not t.is_space]
    if not before or any(t.pos_ in {"VERB", "AUX"} for t in before) or not could_speak(before[-1]):
        return None
    return colon, colons[colon.i]


def _colon_speaker(doc: Doc, colon: Token) -> Range:
    """The noun phrase before a colon that opens a quotation."""
    start = colon.sent.start
    while start < colon.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, colon.i


def _continues(doc: Doc, previous_end: int, qs: int, qe: int) -> bool:
    """Whether a quotation standing alone as a sentence follows on from the quotation that closed at
    previous_end: at most the reporting clause and one paragraph break between them, and nothing after
    it in its paragraph but the sentence's end."""
    text = text_spans.text_of(doc)
    between = text[previous_end:qs]
    if len(between) > 160 or between.count("\n\n") > 1:
        return False
    if any(previous_end <= s and e <= qs and len(text[s:e].split()) > 4 for s, e in text_spans.quote_regions(text)):
        return False  # another quotation stands between (a quoted title of a few words does not count)
    # no whole sentence between: the parser's sentences, for "U.S. Attorney Rachel Dunn said." holds two dots
    ends = [t for t in doc.char_span(previous_end, qs, alignment_mode="expand") or ()
            if t.is_sent_end and t.text in {".", "!", "?"}]
    if len(ends) > 1:
        return False
    return re.match(r"\s*[.!?]?\s*(\n|$)", text[qe:qe + 3]) is not None or text[qe - 2:qe - 1] in ".!?"


def _quote_drafts(doc: Doc, cues: dict[str, dict[int, Frame]]) -> list[Draft]:
    """Direct quotations next to a reporting clause: '“Q,” X said.' or 'X said: “Q”'."""
    drafts: list[Draft] = []
    text = text_spans.text_of(doc)
    regions = text_spans.quotes_of(doc)
    found_at = [_quote_cue(doc, text, qs, qe, cues) for qs, qe, _, _ in regions]
    for i in range(len(regions) - 2, -1, -1):
        if regions[i][3] == 0 and found_at[i] is None:
            found_at[i] = found_at[i + 1]  # a quotation running on into the next paragraph: the clause there
    last: tuple[Draft, int] | None = None  # the last direct quotation and where its mark closed
    for (qs, qe, opening, closing), found in zip(regions, found_at, strict=True):
        inner_s, inner_e = qs + opening, qe - closing
        if len(text[inner_s:inner_e].split()) < 2:
            continue  # a one-word scare quote is never a direct quotation
        s, e = inner_s, inner_e
        while e > s and text[e - 1] in " ,.;:\n":
            e -= 1
        if text[s:e].rstrip().endswith("?"):
            continue  # a question states nothing (dev rule 12)
        if found is None and (credited := _credited(doc, text, qs, qe, (s, e))) is not None:
            drafts.append(credited)
            last = None
            continue
        opener = doc.char_span(qs, qs + 1, alignment_mode="expand")
        opens_sentence = opener is None or not text[opener.sent.start_char:qs].strip()
        if found is None and last is not None and opens_sentence and _continues(doc, last[1], qs, qe):
            # '“A,” she said. “B.”': a quotation that follows on from one just attributed is the same speaker's
            prev = last[0]
            cont = Draft(content=(s, e), cue=prev.cue, stance=prev.stance, kind="quote", frame=prev.frame,
                         speaker=prev.speaker, quote=True, anchor=qs, cue_lemma=prev.cue_lemma)
            drafts.append(cont)
            last = (cont, qe)
            continue
        if found is None:
            continue
        built = _quote_claims(doc, found, (s, e), (qs, qe))
        drafts.extend(built)
        if built:
            last = (built[-1], qe)
    return drafts


def _credited(doc: Doc, text: str, qs: int, qe: int, content: Range) -> Draft | None:
    """A pull quote: a paragraph that is only this quotation, the next paragraph a bare credit line that names
    its speaker ("- Matthew Ingram", "Jane Roe, NASA Administrator"); the credit's dash is the cue."""
    paras = text_spans.paragraphs(text)
    at = next((n for n, (ps, pe) in enumerate(paras) if ps <= qs < pe), None)
    if at is None or at + 1 >= len(paras):
        return None
    ps, pe = paras[at]
    if text[ps:qs].strip() or text[qe:pe].strip(" \t.,"):
        return None  # narration beside the quotation: a reporting clause's business, no pull quote
    m = frames.table(doc.vocab).credit_line.match(text, *paras[at + 1])
    if m is None:
        return None
    dashed = bool(m.group("dash"))
    name = doc.char_span(m.start("name" if dashed else "bare"), m.end("name" if dashed else "bare"),
                         alignment_mode="contract")
    role = m.group("role" if dashed else "bare_role")
    role_span = doc.char_span(*m.span("role" if dashed else "bare_role"), alignment_mode="contract") if role else None
    # without a dash only a person's name and a role make a credit, not a headline of a list ("Markets Rally, Oil
    # Slips"); a role is a title, not a clause
    if name is None or not any(t.ent_type_ == "PERSON" or (dashed and t.pos_ == "PROPN") for t in name) or (
            role_span is not None and any(t.pos_ in {"VERB", "AUX"} for t in role_span)):
        return None
    cue = (m.start("dash"), m.end("dash")) if dashed else None
    return Draft(content=content, cue=cue, stance="asserted", kind="quote", frame="credited-pull-quote",
                 speaker=(name.start, name.end), quote=True, anchor=qs, cue_lemma="say")


def _quote_claims(doc: Doc, found: tuple[Token, Frame], content: Range, region: Range) -> list[Draft]:
    """The drafts of one quotation with its reporting clause: one per coordinated speaker."""
    cue, frame = found
    nodes = {"cue": cue}
    if _cancelled(frame, nodes):
        return []
    qs, qe = region
    if frame.speaker == "colon":
        speakers: list[Range | None] = [_colon_speaker(doc, cue)]
    else:
        speakers = [r for r in _speakers(frame, nodes, region) if r is None or not (qs <= doc[r[0]].idx < qe)] or [None]
        if speakers == [None] and cue.idx >= qe:
            speakers = [_inverted_speaker(doc, cue)]
    # a quotation running on into the next paragraph stands in its own paragraph, not in its clause's
    anchor = qs if cue.idx > qe and "\n" in text_spans.text_of(doc)[qe:cue.idx] else cue.idx
    return [Draft(content=content, cue=(cue.idx, cue.idx + len(cue.text)), stance=_stance(frame, cue), kind="quote",
                  frame=frame.name, speaker=sp, quote=True, anchor=anchor, cue_lemma=cue.lemma_.lower())
            for sp in speakers]


def _inverted_speaker(doc: Doc, cue: Token) -> Range | None:
    """The words after an inverted reporting verb that the tagger did not read as its subject ('"Q," said
    epidemiologist Maria Stan of the University of Bucharest.': "epidemiologist" read as a verb): up to the first
    comma or the sentence's end, where they open with no preposition or adverb and hold a proper noun."""
    end = cue.i + 1
    while end < cue.sent.end and not doc[end].is_punct:
        end += 1
    words = doc[cue.i + 1:end]
    if not len(words) or words[0].pos_ in {"ADP", "ADV", "SCONJ", "PART", "AUX"} \
            or not any(t.pos_ == "PROPN" for t in words):
        return None
    return (cue.i + 1, end)


# ---- a reporting clause the tagger misread -----------------------------------------------------

def _tail_drafts(doc: Doc, table: frames.Table, taken: set[int], before: list[Draft]) -> list[Draft]:
    """'P, the Institute for the Study of War (ISW) reports.': a reporting clause closing the sentence; in 'P, a
    charge the group rejects.' the group rejects what P charged (the content of a claim in P, where P has one)."""
    best: dict[int, tuple[int, int, Frame]] = {}  # cue token -> the comma that opens the reporting clause
    for match_id, start, end in _token_matches(doc, table):
        frame = table.frames[doc.vocab.strings[match_id]]
        if frame.kind != "tail":
            continue
        cue = next(t for t in reversed(doc[start:end]) if not t.is_punct)
        sent = cue.sent
        rest = [t for t in doc[cue.i + 1:sent.end] if not (t.is_punct or t.is_space)]
        if rest and not _own_phrases(cue, rest):
            continue  # the clause closes its sentence: nothing after the cue but its own phrases ("wrote on Telegram")
        if cue.i in taken or (cue.pos_ in {"VERB", "AUX"} and any(
                c.dep_ in {"ccomp", "dobj"} and c.tag_ != "WDT" for c in cue.children)):  # "which X denied"
            continue
        if start <= sent.start or cue.i - start - 1 > 12 or (cue.i - start - 1 < 2 and not _named_root(cue, start)):
            continue
        if cue.i not in best or _opens_tail(doc, start, cue.i, best[cue.i][0]):
            best[cue.i] = (start, cue.i, frame)
    out = []
    for comma, cue_i, frame in best.values():
        cue = doc[cue_i]
        end = cue_i
        relative = doc[comma + 1].lower_ == "which"
        while end > comma + 1 and (doc[end - 1].pos_ == "AUX" or doc[end - 1].text in {",", ";"} or (
                relative and doc[end - 1].pos_ == "ADV")):
            end -= 1  # "a study has found": the auxiliary is the cue's ("which X has repeatedly denied")
        lead = comma + 2 if relative else _statement_lead(doc, comma + 1, end)
        speaker = (lead if lead is not None else comma + 1, end)
        said_by = doc[speaker[0]:speaker[1]]
        nominal = said_by[-1].pos_ == "ADJ" and said_by[0].pos_ == "DET"  # "the paramilitary", "the accused"
        if not (nominal or any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in said_by)) or any(
                t.pos_ == "AUX" or (t.pos_ == "VERB" and t.tag_ != "VBN") for t in said_by) \
                or len([t for t in cue.sent if not t.is_space]) < 6:
            continue
        if frame.unless and _cancelled(frame, {"cue": cue}):
            continue
        span = trim(doc, cue.sent.start, comma)
        if span is None:
            continue
        if lead is not None:  # "accused X of genocide, a charge the group rejects": what was charged
            held = next((d.content for d in before if d.cue and span[0] <= d.cue[0] < span[1]), None)
            if held is None and relative:
                continue  # "defended the report, which the opposition denied": no statement for "which" to stand for
            span = held or span
        lemma = frames.verb_forms()[cue.lower_]
        out.append(Draft(content=span, cue=(cue.idx, cue.idx + len(cue.text)),
                         stance=words()["verb_stance"][lemma], kind="verb", frame=frame.name, speaker=speaker,
                         anchor=cue.idx, cue_lemma=lemma))
    return out


def _named_root(cue: Token, comma: int) -> bool:
    """Whether a tail of one word before its cue is the surname of a person the text named before, the parser making
    the cue the root the clause before the comma hangs on ('Mary O'Keefe ... P, O'Keefe notes.' with "notes" a
    noun); a word of no such name is as likely a noun of a list ("rare coins, Confederate notes")."""
    doc = cue.doc
    name = doc[comma + 1]
    return name.tag_ == "NNP" and cue.dep_ == "ROOT" and any(
        c.dep_ == "ccomp" and c.i < comma for c in cue.children) and any(
        t.text == name.text and t.ent_type_ == "PERSON" and (t.i + 1 == len(doc) or doc[t.i + 1].ent_iob_ != "I")
        for t in doc[:cue.sent.start])


def _in_name(t: Token) -> bool:
    """Whether a token is a word of a name: inside an NER name (no number, date or amount), or a lower-case particle
    between two capitalised proper nouns ("Rio Grande do Sul", "Mato Grosso do Sul": name_parts.yaml particles)."""
    if t.ent_type_ and t.ent_type_ not in NOT_MEDIA:
        return True
    doc = t.doc
    return (t.lower_ in variants.particles() and t.is_lower and 0 < t.i < len(doc) - 1
            and all(x.tag_ == "NNP" and x.is_title for x in (doc[t.i - 1], doc[t.i + 1])))


def _token_matches(doc: Doc, table: frames.Table) -> list[tuple[int, int, int]]:
    """The token frames' matches (tail and parenthesis kinds), found once a document: the Matcher is among the
    costliest steps of the analysis, and two readers ask for them."""
    cached = doc.user_data.get("cg_token_matches")
    if cached is None:
        cached = doc.user_data["cg_token_matches"] = [(int(m), s, e) for m, s, e in table.tokens(doc)]
    return cached


def _inverted_drafts(doc: Doc, table: frames.Table) -> list[tuple[Draft, int]]:
    """'The new rules, said the minister, will take effect in May', 'The launch, Hale told CNBC, was a "disaster"':
    a reporting clause set off by commas inside its report, inverted or not. The parser hangs the fronted words on
    the reporting verb (its subject, or a loose dependant); the content is the whole clause with the parenthesis in
    it, as the `parenthetical` frame's."""
    out = []
    for match_id, start, end in _token_matches(doc, table):
        frame = table.frames[doc.vocab.strings[match_id]]
        if frame.kind != "parenthesis":
            continue
        found = _parenthesis(doc, frame, start, end)
        if found is None:
            continue
        cue, speaker = found
        span = trim(doc, cue.sent.start, cue.sent.end)
        lemma = frames.verb_forms()[cue.lower_]
        if span is None or lemma not in words()["verb_stance"]:
            continue
        out.append((Draft(content=span, cue=(cue.idx, cue.idx + len(cue.text)), stance=words()["verb_stance"][lemma],
                          kind="verb", frame=frame.name, speaker=speaker, anchor=cue.idx, cue_lemma=lemma), cue.i))
    return out


def _parenthesis(doc: Doc, frame: Frame, start: int, end: int) -> tuple[Token, Range] | None:
    """The cue and the speaker's words of a parenthesis match (from its opening comma to its closing one), where it
    stands inside its report: after fronted words with no verb of their own, no quotation ('P, said X, adding ...'
    is a tail, a quotation the quotation frames'), and before the rest of the clause, whose finite verb follows."""
    forms = frames.verb_forms()
    if frame.position == "inverted":  # ', said the minister,'
        cue, speaker = doc[start + 1], (start + 2, end - 1)
    else:  # ', Hale told CNBC in an email,': the speaker's words, then the verb
        cue = next((t for t in doc[start + 2:end - 1] if t.lower_ in forms and not t.is_title), doc[end - 1])
        speaker = (start + 1, cue.i)
    sent = doc[start].sent
    front = [t for t in doc[sent.start:start] if not (t.is_punct or t.is_space)]
    joints = words()["clause_joints"]
    if cue.i >= end - 1 or not front or any(t.pos_ in {"VERB", "AUX"} for t in front) or any(
            t.text in joints and t.text != "," for t in doc[sent.start:start]):
        return None  # a clause or a participle before it ("Holding up a book, Beck said, ...")
    if end >= sent.end or doc[end].tag_ in {"``", "VBG", "VBN"} or doc[end].text in words()["opening_quotes"]:
        return None  # a quotation after it is the quotation frames'; a participle after it ("..., saying P") a tail
    rest = doc[end:sent.end]
    if not any(t.tag_ in FINITE and t.pos_ in {"VERB", "AUX"} for t in rest) and not any(
            t.dep_ == "nsubj" and t.head.i >= end and t.head.dep_ == "ROOT" for t in front):
        # the rest of the clause: its verb after the speaker (an apposition to them, its own subject), or the word
        # the parser made the fronted subject's verb where the tagger read it as a noun ("The rules, he added,
        # amount to a ban")
        return None
    if frame.unless and _cancelled(frame, {"cue": cue}):
        return None
    return cue, speaker


def _own_phrases(cue: Token, rest: list[Token]) -> bool:
    """Whether the words after a finite tail cue are only its own phrases, with no verb ("wrote on Telegram")."""
    inside = {x.i for x in rest}
    return (cue.tag_ in FINITE or cue.doc[cue.i - 1].pos_ == "AUX") and cue.is_ancestor(rest[0]) and all(
        t.pos_ not in {"VERB", "AUX"} and (cue.is_ancestor(t) or t.head.i in inside) for t in rest)


def _opens_tail(doc: Doc, comma: int, cue: int, other: int) -> bool:
    """Whether this comma rather than the other opens the reporting clause: the closest one, unless an earlier one
    opens a description the name after it stands in apposition to ("P, the regional governor, Oleh Kiper, wrote"):
    one more comma and no verb between them."""
    early, late = min(comma, other), max(comma, other)
    apposition = [t for t in doc[early + 1:late] if not t.is_punct]
    chosen = early if apposition and not any(t.pos_ in {"VERB", "AUX"} for t in apposition) and all(
        t.text != "," for t in doc[early + 1:late]) and any(t.pos_ == "NOUN" for t in apposition) else late
    return chosen == comma


def _statement_lead(doc: Doc, start: int, end: int) -> int | None:
    """Where the speaker starts after a statement noun that opens a tail clause ("a charge the group rejects",
    "an allegation the ministry denies"): the token after the noun, where a noun phrase of its own follows; else
    None."""
    i = start
    while i < end and doc[i].pos_ in {"DET", "ADJ"}:
        i += 1
    if i >= end - 1 or doc[i].pos_ != "NOUN" or doc[i].lemma_.lower() not in words()["noun_stance"]:
        return None
    rest = doc[i + 1:end]
    return i + 1 if any(t.pos_ in {"NOUN", "PROPN", "PRON", "ADJ"} for t in rest) else None


# ---- relays: who carried a statement -------------------------------------------------------------

def _apply_relays(doc: Doc, drafts: list[Draft], relays: list[_Match]) -> None:
    """'citing Y' makes Y the speaker of the statements of its sentence; 'told Reuters' names a relay."""
    for m in relays:
        cue = m.nodes["cue"]
        if m.frame.role == "quoting":
            _apply_quoting(doc, drafts, m)
        elif m.frame.role == "citing":
            if not could_speak(m.nodes["source"]):
                continue  # "expects margins to recover, citing new models": a reason, no source
            rng = speaker_range(m.nodes["source"])
            for d in drafts:
                if d.cue is not None and d.kind in {"verb", "according", "quote"} and d.citing is None \
                        and d.speaker != rng and (cue.sent.start_char <= d.cue[0] <= cue.idx
                                                  or _cites_for(cue, d)):
                    d.citing = rng
        else:
            medium = _named_medium(m.nodes["medium"])
            if medium is None:
                continue
            s, e = speaker_range(medium)
            ref = Ref(None, doc[s:e].text)
            # "confirmed the fire and told the BBC that P": one exchange with the BBC
            cues = {(v.idx, v.idx + len(v.text)) for v in [cue, *_conjoined_verbs(cue)]}
            for d in drafts:
                if d.cue in cues and ref not in d.media:
                    d.media.append(ref)




def _person(doc: Doc, t: Token) -> bool:
    """Whether a token names a person: the tagger's guess, or the entity the names component made of it."""
    if t.ent_type_ == "PERSON":
        return True
    people = doc.user_data.get("cg_person_chars")
    if people is None:
        kinds = {e.id: e.type for e in (doc._.cg_entities or ())}
        people = doc.user_data["cg_person_chars"] = [(s, e) for s, e, eid in doc._.cg_mentions or ()
                                                      if kinds.get(eid) == "PERSON"]
    return any(s <= t.idx < e for s, e in people)


def _named_medium(t: Token) -> Token | None:
    """The medium a telling verb's object names: a name ("told Reuters"), or the named owner of a programme
    ("told BBC Radio 4's Today programme", which the parser may hang as an nmod with its "'s"); a common noun
    alone ("told reporters") is no medium, nor a person ("she told Ortiz": whom she told, not who carried it)."""
    owner = next((c for c in t.children if c.pos_ == "PROPN" and (c.dep_ == "poss" or (
        c.dep_ == "nmod" and any(k.dep_ == "case" for k in c.children)))), None) or _possessor_before(t)
    if owner is not None:
        return None if _person(t.doc, owner) else owner  # "CNBC's Street Signs Europe": the broadcaster carries it
    found = t if t.pos_ == "PROPN" else next(
        (c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if found is None or _person(t.doc, found) or found.ent_type_ in NOT_MEDIA:
        return None  # 'the Today programme' tagged a date is the programme's name, not who carried it
    return found


def _cites_for(citing: Token, d: Draft) -> bool:
    """Whether a "citing" phrase before a reporting verb belongs to it: it hangs from the verb or from the verb's
    speaker ("Reuters, citing two sources, reported that P")."""
    if d.cue is None or not citing.sent.start_char <= d.cue[0] < citing.sent.end_char:
        return False
    head = citing.head
    on_cue = head.idx == d.cue[0]
    on_speaker = d.speaker is not None and d.speaker[0] <= head.i < d.speaker[1]
    return on_cue or on_speaker


def _possessor_before(t: Token) -> Token | None:
    """The proper noun whose possessive stands right before t's phrase, its quotation marks aside: 'told CNBC’s
    "Street Signs Europe"', which the parser read as two objects of "told"."""
    doc = t.doc
    k = t.left_edge.i if doc[t.left_edge.i].is_quote else t.left_edge.i - 1
    while k > 0 and doc[k].is_quote:
        k -= 1
    if k >= 1 and doc[k].lower_ in {"'s", "’s"} and doc[k - 1].pos_ == "PROPN":
        return doc[k - 1]
    return None


def _conjoined_verbs(v: Token) -> list[Token]:
    """Verbs coordinated with v that share its subject."""
    out = [c for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB" and not has_subject(c)]
    if v.dep_ == "conj" and not has_subject(v):
        out.append(v.head)
    return out


def _apply_quoting(doc: Doc, drafts: list[Draft], m: _Match) -> None:
    """'The agency quoted a diplomat as saying P' / '"Q," the agency quoted a diplomat as saying': the one
    quoted speaks, the one quoting relays."""
    cue = m.nodes["cue"]
    source = speaker_range(m.nodes["source"])
    subj = subject(cue)
    inside = (cue.left_edge.idx, cue.right_edge.idx + len(cue.right_edge.text))
    for d in drafts:
        if d.cue == (cue.idx, cue.idx + len(cue.text)):
            d.citing = source
        elif d.cue is not None and inside[0] <= d.cue[0] < inside[1] and subj is not None:
            s, e = speaker_range(subj)
            ref = Ref(None, doc[s:e].text)
            if ref not in d.media:
                d.media.append(ref)


# ---- the component -------------------------------------------------------------------------------

def _matches(doc: Doc, table: frames.Table) -> Iterable[_Match]:
    """Every frame's matches, found by walking down from each candidate cue (nlp/tree_match.py)."""
    for name, token_ids in table.dependency(doc):
        nodes = {role: doc[i] for role, i in zip(table.nodes[name], token_ids, strict=True)}
        yield _Match(table.frames[name], nodes)


def find_drafts(doc: Doc) -> list[Draft]:
    """Every attributed statement of the document, as drafts with speaker words not yet resolved."""
    table = frames.table(doc.vocab)
    by_cue: dict[int, list[tuple[int, Draft]]] = {}
    quote_cues: dict[str, dict[int, Frame]] = {"after": {}, "before": {}, "colon": {}}
    relays: list[_Match] = []
    for m in _matches(doc, table):
        cue = m.nodes["cue"]
        head = m.nodes.get("content")
        if head is not None and head.pos_ in {"VERB", "AUX"} and _in_name(head):
            continue  # a word of a name read as a verb ("Rio Grande do Sul"): no clause
        if m.frame.kind == "relay":
            relays.append(m)
        elif m.frame.kind == "quote":
            quote_cues[str(m.frame.position)].setdefault(cue.i, m.frame)
        elif not _cancelled(m.frame, m.nodes):
            built = _drafts_of(doc, m)
            if built:
                by_cue.setdefault(cue.i, []).extend((m.frame.rank, d) for d in built)
    drafts = _quote_drafts(doc, quote_cues)
    for d, cue_i in _inverted_drafts(doc, table):
        by_cue[cue_i] = [(0, d)]  # the parser's reading of the inverted clause gave other speakers and contents
    for found in by_cue.values():
        best = min(rank for rank, _ in found)
        drafts.extend(d for rank, d in found if rank == best)
    taken = {span[0].i for d in drafts if d.cue and (span := doc.char_span(*d.cue, alignment_mode="expand"))}
    drafts.extend(_tail_drafts(doc, table, taken, drafts))
    _apply_relays(doc, drafts, relays)
    _cut_shared_subject(doc, drafts)
    return [d for d in dedupe(_top_level(drafts, table)) if _says_something(doc, d)]


FUNCTION_WORDS = frozenset({"PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "PUNCT", "SPACE"})
"""Parts of speech that say nothing alone: a content of them only ("which it") is a parse gone wrong."""


def _says_something(doc: Doc, d: Draft) -> bool:
    """Whether a draft's content holds a word that is no pronoun, determiner or particle ("which it" of "the
    attack, which it called a massacre" is none; "that's exactly what's happening" is one)."""
    span = doc.char_span(*d.content, alignment_mode="expand")
    return span is None or any(t.pos_ not in FUNCTION_WORDS for t in span)


def _top_level(drafts: list[Draft], table: frames.Table) -> list[Draft]:
    """Drafts of frames that hold only at the top level, dropped where another statement's content holds them."""
    out = []
    for d in drafts:
        frame = table.frames.get(d.frame)
        if frame is not None and frame.top_level and d.cue is not None and any(
                o is not d and o.content[0] <= d.cue[0] < o.content[1] for o in drafts):
            continue
        out.append(d)
    return out


KIND_ORDER = {"quote": 0, "anaphoric": 0, "verb": 1, "according": 1, "nominal": 1, "impersonal": 1}


def dedupe(drafts: list[Draft]) -> list[Draft]:
    """One draft per (content, speaker); a quote claim wins over a verb claim on the same words."""
    out: list[Draft] = []
    by_cue: dict[tuple[int, int] | None, list[Draft]] = {}
    evidence: list[Draft] = []  # drafts whose content or cue an evidential adverb's sentence may hold
    for d in sorted(drafts, key=lambda d: KIND_ORDER.get(d.kind, 2)):
        # only drafts that share the cue, or (for an adverb) lie in its sentence, can be duplicates
        rivals = by_cue.get(d.cue, []) if d.kind != "evidential" else [
            o for o in evidence if o.content[0] < d.content[1] and d.content[0] < o.content[1]]
        if not any(_duplicate(d, o) for o in rivals):
            out.append(d)
            by_cue.setdefault(d.cue, []).append(d)
            evidence.append(d)
    out.sort(key=lambda d: (d.anchor, d.content[0]))
    return out


def _cut_shared_subject(doc: Doc, drafts: list[Draft]) -> None:
    """One phrase is never the subject of a verb and of another inside that verb's report: where the parser
    hung the second verb inside the first one's report ("the chain reported profits that missed forecasts and
    warned of P"; "Hale, noting the size of the crowd, said P"), the first report ends before the second verb."""
    for d in drafts:
        if d.speaker is None or d.quote:
            continue  # a quotation is what was said, word for word: no verb inside it ends it
        inner = [o.cue[0] for o in drafts if o is not d and o.speaker == d.speaker and o.cue is not None
                 and d.content[0] < o.cue[0] < d.content[1]]
        if not inner:
            continue
        cut = doc.char_span(min(inner), min(inner) + 1, alignment_mode="expand")
        report = doc.char_span(*d.content, alignment_mode="expand")
        if cut is None or report is None:
            continue
        end = _trim_joints(doc, report.start, cut.start)
        if end > report.start:
            last = doc[end - 1]
            d.content = (d.content[0], last.idx + len(last.text))


def _duplicate(d: Draft, o: Draft) -> bool:
    same_cue = d.cue is not None and o.cue is not None and d.cue == o.cue
    both = overlap(d.content, o.content)
    if same_cue and both > 0.5 and d.speaker == o.speaker:
        return True
    if d.kind == "evidential" and (covered(d.content, o.content) > 0.8 or (
            o.cue is not None and d.content[0] <= o.cue[0] < d.content[1] and covered(d.content, o.content) > 0.5)):
        return True  # the adverb is a hedge of a claim already found in its sentence
    if same_cue and both > 0.9 and d.speaker is None:
        return True
    # a verb whose quotation is its report: a clause the parser also hung on it is no second report of a speaker
    # it could not find ('"Q," said the woman, who did not want to be named')
    return d.kind == "verb" and o.kind == "quote" and same_cue and (both > 0 or d.speaker is None)


@Language.component("claimgraph_attribution", requires=["doc.sents", "token.dep", "token.lemma"],
                    assigns=["doc._.cg_drafts"])
def attribution(doc: Doc) -> Doc:
    """Find the attributed statements of a document (after claimgraph_names)."""
    doc._.cg_drafts = find_drafts(doc)
    return doc
