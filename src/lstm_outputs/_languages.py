"""The languages the site is published in: the one place that lists them.

Plain data, no import: the library's figures, the site's Sphinx extensions, nox, the translation
tool and the tests all read it (nox and the tools load this file by path, without importing the
package, so that they need neither torch nor an installed project).

>>> LANGUAGES
('en', 'zh_CN')
>>> html_lang("zh_CN")
'zh-CN'
>>> sphinx_code("zh-cn")
'zh_CN'
"""

from __future__ import annotations

#: Sphinx's codes of the site's languages; English, the source language, first
LANGUAGES = ("en", "zh_CN")
#: each language's BCP 47 tag, for HTML's ``lang`` and ``hreflang`` (a hyphen, not Sphinx's _)
HTML_LANG = {"en": "en", "zh_CN": "zh-CN"}
#: each language's name, written in that language (the language switcher's text)
LANGUAGE_NAMES = {"en": "English", "zh_CN": "中文"}
#: each language's code on Read the Docs (project settings, URLs, READTHEDOCS_LANGUAGE)
RTD_CODES = {"en": "en", "zh_CN": "zh-cn"}
#: the translations: every language but English
TRANSLATIONS = LANGUAGES[1:]


def html_lang(language: str | None) -> str:
    """A Sphinx language code as a BCP 47 tag: ``zh_CN`` -> ``zh-CN``; unset is English."""
    return (language or "en").replace("_", "-")


def sphinx_code(code: str) -> str | None:
    """The Sphinx code of a language written any usual way (``zh_CN``, ``zh-CN``, ``zh-cn``).

    None when the site is not published in that language.
    """
    wanted = code.replace("-", "_").lower()
    return next((lang for lang in LANGUAGES if lang.lower() == wanted), None)
