"""What nox, the build benchmark and the tests share: one home each.

Standard library only, so that ``noxfile.py`` can import it before any virtual environment
exists. ``paths``: the repository's folders, what the build generates, ``clean()`` and the
discovery of pages, notebooks and gallery scripts. ``browser``: the Chromium lookup and a quiet
static file server. ``pins``: the torch pin and the lock file, read from where they are written.
"""
