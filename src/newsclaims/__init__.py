"""newsclaims: reads news reports and lays out every checkable claim."""

__version__ = "0.1.0"

__all__ = ["analyze", "Report", "__version__"]


def __getattr__(name: str):
    # Imported on first use: ``import newsclaims`` (and the CLI's start) stays free of spaCy
    # and pydantic until an analysis needs them.
    if name == "analyze":
        from .run.flow import analyze

        return analyze
    if name == "Report":
        from .report import Report

        return Report
    raise AttributeError(f"module 'newsclaims' has no attribute {name!r}")
