"""Character-level structure of a text: paragraphs, quotation regions, balanced quote marks."""
from __future__ import annotations

import bisect
import re

OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", "``": "''", "''": "''"}
"""Quotation marks that open a quotation -> the mark that closes it; '' and `` are the typewriter
marks of newswire text (the Penn Treebank's convention) and never stand for two apostrophes in news."""
QUOTE_MARKS = ("“", "”", '"', "«", "»", "„", "``", "''")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_OPENER = re.compile("|".join(re.escape(m) for m in sorted({*OPEN_CLOSE, '"'}, key=len, reverse=True)))
"""Where a quotation mark that may open a quotation stands (the loop below skips to it)."""
_MARK = re.compile("|".join(re.escape(m) for m in sorted(QUOTE_MARKS, key=len, reverse=True)))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph (blocks separated by line breaks)."""
    out = []
    pos = 0
    for m in PARAGRAPH_BREAK.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


class ParagraphIndex:
    """Which paragraph a character offset falls in."""

    def __init__(self, text: str) -> None:
        self.spans = paragraphs(text)
        self.starts = [s for s, _ in self.spans]

    def of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def __len__(self) -> int:
        return len(self.spans)


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of each double-quoted region, marks included, never crossing a paragraph."""
    return [(s, e) for s, e, _, _ in quote_regions_marked(text)]


def _opener_at(text: str, i: int) -> str | None:
    two = text[i:i + 2]
    if two in OPEN_CLOSE:
        return two
    return text[i] if text[i] in OPEN_CLOSE or text[i] == '"' else None


def _closing(text: str, opener: str, i: int, pe: int) -> tuple[int, str]:
    """Where the mark that closes a quotation opened at i stands in its paragraph (-1: nowhere)."""
    closer = OPEN_CLOSE.get(opener, '"')
    j = text.find(closer, i + len(opener), pe)
    if opener == "“":  # typed text mixes marks: “...", closed by whichever comes first
        k = text.find('"', i + 1, pe)
        if k > 0 and (j < 0 or k < j) and text.find("“", i + 1, k) < 0:
            j, closer = k, '"'
    return j, closer


def quote_regions_marked(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, width of the opening mark, width of the closing mark) of each double-quoted region.

    A region never crosses a paragraph; a quotation that runs on into the next paragraph leaves its
    paragraph open and the next one opens again (news style), so its first part ends at the paragraph's
    end with no closing mark. Where the next paragraph does not open it again but its first mark closes it
    (a copy that lost the repeated mark), that paragraph's part starts at the paragraph with no opening mark."""
    out = []
    spans = paragraphs(text)
    carried: str | None = None  # the opening mark of a quotation the paragraph before left open
    for n, (ps, pe) in enumerate(spans):
        i = ps
        if carried is not None:
            j, closer = _carried_close(text, carried, ps, pe)
            out.append((ps, j + len(closer), 0, len(closer)))
            i, carried = j + len(closer), None
        while i < pe:
            found = _OPENER.search(text, i, pe)
            if found is None:
                break
            i = found.start()
            opener = _opener_at(text, i)
            if opener is None:
                i += 1
                continue
            j, closer = _closing(text, opener, i, pe)
            if j > 0:
                out.append((i, j + len(closer), len(opener), len(closer)))
                i = j + len(closer)
                continue
            following = spans[n + 1][0] if n + 1 < len(spans) else None
            if following is not None and _opener_at(text, following) == opener:
                out.append((i, pe, len(opener), 0))  # runs on into the next paragraph
                break
            if following is not None and _carried_close(text, opener, *spans[n + 1])[0] >= 0:
                out.append((i, pe, len(opener), 0))  # runs on, the next paragraph not opening it again
                carried = opener
                break
            i += 1
    return out


def _carried_close(text: str, opener: str, ps: int, pe: int) -> tuple[int, str]:
    """Where a paragraph closes a quotation the one before it left open without opening it again (text whose
    repeated opening marks were lost): its first quotation mark closes one, or (-1, "") where none does.

    For straight marks, only a paragraph with an odd number of them closes one; with an even number, each
    pair is a quotation of its own."""
    closer = OPEN_CLOSE.get(opener, '"')
    if closer == '"':
        j = text.find('"', ps, pe)
        return (j, closer) if j >= 0 and text.count('"', ps, pe) % 2 == 1 else (-1, "")
    first = _MARK.search(text, ps, pe)
    return (first.start(), closer) if first is not None and first.group() == closer else (-1, "")


def balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a span over a closing mark (and the punctuation before it) left outside it."""
    s = text[start:end]
    opens = s.count("“") + s.count("«") + s.count("``")
    closes = s.count("”") + s.count("»")
    straight_odd = s.count('"') % 2 == 1 or s.count("''") % 2 == 1
    opened_before = start > 0 and (text[start - 1] in "“«" if closes > opens else
                                   straight_odd and text[start - 1] == '"' and text[start - 2:start - 1].isspace())
    if opened_before:
        # 'said "the plan" was dead': a partial quotation opening the content keeps its opening mark
        return balance_quotes(text, start - 1, end)
    if opens > closes or straight_odd:
        m = re.match(r"[,.!?;:]?(?:[”»\"]|'')", text[end:end + 4])
        if m:
            return start, end + m.end()
    if closes > opens:
        # a closing mark whose opening mark was trimmed off: drop the closing mark too
        while end > start and text[end - 1] in "”»":
            end -= 1
            while end > start and text[end - 1] in " ,.":
                end -= 1
    return start, end


def wrapped(doc, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether text[start:end] is the whole of a quotation, its marks just outside it (the punctuation
    before the closing mark aside): 'said "We will rebuild," and left' quotes "We will rebuild"."""
    text = text_of(doc)
    return any(end <= inner_end and not text[end:inner_end].strip(" ,.;:!?")
               for inner_end in quote_openings(doc).get(start, ()))


def text_of(doc) -> str:  # type: ignore[no-untyped-def]
    """A Doc's text, built once: spaCy's `Doc.text` joins every token on each call, which made long
    documents quadratic."""
    cached = doc.user_data.get("cg_text")
    if cached is None:
        cached = doc.user_data["cg_text"] = doc.text
    return str(cached)


def quote_openings(doc) -> dict[int, list[int]]:  # type: ignore[no-untyped-def]
    """Where each quotation's words start -> where they end (before the closing mark), found once, so that
    asking whether a span is a whole quotation costs one lookup, not a scan of every quotation."""
    cached = doc.user_data.get("cg_quote_openings")
    if cached is None:
        cached = {}
        for qs, qe, opening, closing in quotes_of(doc):
            cached.setdefault(qs + opening, []).append(qe - closing)
        doc.user_data["cg_quote_openings"] = cached
    return cached  # type: ignore[no-any-return]


def quotes_of(doc) -> list[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    """A Doc's quotation regions (start, end, opening and closing mark widths), found once."""
    cached = doc.user_data.get("cg_quotes")
    if cached is None:
        cached = doc.user_data["cg_quotes"] = quote_regions_marked(text_of(doc))
    return cached  # type: ignore[no-any-return]
