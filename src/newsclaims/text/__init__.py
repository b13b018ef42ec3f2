"""Text helpers every extractor stage may use and none owns: case folding and the regex
prefilter (``prefilter``), clause and quotation bounds (``clauses``), case-sensitive
language patterns (``patterns``). No spaCy, no words of a language."""
