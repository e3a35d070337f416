"""Text search in SQL."""

from __future__ import annotations


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape character `\\`) that matches `text` anywhere."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
