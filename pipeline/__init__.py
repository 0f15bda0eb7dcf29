"""papertrail: council papers to typed, source-linked records."""

__version__ = "0.1.0"
