"""The vectorised kernels of the CSV fast path: byte matrices, 64-bit word tricks, option matches.

Each kernel decides only cells it can read exactly (plain decimals such as ``-12`` or ``3.50``, option
names byte for byte) and marks every other cell *unsure*; the caller reads those with the reference
readers of :mod:`brightline.offers.bids_numbers`, so both paths give the same result (property-tested).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

MAX_FAST_WIDTH = 32
_POWERS = 10.0 ** np.arange(0, 19)


def gather(
    padded: npt.NDArray[np.uint8], start: IntArray, end: IntArray, right: bool
) -> npt.NDArray[np.uint8]:
    """Fields as a zero-padded ``(rows, width)`` byte matrix, right- or left-aligned.

    Rows are copied out of a sliding-window view of the buffer (no index matrix is built). Fields
    longer than the width cap are cut and later marked unsure by their length.
    """
    length = end - start
    width = int(min(max(int(length.max(initial=0)), 1), MAX_FAST_WIDTH + 1))
    if right:  # a multiple of 8, so rows can be counted as 64-bit words
        width = -(-width // 8) * 8
    if padded.shape[0] < width:
        padded = np.concatenate([padded, np.zeros(width, dtype=np.uint8)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    offsets = np.arange(width)[None, :]
    first = end - width if right else start
    last = padded.shape[0] - width
    cells = windows[np.clip(first, 0, last)]
    if right:
        cells[offsets < (width - length)[:, None]] = 0
    else:
        cells[offsets >= length[:, None]] = 0
    # Windows cut by the start or end of the file (a few fields at most) are copied by hand.
    for row in np.flatnonzero((first < 0) | (first > last)):
        field = padded[start[row] : start[row] + min(int(length[row]), width)]
        cells[row] = 0
        if right:
            cells[row, width - field.shape[0] :] = field
        else:
            cells[row, : field.shape[0]] = field
    return np.ascontiguousarray(cells)


_ONES = np.uint64(0x0101010101010101)
_HIGH = np.uint64(0x8080808080808080)


def _bytes_equal(words: npt.NDArray[np.uint64], byte: int) -> npt.NDArray[np.uint64]:
    """High bit set in each byte of the words equal to ``byte`` (exact for ASCII words)."""
    y = words ^ (_ONES * np.uint64(byte))
    low = np.uint64(0x7F7F7F7F7F7F7F7F)
    return ~(((y & low) + low) | y) & _HIGH


def numbers_in_words(
    data: bytes, start: IntArray, end: IntArray, allow_dot: bool = True
) -> tuple[FloatArray, BoolArray]:
    """Fields of at most 8 bytes read as one little-endian 64-bit word each (SWAR).

    The word ending at the field's last byte holds the field in its high bytes (right-aligned);
    bytes before the field are shifted out. Digits are combined with three multiply-and-shift
    steps, so a column costs a few dozen operations on one integer per row instead of a pass
    per character. Same results as :func:`numbers`; anything unusual is marked unsure.
    """
    length = end - start
    rows = start.shape[0]
    size = len(data)
    if size < 8:
        data = data + bytes(8 - size)
        size = 8
    view = np.ndarray((size - 7,), dtype="<u8", buffer=data, offset=0, strides=(1,))
    first = end - 8
    words = view[np.clip(first, 0, size - 8)].copy()
    for row in np.flatnonzero(first < 0):  # a field in the file's first 8 bytes
        field = data[start[row] : end[row]]
        words[row] = int.from_bytes(bytes(8 - len(field)) + field, "little")
    cut = (np.uint64(8) - np.clip(length, 0, 8).astype(np.uint64)) * np.uint64(8)
    words = np.where(cut >= np.uint64(64), np.uint64(0), (words >> cut) << cut)
    ascii_only = (words & _HIGH) == 0
    at_least_0 = (words + _ONES * np.uint64(0x50)) & _HIGH
    above_9 = (words + _ONES * np.uint64(0x46)) & _HIGH
    digit = at_least_0 & ~above_9
    dot = _bytes_equal(words, 0x2E)
    sign = _bytes_equal(words, 0x2D) | _bytes_equal(words, 0x2B)
    digits = np.bitwise_count(digit).astype(np.int64)
    dots = np.bitwise_count(dot).astype(np.int64)
    signs = np.bitwise_count(sign).astype(np.int64)
    unsure = ~ascii_only | (digits + dots + signs != length) | (dots > 1) | (digits == 0)
    unsure |= length > 8
    if not allow_dot:  # a dot may group thousands: the reference reader decides
        unsure |= dots > 0
    # Digit values (dot, sign and padding read as 0), then 8 digits -> one integer.
    value = words & np.uint64(0x0F0F0F0F0F0F0F0F) & ((digit >> np.uint64(7)) * np.uint64(0xFF))
    value = (value * np.uint64(2561)) >> np.uint64(8)
    value = ((value & np.uint64(0x00FF00FF00FF00FF)) * np.uint64(6553601)) >> np.uint64(16)
    value = ((value & np.uint64(0x0000FFFF0000FFFF)) * np.uint64(42949672960001)) >> np.uint64(32)
    packed = (value & np.uint64(0xFFFFFFFF)).astype(np.float64)
    negative = np.zeros(rows, dtype=np.bool_)
    signed = np.flatnonzero(signs > 0)
    if signed.shape[0]:
        first_byte = (8 - length[signed]) * 8
        lead = (words[signed] >> first_byte.astype(np.uint64)) & np.uint64(0xFF)
        unsure[signed] |= (signs[signed] > 1) | ((lead != 0x2D) & (lead != 0x2B))
        negative[signed] = lead == 0x2D
    with_dot = dots == 1
    dot_byte = np.zeros(rows, dtype=np.int64)
    if with_dot.any():
        dot_byte[with_dot] = (np.log2(dot[with_dot].astype(np.float64)).astype(np.int64) - 7) // 8
    fraction = np.where(with_dot, 7 - dot_byte, 0)
    scale = _POWERS[np.clip(fraction, 0, 18)]
    remainder = packed - np.floor(packed / scale) * scale
    number = ((packed - remainder) / np.where(with_dot, 10.0, 1.0) + remainder) / scale
    number[negative] = -number[negative]
    number[unsure] = np.nan
    return np.asarray(number, dtype=np.float64), np.asarray(unsure, dtype=np.bool_)


def _count(mask: BoolArray) -> FloatArray:
    """True cells per row of a boolean matrix whose width is a multiple of 8 (popcount)."""
    words = np.ascontiguousarray(mask).view(np.uint64)
    return np.asarray(np.bitwise_count(words).sum(axis=1, dtype=np.int64), dtype=np.float64)


def numbers(
    cells: npt.NDArray[np.uint8], length: IntArray, allow_dot: bool = True
) -> tuple[FloatArray, BoolArray]:
    """Plain decimals (``-12``, ``3.50``) exactly; everything else is marked unsure.

    With fields right-aligned, reading the dot as a zero digit gives ``A = 10·L + R`` where ``L``
    is the integer part's contribution and ``R < 10**k`` the ``k`` fraction digits; so ``R`` is
    ``A`` modulo ``10**k`` and the number is ``(L + R) / 10**k``. Every step is exact in float64
    for up to 15 digits, so the result equals Python's ``float()`` of the text. Per-row counts are
    popcounts and matrix products, far faster in numpy than reductions over short rows.
    """
    rows, width = cells.shape
    digit = (cells >= 48) & (cells <= 57)
    dot = cells == 46
    sign = (cells == 45) | (cells == 43)
    digits, dots, signs = _count(digit), _count(dot), _count(sign)
    unsure = (digits + dots + signs != length) | (dots > 1) | (digits == 0) | (digits > 15)
    unsure |= length > MAX_FAST_WIDTH
    if not allow_dot:
        unsure |= dots > 0
    powers = 10.0 ** np.arange(width - 1, -1, -1)
    packed = ((cells - np.uint8(48)) * digit).astype(np.float64) @ powers
    unsure |= packed >= 2.0**53  # beyond this a float64 no longer holds every integer
    negative = np.zeros(rows, dtype=np.bool_)
    signed = np.flatnonzero(signs > 0)
    if signed.shape[0]:
        lead = cells[signed, np.clip(width - length[signed], 0, width - 1)]
        unsure[signed] |= (signs[signed] > 1) | ((lead != 45) & (lead != 43))
        negative[signed] = lead == 45
    with_dot = dots == 1
    dot_at = dot.astype(np.float32) @ np.arange(width, dtype=np.float32)
    fraction = np.where(with_dot, width - 1 - dot_at, 0).astype(np.int64)
    scale = _POWERS[np.clip(fraction, 0, 18)]
    remainder = packed - np.floor(packed / scale) * scale
    number = ((packed - remainder) / np.where(with_dot, 10.0, 1.0) + remainder) / scale
    number[negative] = -number[negative]
    number[unsure] = np.nan
    return np.asarray(number, dtype=np.float64), np.asarray(unsure, dtype=np.bool_)


def options(cells: npt.NDArray[np.uint8], names: Sequence[str]) -> tuple[IntArray, BoolArray]:
    """Option index per row by exact byte match; anything else is left to the slow reader."""
    width = cells.shape[1]
    as_bytes = cells.view(f"S{width}").ravel()
    picked = np.full(cells.shape[0], -1, dtype=np.int64)
    for index, name in enumerate(names):
        encoded = name.encode()
        if len(encoded) > width:
            continue
        picked[as_bytes == encoded] = index
    return picked, picked < 0
