"""Reading files, and the names and limits the quick path shares with the full command.

Only ``os`` and ``stat`` are imported: the console entry (``quick``) reads files with the same
function, under the same limits, as the linter (``engine``), without paying for the rest.
"""

from __future__ import annotations

import os
import stat

#: files larger than this are not parsed
MAX_BYTES = 8 * 1024 * 1024
#: UTF-16/32 byte order marks: the byte pre-filter cannot read such a file
WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
#: the config file names, in the order they are looked for in each folder
CONFIG_FILES = (".bedrock-lint.toml", "bedrock-lint.toml", "pyproject.toml")

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
_CHUNK = 1024 * 1024

#: (size, mtime_ns, ctime_ns) of a file, or None when it did not exist (``cache.Stamp``)
Stamp = tuple[int, ...] | None


def stamp_of(st: os.stat_result) -> tuple[int, int, int]:
    """The stamp of a ``stat`` result: a change time cannot be set back (``cp -p``, ``touch
    -r`` restore an mtime only)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM optional) or UTF-16/32 with a BOM; raise UnicodeError else."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(codec)
    return data.decode("utf-8")


def read_bytes(path: str, limit: int = MAX_BYTES + 1, regular_only: bool = False) -> bytes:
    """At most ``limit`` bytes of a file. One ``read`` of the file's size for a regular file:
    ``open(...).read(limit)`` allocates ``limit`` bytes first (8 MiB a file, most of a
    whole-tree run). Non-blocking: a FIFO never stalls the run. Raises OSError."""
    return read_stamped(path, limit, regular_only)[0]


def read_stamped(path: str, limit: int = MAX_BYTES + 1,
                 regular_only: bool = False) -> tuple[bytes, Stamp]:
    """``read_bytes`` and the file's stamp as it was opened (no second ``stat``)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        regular = stat.S_ISREG(st.st_mode)
        if regular_only and (not regular or st.st_size >= limit):
            raise OSError("not a regular file, or too large")  # /dev/zero, a FIFO
        own = stamp_of(st)
        want = min(st.st_size + 1, limit) if regular else min(_CHUNK, limit)
        data = os.read(fd, want)
        if regular and len(data) < want:
            return data, own  # a short read of a regular file is its end
        parts, total = [data], len(data)
        while data and total < limit:  # grew since fstat, or not a regular file
            data = os.read(fd, min(_CHUNK, limit - total))
            parts.append(data)
            total += len(data)
        return b"".join(parts), own
    finally:
        os.close(fd)
