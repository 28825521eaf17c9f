"""briefing: situation briefs from news articles."""

__version__ = "0.1.0"
