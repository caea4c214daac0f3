"""The server settings in .streamlit/config.toml: what Streamlit would otherwise do on every rerun."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text("utf-8"))


def test_no_work_per_rerun_that_grows_with_the_loaded_modules():
    """The file watcher walks sys.modules (sympy's ~1,000 modules) and a full gc scans sympy's caches, each rerun."""
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["server"]["runOnSave"] is False
    assert CONFIG["runner"]["postScriptGC"] is False
    assert CONFIG["runner"]["magicEnabled"] is False


def test_streamlit_knows_every_setting():
    """A misspelt option is ignored by Streamlit with a warning: each must be one of its own."""
    from streamlit import config

    options = config._config_options_template
    for section, values in CONFIG.items():
        for name, value in values.items():
            if isinstance(value, dict):  # [theme.light], [theme.dark]
                for inner in value:
                    assert f"{section}.{name}.{inner}" in options or f"{section}.{inner}" in options
            else:
                assert f"{section}.{name}" in options, f"{section}.{name}"
