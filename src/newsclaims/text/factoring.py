"""Word lists inside a pattern regrouped by their first characters: the same matches, found sooner.

``re`` tries the branches of an alternation one by one. A word list of a few hundred words
("(?!(?:aber|alle|...)\\b)" before each word a noun phrase may hold) costs a test of every word
at every word start. Written as a tree by first characters ("a(?:ber|lle)|..."), only the
words that share the character there are tried: the noun-phrase pattern runs in ~40% of its time.

The regrouping keeps what the pattern matches and which match it prefers: two branches that
begin with different characters never both match at one position, so their order does not
matter; branches that share the first character keep their order among themselves (a
branch that is that one character alone becomes an empty last branch of their rests, where it
was last; elsewhere the group is left as it is). Under case-insensitive matching two first characters count as different only
when neither matches the other; groups added are non-capturing, so group numbers stay.
Only groups whose branches are all plain literals are touched; a pattern with inline global
flags or verbose mode is left as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..cache import DiskCache, code_version

# One literal character of a pattern: an escaped non-alphanumeric character or a plain one.
_LITERAL = r"(?:\\[^A-Za-z0-9]|[^.^$*+?{}\[\]\\|()])"
_TOKEN = re.compile(_LITERAL)
# A group holding only literal branches: "(?:aber|alle)", "(?i:einer|eine)".
_WORD_GROUP = re.compile(r"\((\?[aiLmsux]*:)((?:" + _LITERAL + r"+\|)+" + _LITERAL + r"+)\)")
# What the walk over a pattern's groups reads: an escape, a character class (skipped whole),
# a group's opening (with its flags) and its end.
_SYNTAX = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\((?:\?([aiLmsux]*)(?:-([imsx]+))?:)?|\)", re.DOTALL)
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


@lru_cache(maxsize=None)
def factored(pattern: str, flags: int = 0) -> str:
    """``pattern`` with each group of literal branches written as a tree by first characters;
    kept in the user cache (:mod:`newsclaims.cache`), as compiled regexes are: regrouping
    attribution's patterns (~700,000 characters) takes ~0.1 s a process."""
    return _kept().get(f"{flags}\0{pattern}", lambda: _factored(pattern, flags))


@lru_cache(maxsize=1)
def _kept() -> DiskCache:
    return DiskCache("factored", code_version(__file__))


def _factored(pattern: str, flags: int) -> str:
    """What ``factored`` gives, worked out."""
    if flags & re.VERBOSE or _GLOBAL_FLAGS.search(pattern):
        return pattern
    scopes = _scopes(pattern, bool(flags & re.IGNORECASE))

    def regroup(m: re.Match) -> str:
        ignorecase = scopes.get(m.start())
        if ignorecase is None:  # inside a character class, or not a group the walk saw
            return m.group(0)
        tree = _list_tree(m.group(2), ignorecase)
        return m.group(0) if tree is None else "(" + m.group(1) + tree + ")"

    return _WORD_GROUP.sub(regroup, pattern)


@lru_cache(maxsize=None)
def _list_tree(body: str, ignorecase: bool) -> str | None:
    """A group's literal branches ("aber|alle") as a tree (kept: the frame patterns repeat the
    noun phrase's lists ~2,000 times)."""
    return _tree([tuple(_TOKEN.findall(b)) for b in body.split("|")], ignorecase)


def _scopes(pattern: str, ignorecase: bool) -> dict[int, bool]:
    """Where each group opens (outside character classes) -> whether it matches ignoring case."""
    out, stack = {}, [ignorecase]
    for m in _SYNTAX.finditer(pattern):
        token = m.group(0)
        if token == ")":
            stack.pop()
        elif token[0] == "(":
            case = stack[-1]
            if m.group(1) and "i" in m.group(1):
                case = True
            if m.group(2) and "i" in m.group(2):
                case = False
            out[m.start()] = case
            stack.append(case)
    return out


def _tree(branches: list[tuple[str, ...]], ignorecase: bool) -> str | None:
    """The branches (tuples of literal tokens, in order) grouped by first token; None where
    that would not keep their matches and order."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for b in branches:
        if not b:
            return None
        char = _char(b[0])
        groups.setdefault(char.lower() if ignorecase else char, []).append(b)
    if ignorecase and not _distinct(list(groups)):
        return None
    return "|".join(_subtree(g, ignorecase) for g in groups.values())


def _subtree(group: list[tuple[str, ...]], ignorecase: bool) -> str:
    """Branches sharing their first token: the token, then their rests as a group."""
    if len(group) == 1:
        return "".join(group[0])
    rests = [b[1:] for b in group]
    if any(not r for r in rests[:-1]):
        return "|".join("".join(b) for b in group)  # the token alone before longer branches
    optional = not rests[-1]
    rests = rests[:-1] if optional else rests
    inner = _tree(rests, ignorecase) if len(rests) > 1 else "".join(rests[0])
    if inner is None:
        inner = "|".join("".join(r) for r in rests)
    return group[0][0] + "(?:" + inner + ("|)" if optional else ")")  # "|)", not ")?": no repeat


def _char(token: str) -> str:
    """The character a literal token stands for ("\\-" and "-" are one)."""
    return token[1:] if token.startswith("\\") else token


def _distinct(chars: list[str]) -> bool:
    """No two characters match each other ignoring case (as ``re`` folds: "s" and the long s).
    Two ASCII characters, lowercased and different, never do."""
    return not any(_fold_match(a, b) for i, a in enumerate(chars) for j, b in enumerate(chars)
                   if i != j and not (a.isascii() and b.isascii()))


@lru_cache(maxsize=None)
def _fold_match(a: str, b: str) -> bool:
    return re.fullmatch(re.escape(a), b, re.IGNORECASE) is not None
