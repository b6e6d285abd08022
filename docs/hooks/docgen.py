"""mkdocs hook: the generated parts of the site (see core/docgen.py).

- ``on_config``: builds the unified schema with every built-in plugin and fills the nav
  section 架构参考 with one page for the core and one per plugin;
- ``on_files``: adds those pages as generated files (nothing is written into docs/), so the
  search index and strict link checks treat them like any other page;
- ``on_page_markdown``: replaces ``<!-- docgen:NAME -->`` in hand-written pages with a
  generated table (error codes, the public plugin API).
"""

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from core import docgen

SECTION = "架构参考"
DIRECTORY = "reference"
_pages: dict[str, str] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    ref = docgen.reference()
    _pages.clear()
    _pages.update(docgen.reference_pages(ref, DIRECTORY))
    nav: list[Any] = config.nav or []
    for entry in nav:
        if isinstance(entry, dict) and SECTION in entry:
            entry[SECTION] = docgen.reference_nav(ref, DIRECTORY)
            break
    else:
        raise ValueError(f"mkdocs.yml 的 nav 中没有“{SECTION}”一节，生成的架构参考无处放置")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in _pages.items():
        if files.get_file_from_path(path) is not None:
            raise ValueError(f"docs/{path} 由 core/docgen.py 生成，不应存在同名的手写文件")
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return docgen.expand_markers(markdown)
