"""pdfium's per-character text calls, declared with plain addresses.

pypdfium2's raw bindings declare typed pointers, so every call converts its arguments;
declared with ``void *`` and given integer addresses, a call costs a third less.  The
PDF readers make a few such calls per character or word, hundreds of thousands a batch.
"""

from __future__ import annotations

import ctypes
import functools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TextCalls:
    """The calls, each taking the text page's address and a character index first."""

    text_object: Any  # (page, index) -> address of the character's text object, or None
    loose_char_box: Any  # (page, index, FS_RECTF address) -> ok
    font_size: Any  # (page, index) -> points
    font_info: Any  # (page, index, buffer address, buffer length, flags address) -> name length
    is_generated: Any  # (page, index) -> 1 for a character pdfium made up, 0, -1 on error
    char_matrix: Any  # (page, index, FS_MATRIX address) -> ok


@functools.cache
def text_calls() -> TextCalls:
    """The declared calls (pdfium is loaded by pypdfium2 on first use)."""
    import pypdfium2.raw as pdfium_c

    def declare(function: Any, result: Any, *arguments: Any) -> Any:
        return ctypes.CFUNCTYPE(result, *arguments)(ctypes.cast(function, ctypes.c_void_p).value)

    address, index = ctypes.c_void_p, ctypes.c_int
    return TextCalls(
        text_object=declare(pdfium_c.FPDFText_GetTextObject, address, address, index),
        loose_char_box=declare(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, address, index, address),
        font_size=declare(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, address, index),
        font_info=declare(pdfium_c.FPDFText_GetFontInfo, ctypes.c_ulong, address, index, address, ctypes.c_ulong, address),
        is_generated=declare(pdfium_c.FPDFText_IsGenerated, ctypes.c_int, address, index),
        char_matrix=declare(pdfium_c.FPDFText_GetMatrix, ctypes.c_int, address, index, address),
    )


def address_of(handle: Any) -> int:
    """The address a pypdfium2 raw handle points to (0 for NULL)."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0
