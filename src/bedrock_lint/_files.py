"""Reading files, finding the config file, and the limits the quick path shares with the
full command.

Only ``os`` and ``stat`` are imported: the console entry (``quick``) reads files with the same
function, under the same limits, as the linter (``engine``), without paying for the rest.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs the quick path
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

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


def listing(entries: Iterable[os.DirEntry[str]]) -> list[str]:
    """A folder's entries as a walk sees them: names, with "/" after a folder's, "@" after a
    link's and "?" after anything else that is not a regular file (a walk treats them apart)."""
    out = []
    for entry in entries:
        try:
            mark = ("@" if entry.is_symlink() else "/" if entry.is_dir(follow_symlinks=False)
                    else "" if entry.is_file(follow_symlinks=False) else "?")
        except OSError:
            mark = "?"
        out.append(entry.name + mark)
    return out


class Undecided(Exception):
    """A ``pyproject.toml`` on the way could not be judged: where the config is is unknown."""


def may_name_our_table(data: bytes) -> bool:
    """False when a pyproject.toml's bytes cannot hold ``[tool.bedrock-lint]`` in any TOML
    spelling (header, dotted or inline key, quoted): the key is written out, or escaped
    (``\\u``, ``\\U``, TOML 1.1's ``\\x``)."""
    return b"bedrock-lint" in data or b"\\u" in data or b"\\U" in data or b"\\x" in data


def find_config_file(folder: str, ours: Callable[[str, bytes | None], bool | None]) -> str | None:
    """The nearest config file at or above ``folder`` (walked up as written), as a path under
    it, or None. A ``.bedrock-lint.toml`` or ``bedrock-lint.toml`` counts as found; a
    ``pyproject.toml`` when ``ours(path, its bytes)`` says so (bytes None: unreadable), asked
    only when its bytes may name our table. ``ours`` returning None raises ``Undecided``."""
    here = folder
    while True:
        for name in CONFIG_FILES:
            candidate = os.path.join(here, name)
            try:
                if not stat.S_ISREG(os.stat(candidate).st_mode):
                    continue
            except (OSError, ValueError):  # absent, or a folder above that cannot be searched
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                data: bytes | None = read_bytes(candidate, limit=1 << 30, regular_only=True)
            except OSError:
                data = None
            if data is not None and not may_name_our_table(data):
                continue
            verdict = ours(candidate, data)
            if verdict is None:
                raise Undecided(candidate)
            if verdict:
                return candidate
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
