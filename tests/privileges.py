"""File permissions that hold even for root, for the tests of unreadable files and folders.

Root reads any file whatever its mode, through the capabilities CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH.  :func:`permissions_enforced` drops both from this thread's
effective set for the duration (they stay permitted, so they can be raised again) and
restores them after: a ``chmod 000`` file is then unreadable to this thread and to the
processes it forks, as it is to any ordinary user.  For a non-root user it does nothing.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

_CAPABILITY_VERSION_3 = 0x20080522
_DAC = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


@contextmanager
def permissions_enforced() -> Iterator[None]:
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _Header(_CAPABILITY_VERSION_3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        pytest.skip(f"cannot read this thread's capabilities (errno {ctypes.get_errno()})")
    saved = data[0].effective
    data[0].effective = saved & ~_DAC
    if libc.capset(ctypes.byref(header), data) != 0:
        pytest.skip(f"cannot drop root's file-permission override (errno {ctypes.get_errno()})")
    try:
        yield
    finally:
        data[0].effective = saved
        libc.capset(ctypes.byref(header), data)
