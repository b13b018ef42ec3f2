"""One run flow for every way in (CLI ``analyze``, ``corpus add``, the web app, ``analyze()``).

* ``inputs``: input expansion (files, folders, globs, URLs, ``-``) and explicit Sources.
* ``records``: JSON Lines and Parquet files of records, one input per record, read in partitions.
* ``dates``: the publication-date rule and date parsing with a reason.
* ``pool``: how many worker processes, started how, dying with their parent; the executors'
  shared ordered, windowed map.
* ``dask``: the executor on a Dask cluster (``--scheduler``; the optional extra ``cluster``).
* ``flow``: one input through read -> date -> analysis -> finish; many in input order.
"""

from .dates import date_from_name, parse_date, publication_date
from .flow import Options, Outcome, analyze, analyze_source, process, run
from .inputs import Source, expand, is_url, shown, source_of
from .pool import choose_jobs

__all__ = [
    "Options", "Outcome", "Source", "analyze", "analyze_source", "choose_jobs", "date_from_name", "expand",
    "is_url", "parse_date", "process", "publication_date", "run", "shown", "source_of",
]
