"""Jinja templates shipped with papertrail (loaded with jinja2.PackageLoader)."""
