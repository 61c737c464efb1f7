"""Output paths that names inside an input can never steer outside the chosen folder.

A fix or an audit writes one file per input or record, named after something the input itself
says (a file name inside an archive, a WARC record's URL, a JSON ``id``). Such a name may be
``../../.bashrc``, ``/etc/passwd``, ``C:\\x``, hold a NUL, or point through a symbolic link
planted in the folder. :func:`safe_child` refuses all of them; :func:`child_name` turns any
string into one harmless file name instead, for callers that would rather rename than refuse.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

from detector.errors import LoadError

__all__ = ["UnsafePathError", "child_name", "safe_child"]

_UNSAFE_CHARS = re.compile(r"[^\w.-]+")
_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10)]
)
_MAX_NAME = 120
#: The longest file or folder name most file systems take (ext4, XFS, APFS, NTFS: 255).
_MAX_PART_BYTES = 255


class UnsafePathError(LoadError):
    """A name would place an output outside its folder, or cannot name a file at all."""


def safe_child(root: str | os.PathLike[str], name: str) -> Path:
    """Return ``root/name`` if it lies inside ``root``; raise UnsafePathError otherwise.

    ``name`` may hold sub-folders (``a/b.txt``, either slash). Refused: an empty name, NUL or
    other control characters, an absolute path or drive (``/x``, ``C:x``, ``\\\\host\\x``), any
    ``..`` part, a part longer than 255 bytes (no file system would take it), and a path that
    symbolic links already in ``root`` would lead outside it.
    Nothing is created.
    """
    if not isinstance(name, str) or not name.strip():
        raise UnsafePathError(f"unsafe output name {name!r}: empty")
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise UnsafePathError(f"unsafe output name {name!r}: control characters")
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    if posix.is_absolute() or windows.drive or windows.root:
        raise UnsafePathError(f"unsafe output name {name!r}: an absolute path")
    parts = [part for part in windows.parts if part not in ("", ".")]
    if not parts or any(part == ".." for part in parts):
        raise UnsafePathError(f"unsafe output name {name!r}: leads out of the output folder")
    if any(len(os.fsencode(part)) > _MAX_PART_BYTES for part in parts):
        shown = name[:60] + "..." if len(name) > 60 else name
        raise UnsafePathError(
            f"unsafe output name {shown!r}: a part longer than {_MAX_PART_BYTES} bytes"
        )
    base = Path(os.path.realpath(root))
    target = Path(os.path.realpath(base.joinpath(*parts)))
    if target == base or base not in target.parents:
        raise UnsafePathError(f"unsafe output name {name!r}: leads out of the output folder")
    return target


def child_name(text: str, *, suffix: str = "") -> str:
    """Make one safe file name (no folders) from any string, stable for the same string.

    Characters other than letters, digits, ``.``, ``-`` and ``_`` become ``_``; a name that
    had to change, or is too long, ends with a short digest of the original so that two
    different strings never meet in one name.
    """
    stem = _UNSAFE_CHARS.sub("_", unicodedata.normalize("NFKC", text)).strip("._") or "_"
    changed = stem != text or len(stem) > _MAX_NAME or stem.lower() in _WINDOWS_DEVICES
    if changed:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        stem = f"{stem[:_MAX_NAME]}-{digest}"
    return stem + suffix
