"""Link each figure to the time expression that governs it (``Quantity.time``).

Order of preference, first that applies:

1. the nearest time expression in the figure's own clause (clauses are cut at the
   language's ``clause_break`` pattern in ``times.yaml``);
2. the nearest time expression in another clause of the sentence, unless that clause comes
   after the figure and holds a figure of its own ("..., wie die Behörde am Dienstag mitteilte"
   links; "fell by 9,000, bringing losses since January to 26,000" does not). A figure whose
   clause opens as a comparison (``comparison_clause``: "entered Gaza last week, far below the
   600 ...", "down from around 60%") takes only a time of its own clause;
3. when the next sentence refers back to the figures (``figure_anaphora``: "Diese Zahlen ...",
   "The figures ...") and carries a time but no figure of its own, its first time;
4. otherwise none (claims may fall back on the publication date).

The gold contract (docs/annotation.md I) takes the time from the figure's own sentence: a time in an
adjacent sentence that only carries the figure's attribution ("Das teilte die Behörde am Sonntag
mit.") is not linked.

A time that is a benchmark is never linked: one right after a comparison word
(``benchmark_before``: "mehr als im Vorjahr", "fewer than five years ago", "down from 27.1% four
years ago"), one after a comparison with another number in the figure's clause
(``comparison_between``: "up 40% from 17,800 in the same period last year" leaves 40% without it)
or a since-time right after a superlative (``benchmark_since_before``: "the lowest
since 2001"). A time inside brackets ("27,5 Prozent (2021: 31,0)") links only figures inside the
same brackets. Distances are in characters between spans (0 when they touch). No words live here.
"""

from .linking import link_times
from .component import make_time_links

__all__ = ["link_times", "make_time_links"]
