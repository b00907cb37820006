"""Exceptions raised by basin.

Every error of the library arrives as a subclass of :class:`BasinError`. A refusal
(:class:`RefusedError`) names its way out in this package's terms, as keyword arguments
(``inputs={"LPS": 1}``, ``method="sample"``), and lists them in :attr:`RefusedError.suggestions`
as dicts that can be passed straight back into the call. Files that cannot be read raise the
built-in :class:`OSError` (``FileNotFoundError`` for a missing file), and a Ctrl-C during an
exploration raises :class:`KeyboardInterrupt` once the exploration has stopped.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class BasinError(Exception):
    """Base class of basin's errors."""


class ParseError(BasinError, ValueError):
    """A model, phenotype, condition or expectations file that cannot be read as written.

    Attributes:
        line: 1-based line of the error (``None`` when it concerns the whole file).
        column: 1-based column, in characters (``None`` with ``line``).
        text: the offending line as written, if known.
        hint: a suggestion for the fix (``"did you mean 'TNFa'?"``), if any.
        path: the file, if the text came from one.
        reason: the problem alone, without position or excerpt.
    """

    def __init__(
        self,
        message: str,
        *,
        line: Optional[int] = None,
        column: Optional[int] = None,
        text: Optional[str] = None,
        hint: Optional[str] = None,
        path: Optional[str] = None,
        reason: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.text = text
        self.hint = hint
        self.path = path
        self.reason = reason


class RefusedError(BasinError):
    """Work refused before it started: it would not fit in memory or exceeds a limit of the
    method.

    Attributes:
        remedies: the ways out, most direct first, in words naming keyword arguments
            (``'use method="sample" (samples=N, seed=S)'``).
        suggestions: the remedies that one set of keyword arguments applies, as dicts to pass
            back into the call (``{"method": "sample"}``, ``{"inputs": {"LPS": 1}}``).
    """

    def __init__(
        self,
        message: str,
        *,
        remedies: Optional[List[str]] = None,
        suggestions: Optional[List[Dict[str, Any]]] = None,
    ) -> None:
        super().__init__(message)
        self.remedies = list(remedies or [])
        self.suggestions = list(suggestions or [])


class UnknownNameError(BasinError, ValueError):
    """A node, condition or label name that the model or files do not have.

    Attributes:
        name: the name given.
        suggestion: the closest known name, if one is close.
    """

    def __init__(
        self, message: str, *, name: str = "", suggestion: Optional[str] = None
    ) -> None:
        super().__init__(message)
        self.name = name
        self.suggestion = suggestion


class InvalidArgumentError(BasinError, ValueError):
    """An argument or file content that basin cannot use (an input given two values, a node
    that is not an input, a value out of range)."""


class CancelledError(BasinError):
    """The work was stopped by its ``timeout`` before it finished."""


__all__ = [
    "BasinError",
    "CancelledError",
    "InvalidArgumentError",
    "ParseError",
    "RefusedError",
    "UnknownNameError",
]
