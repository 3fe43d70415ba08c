"""The translated editions' catalogs: extract the messages, check them, update them.

``docs/locale/<language>/LC_MESSAGES/<document>.po`` holds one catalog per document (conf.py:
``gettext_compact = False``, no locations, no UUIDs). Sphinx's gettext builder extracts the
current English messages as ``.pot`` files into ``docs/_build/gettext`` (it reads every page again
but executes nothing: the notebooks come from myst-nb's cache, and sphinx-gallery reruns no
unchanged example). Then:

- ``problems()``: every extracted message missing from its catalog, untranslated or fuzzy, and
  every catalog whose header is fuzzy: the list CI prints (``python -m tools.translations check``,
  run by ``nox -s docs -- --lang zh_CN``);
- ``update()``: ``sphinx-intl update`` merges the new messages into the catalogs (a changed
  message becomes fuzzy, for a translator to confirm), then ``normalise_header`` gives every
  catalog the same stable header: no fuzzy flag, no dates, no placeholder names, so an update
  changes only the messages (``nox -s translations``).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from tools.paths import BUILD, DOCS

LOCALE = DOCS / "locale"
POT = BUILD / "gettext"
# The gettext builder records versioning information the HTML builder does not: its own doctrees.
POT_DOCTREES = BUILD / "doctrees-gettext"
LANGUAGES = ("zh_CN",)
# The templates' messages (``{{ _("Search") }}``): Sphinx's and the theme's catalogs translate
# them, not the project's; the site's own template strings are in docs/_ext/editions.py.
TEMPLATES_POT = "sphinx.pot"
HEADER_FIELDS = {
    "Project-Id-Version": "lstm-outputs",
    "Report-Msgid-Bugs-To": "https://github.com/lstm-outputs/lstm-outputs/issues",
    "Last-Translator": "lstm-outputs translators",
}
_DATE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.MULTILINE)


def extract_command(pot_dir: Path = POT, doctrees: Path = POT_DOCTREES) -> list[str]:
    """The strict gettext build that writes the current messages as ``.pot`` files."""
    return [
        *(sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "gettext"),
        *("-d", str(doctrees), str(DOCS), str(pot_dir)),
    ]


def catalog_for(pot: Path, pot_dir: Path, locale_dir: Path, language: str) -> Path:
    """The ``.po`` file that translates ``pot`` (``explain/stacking.pot`` -> ``.../stacking.po``)."""
    relative = pot.relative_to(pot_dir).with_suffix(".po")
    return locale_dir / language / "LC_MESSAGES" / relative


def problems(pot_dir: Path = POT, locale_dir: Path = LOCALE, language: str = "zh_CN") -> list[str]:
    """One line per message that the edition in ``language`` would show in English."""
    from babel.messages.pofile import read_po

    found: list[str] = []
    pots = sorted(pot_dir.rglob("*.pot"))
    if not pots:
        raise FileNotFoundError(
            f"pot_dir: expected .pot files under {pot_dir}, got none "
            "(likely cause: the gettext extraction did not run)"
        )
    for pot in pots:
        if pot == pot_dir / TEMPLATES_POT:
            continue
        po = catalog_for(pot, pot_dir, locale_dir, language)
        name = po.relative_to(locale_dir).as_posix()
        with pot.open("rb") as file:
            wanted = [message.id for message in read_po(file) if message.id]
        if not po.is_file():
            found += [f"{name}: no catalog: {_short(message)}" for message in wanted]
            continue
        with po.open("rb") as file:
            catalog = read_po(file)
        if catalog.fuzzy:
            found.append(f"{name}: the header is marked fuzzy")
        for message_id in wanted:
            message = catalog.get(message_id)
            if message is None:
                found.append(f"{name}: missing: {_short(message_id)}")
            elif not message.string:
                found.append(f"{name}: untranslated: {_short(message_id)}")
            elif message.fuzzy:
                found.append(f"{name}: fuzzy: {_short(message_id)}")
    return found


def _short(message_id: object) -> str:
    text = " ".join(str(message_id).split())
    return repr(text if len(text) <= 100 else text[:97] + "...")


def normalise_header(po: Path) -> bool:
    """Give ``po`` the project's stable header; True if the file changed."""
    original = po.read_text(encoding="utf-8")
    head, separator, body = original.partition('\nmsgstr ""\n')
    if not separator or 'msgid ""' not in head:
        raise ValueError(f"po: expected a catalog with a header entry, got {po} (not a .po file?)")
    head = head.replace('#, fuzzy\nmsgid ""', 'msgid ""')
    fields, _, rest = body.partition("\n\n")
    fields = _DATE.sub("", fields + "\n")
    for key, value in HEADER_FIELDS.items():
        fields = re.sub(rf'^"{key}: .*\\n"$', f'"{key}: {value}\\\\n"', fields, flags=re.MULTILINE)
    text = head + separator + fields.rstrip("\n") + ("\n\n" + rest if rest else "\n")
    if text == original:
        return False
    po.write_text(text, encoding="utf-8")
    return True


def update(language: str = "zh_CN") -> list[Path]:
    """Extract, merge into the catalogs (sphinx-intl), normalise headers; the changed files."""
    subprocess.run(extract_command(), check=True)
    # The templates' messages stay with Sphinx's and the theme's catalogs; docs/locale's
    # sphinx.po holds only the few the theme leaves untranslated, by hand.
    (POT / TEMPLATES_POT).unlink(missing_ok=True)
    subprocess.run(
        [
            *(sys.executable, "-m", "sphinx_intl", "update"),
            *("-p", str(POT), "-d", str(LOCALE), "-l", language),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    root = LOCALE / language / "LC_MESSAGES"
    return [po for po in sorted(root.rglob("*.po")) if normalise_header(po)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["check", "update"])
    parser.add_argument("--lang", default="zh_CN", choices=LANGUAGES)
    parser.add_argument(
        "--no-extract", action="store_true", help="check against the .pot files already extracted"
    )
    args = parser.parse_args(argv)
    if args.action == "update":
        changed = update(args.lang)
        print(f"{len(changed)} catalog(s) changed under {LOCALE / args.lang}")
    elif not args.no_extract:
        subprocess.run(extract_command(), check=True)
    found = problems(language=args.lang)
    for line in found:
        print(line)
    print(f"{len(found)} message(s) to translate or confirm in docs/locale/{args.lang}")
    return 1 if found and args.action == "check" else 0


if __name__ == "__main__":
    raise SystemExit(main())
