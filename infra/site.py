"""Builds the site from pelican.conf into output/: Simplified Chinese at /, English at /en/.

`pelican -s pelican.conf` cannot work (Pelican imports only files ending in .py), so the file is
loaded with SourceFileLoader under its own module name, its paths made absolute, and each
language built with `Pelican(read_settings(path=None, override=...))`.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from infra.template import ROOT

CONF = ROOT / "pelican.conf"
PATH_SETTINGS = ("PATH", "THEME", "OUTPUT_PATH")


def conf_settings(conf: Path = CONF) -> dict:
    loader = SourceFileLoader("petalpoint_site_conf", str(conf))
    module = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    settings = {name: getattr(module, name) for name in dir(module) if name.isupper()}
    for name in PATH_SETTINGS:
        settings[name] = str((conf.parent / settings[name]).resolve())
    settings["PLUGIN_PATHS"] = [str((conf.parent / p).resolve()) for p in settings.get("PLUGIN_PATHS", [])]
    return settings


def language_settings(base: dict, lang: str, output: Path) -> dict:
    prefix = base["LANGUAGES"][lang]
    settings = dict(base, DEFAULT_LANG=lang, SITEURL=prefix, OUTPUT_PATH=str(output / prefix.lstrip("/")))
    if lang != base["DEFAULT_LANG"]:
        settings["THEME_STATIC_PATHS"] = []  # one copy of the assets, at /theme/
    return settings


# Each language's build reads every page of both languages (the other language's are its
# translations): with these settings and a CACHE_PATH for this build only, the first keeps what
# Pelican's readers made of each file (its HTML and metadata, the same whichever language is
# built) and the next ones read it from there instead of converting the Markdown again. Nothing
# is kept between builds (pelican.conf's CACHE_CONTENT = False).
READ_ONCE = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "reader", "GZIP_CACHE": False}


class SharedBytecode(BytecodeCache):
    """Compiled theme templates, kept for one build: Pelican makes a Jinja environment for each
    generator of each language, and each would otherwise parse and compile every template again.
    Jinja checks each template's source against the checksum kept with its code."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


class SiteBuildFailed(Exception):
    pass


class _Errors(logging.Handler):
    """Pelican logs a broken page and carries on; here any error fails the build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build(output: Path | None = None, content: Path | None = None) -> Path:
    base = conf_settings()
    if content is not None:
        base["PATH"] = str(content)
    output = Path(output or base["OUTPUT_PATH"])
    if output.exists():
        shutil.rmtree(output)
    # Templates are compiled once for the whole build, and not looked at again on disk (Jinja's
    # auto_reload checks a template's file each time a page includes or imports it).
    base["JINJA_ENVIRONMENT"] = dict(base["JINJA_ENVIRONMENT"], bytecode_cache=SharedBytecode(), auto_reload=False)
    build_languages(base, output)
    return output


def build_languages(base: dict, output: Path, read_once: bool = True) -> None:
    """Run Pelican once per language on `base` settings; with `read_once`, each page is read once
    for both languages (Pelican's reader cache). A warning or error Pelican logs fails the build."""
    from pelican import Pelican
    from pelican.settings import read_settings

    errors = _Errors()
    pelican_log = logging.getLogger("pelican")
    pelican_log.addHandler(errors)
    pelican_log.setLevel(logging.WARNING)
    try:
        with tempfile.TemporaryDirectory(prefix="petalpoint-site-") as cache:
            if read_once:
                base.update(READ_ONCE, CACHE_PATH=cache)
            for lang in base["LANGUAGES"]:
                Pelican(read_settings(path=None, override=language_settings(base, lang, output))).run()
    finally:
        pelican_log.removeHandler(errors)
    if errors.messages:
        raise SiteBuildFailed("; ".join(errors.messages))


def main() -> None:
    started = time.monotonic()
    output = build(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(f"site built into {output} in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
