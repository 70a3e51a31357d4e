"""The errors `ppf fetch` raises. Every message names the URL or file and the problem."""

from __future__ import annotations


class FetchError(Exception):
    """Discovery, download or unpacking failed; nothing from it was landed."""


class RefusedUrl(FetchError):
    """A URL was refused before any request: not https, not an official host, or credentials."""


class NotFound(FetchError):
    """The server answered 404 or 410: the page or file is not (or no longer) published."""


class TooLarge(FetchError):
    """A response or an archive member is bigger than the limit set for it."""


class ArchiveError(FetchError):
    """An archive is unsafe or corrupt; nothing from it was extracted into landing."""
