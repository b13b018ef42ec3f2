"""newsclaims: reads news reports and lays out every checkable claim."""

__version__ = "0.1.0"

from .report import Report  # noqa: E402
from .pipeline import analyze  # noqa: E402

__all__ = ["analyze", "Report", "__version__"]
