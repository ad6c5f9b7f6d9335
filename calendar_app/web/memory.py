"""Large buffers go back to the system when freed: glibc's mmap threshold held at 256 KiB.

A city-wide feed is a body of some 3.8 MB built from about 90,000 short lines, once per
variant and data version. glibc serves a request above its mmap threshold with its own
mapping and unmaps it on free, but it raises that threshold (up to 32 MiB) each time
such a block is freed, so from the second feed on the bodies and their intermediates
come from the heap (in a threaded worker, from one heap per thread), and the holes they
leave stay in the worker's RSS. Setting the threshold switches the raising off. Measured
with `python -m bench growth`'s sequence at 50,000 activities (one gthread worker, every
page type and ten feed variants): 179 MB without it, 140 MB with it.

Outside glibc (musl, macOS) there is no such threshold and this does nothing.
"""

from __future__ import annotations

import ctypes

#: mallopt's parameter number for the mmap threshold (glibc's malloc.h).
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 256 * 1024


def return_large_buffers() -> bool:
    """Hold the mmap threshold at MMAP_THRESHOLD; False where the C library is not glibc."""
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return False
    if not hasattr(libc, "gnu_get_libc_version") or not hasattr(libc, "mallopt"):
        return False
    mallopt = libc.mallopt
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
