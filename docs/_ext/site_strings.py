"""The site's own UI strings (written by docs/_ext and docs/_templates), per language.

Sphinx translates the documents through the catalogs in ``docs/locale``; the few strings the
site's extensions write into the HTML themselves (a footer line, aria labels, alt text, notes) are
looked up here by their English text. A language without an entry shows the English text.
"""

from __future__ import annotations

# English template -> {language: translated template}; ``{name}`` fields are filled by the caller.
STRINGS: dict[str, dict[str, str]] = {
    "Built with torch {version}: the version that computed every result, output and figure on "
    "this site.": {
        "zh_CN": "本站由 torch {version} 构建：站内每个结果、输出和图都由这个版本计算得出。",
    },
    "Show or hide the pages under {section}": {"zh_CN": "显示或隐藏“{section}”下的页面"},
    "Thumbnail of the example: {title}": {"zh_CN": "示例缩略图：{title}"},
    # pydata-sphinx-theme's search_bar_text (a theme option, so not in the theme's catalog).
    "Search the docs ...": {"zh_CN": "搜索文档……"},
    "Show code cell source": {"zh_CN": "显示代码单元源码"},
    "Hide code cell source": {"zh_CN": "隐藏代码单元源码"},
    "Show code cell outputs": {"zh_CN": "显示代码单元输出"},
    "Hide code cell outputs": {"zh_CN": "隐藏代码单元输出"},
    "Show code cell content": {"zh_CN": "显示代码单元内容"},
    "Hide code cell content": {"zh_CN": "隐藏代码单元内容"},
    "Code, outputs and downloads of this example stay in English.": {
        "zh_CN": "本示例的代码、输出和下载文件（.py、.ipynb）保持英文原样。",
    },
    "**Total running time of the script:** ({minutes:.0f} minutes {seconds:.3f} seconds)": {
        "zh_CN": "**脚本总运行时间：** （{minutes:.0f} 分 {seconds:.3f} 秒）",
    },
}
# Each edition's name, written in its own language (the switcher's visible text).
LANGUAGE_NAMES = {"en": "English", "zh_CN": "中文"}


def text(language: str | None, english: str, **fields: object) -> str:
    """``english`` in ``language`` (English when there is no translation), fields filled in."""
    template = STRINGS.get(english, {}).get(language or "en", english)
    return template.format(**fields) if fields else template


def html_lang(language: str | None) -> str:
    """A Sphinx language code as a BCP 47 tag for ``lang``/``hreflang``: zh_CN -> zh-CN."""
    return (language or "en").replace("_", "-")
