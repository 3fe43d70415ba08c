"""Keep the index entries of unchanged pages in the search index of an incremental build.

Sphinx 9's search index builder reloads the previous ``searchindex.js`` on an incremental build
and keeps the titles and words of the pages it does not rewrite, but not their ``index``
directive entries: after a one-page edit the index holds the entries of the rewritten pages
only, and a search that an entry answered first ("h_n order", "merge_mode", ...) no longer
finds it first. This extension restores those entries from the previous index, and drops the
entries of pages that are rebuilt (they are fed again) or gone. The entries are written in page
order, so an incremental build writes the same index as a full one.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import IndexBuilder

_original_load = IndexBuilder.load
_original_prune = IndexBuilder.prune
_original_freeze = IndexBuilder.freeze


def _load(self: IndexBuilder, stream: Any, format: Any) -> None:
    data = stream.read()
    reread = io.StringIO if isinstance(data, str) else io.BytesIO
    _original_load(self, reread(data), format)  # raises ValueError for an old format, as before
    frozen = (self.formats[format] if isinstance(format, str) else format).load(reread(data))
    docnames = frozen["docnames"]
    restored: dict[str, list[tuple[str, str, str]]] = {}
    for entry, hits in frozen.get("indexentries", {}).items():
        for doc, target_id, is_main in hits:
            restored.setdefault(docnames[doc], []).append(
                (entry, target_id or "", "main" if is_main else "")
            )
    for docname, entries in restored.items():
        self._index_entries.setdefault(docname, sorted(entries))


def _prune(self: IndexBuilder, docnames: Iterable[str]) -> None:
    keep = set(docnames)
    _original_prune(self, keep)
    for docname in list(self._index_entries):
        if docname not in keep:
            del self._index_entries[docname]


def _freeze(self: IndexBuilder) -> dict[str, Any]:
    # Pages in name order, whichever were rewritten: two builds write the same index.
    ordered = sorted(self._index_entries.items())
    self._index_entries.clear()
    self._index_entries.update(ordered)
    return _original_freeze(self)


def setup(app: Sphinx) -> dict[str, Any]:
    IndexBuilder.load = _load  # type: ignore[method-assign]
    IndexBuilder.prune = _prune  # type: ignore[method-assign]
    IndexBuilder.freeze = _freeze  # type: ignore[method-assign]
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
