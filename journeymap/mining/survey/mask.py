"""Survey comments made fit to quote: e-mail addresses, phone numbers and what look like names masked.

A comment becomes a customer quote on the map, which a workshop projects on the wall and exports. What
is masked, in this order, each replaced by a placeholder in square brackets:

1. **e-mail addresses** (``ana.lopez@example.com`` → ``[email]``);
2. **phone numbers** and other long numbers: a run of 7 to 15 digits, alone or split by spaces, dots,
   dashes, slashes or brackets, with or without ``+`` or ``00`` in front (``+44 20 7946 0958``,
   ``(555) 123-4567``, ``0612 34 56 78``) → ``[phone]``; 16 digits or more (a card or account
   number) → ``[number]``. A date (``12/05/2024``, ``2024-05-12``), a time range (``10.30-11.45``) and
   a range of years (``2019-2024``) stay;
3. **social handles** (``@ana_l``) → ``[name]``;
4. **names**, as far as their look tells them (→ ``[name]``, several in a row as one):

   - a word after a cue that introduces a name, in any case: ``my name is``, ``my name's``, ``call
     me``, ``I'm called``, and the titles ``Mr``, ``Mrs``, ``Ms``, ``Miss``, ``Mx``, ``Dr``, ``Prof``
     (the title stays: ``Dr [name]``), unless the word is a common one (``the dr was kind``);
   - a capitalised word that is not the first of its sentence (``the nurse, Sarah, was lovely``),
     unless it is ``I`` and its forms (``I'm``), a day, a month, a holiday, or one of the words of the
     journey itself (its title, stages, steps and channels: "the Booking page" on a map that has a
     step "Booking"), which the caller passes as ``keep``, or a common word (``You``, ``The``).

What cannot be masked, and is not: a name at the start of a sentence without a cue (``Sarah was
lovely``); a name in lower case without a cue (``ask for sarah``); names in sentences written in Title
Case or all capitals, where capitals tell nothing (there only the cues count); names in scripts without
capital letters (Chinese, Japanese, Arabic, Hebrew, Thai …); postal addresses, postcodes, licence
plates, and identity numbers shorter than 7 digits or mixed with letters; e-mail addresses written out
(``ana at example dot com``) and web addresses, which may hold a name. And what is masked though not a
name: place names, brands and products written with a capital inside a sentence (``London``,
``WhatsApp``), the nouns of languages that capitalise them (German), and any number of 7 digits or more
(an order number). Masking is a help, not a guarantee: read the quotes before a map leaves the team.

Examples
--------
>>> mask_comment("Hi, I'm Tom. Call me on +44 20 7946 0958 or tom.b@example.co.uk").text
"Hi, I'm [name]. Call me on [phone] or [email]"
>>> mask_comment("Dr. Okafor and the receptionist Anne-Marie O'Neill were kind.").text
'Dr. [name] and the receptionist [name] were kind.'
>>> mask_comment("Sarah was lovely; waited 20 min on 12/05/2024.").text
'Sarah was lovely; waited 20 min on 12/05/2024.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["MASKS", "Masked", "mask_comment"]

#: The placeholders, by what they hide.
MASKS = {"email": "[email]", "phone": "[phone]", "number": "[number]", "name": "[name]"}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \u00a0().\-/]{5,}\d(?![\w])")
# what a run of digits may be without being a phone number: a date, a time range, a range of years
_DATE_OR_TIME = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}|\d{1,2}[.:]\d{2}\s*-\s*\d{1,2}[.:]\d{2}"
                           r"|(?:19|20)\d{2}\s*[-/]\s*(?:19|20)\d{2}")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,}")
# a placeholder already put in, or a word: letters, with ' ’ or - inside (O'Neill, Anne-Marie)
_TOKEN = re.compile(r"\[(?:email|phone|number|name)\]|[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]|\n")
_MERGE = re.compile(r"\[name\](?:[ \u00a0]+\[name\])+")

_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof"}
# cues after which the next word is a name, whatever its case (as words, lower case)
_CUES = (("my", "name", "is"), ("my", "name's"), ("my", "name’s"), ("call", "me"), ("i'm", "called"),
         ("i’m", "called"), ("i", "am", "called"))
# cues after which a capitalised word is a name even where capitals tell nothing (a Title Case sentence)
_SOFT_CUES = (("i'm",), ("i’m",), ("i", "am"), ("this", "is"), ("ask", "for"), ("asked", "for"), ("spoke", "to"),
              ("spoke", "with"), ("talked", "to"), ("served", "by"), ("helped", "by"), ("thanks", "to"),
              ("thank", "you"), ("named",), ("called",))
# common words that follow a title or a cue without being a name ("the dr was kind", "call me back")
_NOT_NAMES = frozenset(
    "a an the and or but not no yes so too very really just also back later again now soon here there was is "
    "were are be been has had have will would could should can did does do who that which what when where why "
    "how said told says in at on of to for with from by about my your his her their our its it he she they we "
    "you i me him them us nice kind great good bad rude lovely".split())
_NEVER_NAMES = frozenset(
    "i i'm i’m i'll i’ll i've i’ve i'd i’d ok okay "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec christmas easter xmas "
    "csat ces nps".split())
_NOT_TITLED = _TITLES | _NOT_NAMES
# a sentence in which this share of its words after the first (4 or more) are capitalised is in Title Case
_TITLE_CASE_SHARE = 0.6


class Masked(NamedTuple):
    """A comment with what it masked, and how many of each."""

    text: str
    emails: int
    phones: int
    numbers: int
    names: int

    @property
    def count(self) -> int:
        """How many things were masked in all."""
        return self.emails + self.phones + self.numbers + self.names


def mask_comment(text: str, keep: Iterable[str] = ()) -> Masked:
    """``text`` with e-mail addresses, phone numbers, long numbers and name-looking words masked.

    ``keep``: words that are not names whatever their capitals (the journey's own words), any case.

    Examples
    --------
    >>> mask_comment("Great Service From Maria And The Team").text  # Title Case: no capital tells anything
    'Great Service From Maria And The Team'
    >>> mask_comment("Thank You Maria").text  # ... but a cue still does
    'Thank You [name]'
    >>> mask_comment("my name is jo, order 12345678, card 4111 1111 1111 1111").text
    'my name is [name], order [phone], card [number]'
    >>> mask_comment("Booked on Monday via the Booking page", keep=["Booking"]).text
    'Booked on Monday via the Booking page'
    >>> mask_comment("the dr was kind, e.g. the nurse at 10.30-11.45 or @ana_l")
    Masked(text='the dr was kind, e.g. the nurse at 10.30-11.45 or [name]', emails=0, phones=0, numbers=0, names=1)
    """
    emails = phones = numbers = 0

    def email(match: re.Match[str]) -> str:
        nonlocal emails
        emails += 1
        return MASKS["email"]

    def phone(match: re.Match[str]) -> str:
        nonlocal phones, numbers
        found = match.group()
        digits = sum(character.isdigit() for character in found)
        if digits < 7 or _DATE_OR_TIME.fullmatch(found):
            return found
        if digits > 15:
            numbers += 1
            return MASKS["number"]
        phones += 1
        return MASKS["phone"]

    masked = _PHONE.sub(phone, _EMAIL.sub(email, text))
    masked = _HANDLE.sub(MASKS["name"], masked)
    masked = _mask_names(masked, {word.casefold() for phrase in keep for word in _words(phrase)})
    masked = _MERGE.sub(MASKS["name"], masked)
    return Masked(masked, emails, phones, numbers, masked.count(MASKS["name"]))


def _words(text: str) -> list[str]:
    return [match.group() for match in _TOKEN.finditer(text)]


def _mask_names(text: str, keep: set[str]) -> str:
    """The text with each word that looks like a name replaced by ``[name]``."""
    tokens = list(_TOKEN.finditer(text))
    starts = _sentence_starts(text, tokens)
    # where a capital says nothing: a sentence's first word, and every word of a sentence in Title Case
    uninformative = starts | _title_case_tokens(tokens, starts)
    names: set[int] = set()
    for index, token in enumerate(tokens):
        word = token.group()
        if word.startswith("[") or word.casefold() in _NEVER_NAMES or word.casefold() in keep:
            continue
        before = [tokens[back].group().casefold() for back in range(max(0, index - 3), index)]
        after_cue = any(before[-len(cue):] == list(cue) for cue in _CUES) or (before[-1:] and before[-1] in _TITLES)
        # a surname: a capitalised word right after a name, in the same sentence (not in Title Case)
        follows_name = index - 1 in names and _capitalised(word) and index not in uninformative
        soft = _capitalised(word) and word.casefold() not in _NOT_NAMES and any(
            before[-len(cue):] == list(cue) for cue in _SOFT_CUES)
        if after_cue and word.casefold() not in _NOT_NAMES or follows_name or soft:
            names.add(index)
        elif _capitalised(word) and index not in uninformative and word.casefold() not in _NOT_TITLED:
            names.add(index)
    pieces, last = [], 0
    for index in sorted(names):
        pieces += [text[last:tokens[index].start()], MASKS["name"]]
        last = tokens[index].end()
    return "".join(pieces) + text[last:]


def _capitalised(word: str) -> bool:
    """A capital first, then at least one small letter: ``Sarah``, ``O'Neill`` (not ``I``, ``SMS``, ``iPhone``)."""
    return word[:1].isupper() and any(character.islower() for character in word[1:])


def _sentence_starts(text: str, tokens: list[re.Match[str]]) -> set[int]:
    """The tokens that begin a sentence: the first, and each after ``.``, ``!``, ``?``, ``…`` or a line
    break (a full stop after a title or a single letter, ``Dr.``, ``e.g.``, ends nothing)."""
    starts = {0} if tokens else set()
    for index in range(1, len(tokens)):
        previous = tokens[index - 1].group()
        gap = text[tokens[index - 1].end():tokens[index].start()]
        abbreviation = gap.startswith(".") and "\n" not in gap and (
            previous.casefold() in _TITLES or len(previous) == 1)
        if _SENTENCE_END.search(gap) and not abbreviation:
            starts.add(index)
    return starts


def _title_case_tokens(tokens: list[re.Match[str]], starts: set[int]) -> set[int]:
    """The tokens of sentences written in Title Case or capitals, where capitals tell nothing about names."""
    found: set[int] = set()
    bounds = sorted(starts) + [len(tokens)]
    for start, end in zip(bounds, bounds[1:]):
        words = [token.group() for token in tokens[start + 1:end] if not token.group().startswith("[")]
        if len(words) >= 4 and sum(1 for word in words if word[:1].isupper()) >= _TITLE_CASE_SHARE * len(words):
            found.update(range(start, end))
    return found
