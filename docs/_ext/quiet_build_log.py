"""A build log a newcomer can read: no configuration dumps.

Upstream: myst-parser and myst-nb log their whole configuration at INFO level on every build
(``myst v5.2.0: MdParserConfig(...)``, ``myst-nb v1.4.0: NbParserConfig(...)``: two lines of
about 1,500 characters each), with no setting to turn it off. Written against myst-parser 5.2.0
and myst-nb 1.4.0 (the kernels' own log line is quieted by ``page_kernels``).

A logging filter on Sphinx's handlers drops the records that print one of those two
configuration objects, and nothing else: every warning and error still shows.
"""

from __future__ import annotations

import logging
from typing import Any

from sphinx.application import Sphinx

CONFIG_DUMPS = frozenset({"MdParserConfig", "NbParserConfig"})


class DropConfigDumps(logging.Filter):
    """Reject log records that print a myst-parser or myst-nb configuration object."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(type(arg).__name__ in CONFIG_DUMPS for arg in args)


def setup(app: Sphinx) -> dict[str, Any]:
    # Sphinx puts its handlers on the "sphinx" logger before it loads any extension.
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(DropConfigDumps())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
