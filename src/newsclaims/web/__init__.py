"""The web view and HTTP API: ``create_app()`` in ``app.py``, ``newsclaims serve`` in ``cli.py``.

Kept import-light: the FastAPI app is built only when asked for.
"""


def create_app(*args, **kwargs):
    from .app import create_app as _create_app

    return _create_app(*args, **kwargs)


__all__ = ["create_app"]
