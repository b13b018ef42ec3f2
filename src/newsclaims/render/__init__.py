"""Renderers: a Report (or many) to json, jsonl, text, csv, html. Figures and labels are put in
words by one formatter, ``render.labels``, shared by the text and HTML renderers."""
