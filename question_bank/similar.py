"""Near-duplicate question texts, found without comparing every pair.

Two questions are near-duplicates when
  * the sets of words of their texts, compared without case, diacritics or punctuation
    (`text.fold`: "Nghị định" = "nghi dinh"), have a Jaccard similarity of at least THRESHOLD
    (shared words / words in either);
  * their texts name the same numbers, so "Luật 22/2008/QH12 có hiệu lực từ ngày nào?" and
    "Luật 80/2025/QH15 có hiệu lực từ ngày nào?" are two questions, not one; and
  * they share at least one option, so a generic stem ("Phát biểu nào sau đây đúng?") asked
    twice about different things is not a duplicate (true/false questions always share theirs).

Finding the pairs is a set-similarity join with prefix filtering (Bayardo et al., "Scaling up
all pairs similarity search", WWW 2007): words are ordered from the rarest, and two sets with a
Jaccard of at least t must share a word among the first |x| - ceil(t·|x|) + 1 of each. Texts
with the same numbers are indexed together, identical word sets are one entry, and at most
MAX_CANDIDATES entries are verified per question, rarest words first: the work grows with the
number of questions, never with its square.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

THRESHOLD = 0.7
MAX_CANDIDATES = 50

Item = tuple[str, Sequence[str]]  # (question text, options), both already `fold`ed


_NUMBER = re.compile(r"\S*\d\S*")


@dataclass
class _Group:
    """Questions whose texts have exactly the same set of words."""

    words: frozenset[str]
    first_with_option: dict[str, int] = field(default_factory=dict)  # option -> earliest item

    def earliest_sharing(self, options: set[str]) -> int | None:
        found = [self.first_with_option[o] for o in options if o in self.first_with_option]
        return min(found) if found else None

    def add(self, index: int, options: set[str]) -> None:
        for option in options:
            self.first_with_option.setdefault(option, index)


def near_duplicates(items: Sequence[Item], report_from: int = 0) -> dict[int, tuple[int, float]]:
    """For each item at `report_from` or later, an earlier near-duplicate and the similarity.

    The earlier item is the first one found, searching from the rarest words of the text."""
    words = [frozenset(text.split()) for text, _ in items]
    join = _Join(Counter(word for item_words in set(words) for word in item_words))
    found: dict[int, tuple[int, float]] = {}
    for position, ((text, options), item_words) in enumerate(zip(items, words)):
        if not item_words:
            continue
        numbers = frozenset(_NUMBER.findall(text))
        option_keys = set(options)
        prefix = join.prefix(item_words)
        if position >= report_from:
            match = join.match(item_words, numbers, prefix, option_keys)
            if match is not None:
                found[position] = match
        join.add(position, item_words, numbers, prefix, option_keys)
    return found


class _Join:
    """The groups seen so far, indexed by (numbers, word) for the words of their prefixes."""

    def __init__(self, frequency: Counter):
        self.frequency = frequency
        self.groups: list[_Group] = []
        self.by_words: dict[frozenset[str], int] = {}
        self.index: dict[tuple[frozenset[str], str], list[int]] = {}

    def prefix(self, words: frozenset[str]) -> list[str]:
        ordered = sorted(words, key=lambda word: (self.frequency[word], word))
        return ordered[:len(ordered) - math.ceil(THRESHOLD * len(ordered) - 1e-9) + 1]

    def add(self, position: int, words: frozenset[str], numbers: frozenset[str], prefix: list[str],
            options: set[str]) -> None:
        number = self.by_words.get(words)
        if number is None:
            number = self.by_words[words] = len(self.groups)
            self.groups.append(_Group(words))
            for word in prefix:
                self.index.setdefault((numbers, word), []).append(number)
        self.groups[number].add(position, options)

    def match(self, words: frozenset[str], numbers: frozenset[str], prefix: list[str],
              options: set[str]) -> tuple[int, float] | None:
        own = self.by_words.get(words)
        if own is not None:
            earlier = self.groups[own].earliest_sharing(options)
            if earlier is not None:
                return earlier, 1.0
        size = len(words)
        low, high = THRESHOLD * size, size / THRESHOLD
        seen = {own}
        for word in prefix:
            for number in self.index.get((numbers, word), ()):
                if number in seen:
                    continue
                seen.add(number)
                if len(seen) > MAX_CANDIDATES:
                    return None
                group = self.groups[number]
                other = len(group.words)
                if not low <= other <= high:
                    continue
                shared = len(words & group.words)
                similarity = shared / (size + other - shared)
                if similarity >= THRESHOLD:
                    earlier = group.earliest_sharing(options)
                    if earlier is not None:
                        return earlier, similarity
        return None
