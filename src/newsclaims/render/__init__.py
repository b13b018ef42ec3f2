"""Renderers: a Report (or many) to json, jsonl, text, csv, markdown, html."""
