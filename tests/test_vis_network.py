"""The map's network holder stands in for pyvis's: the same data for the template, the same
vis-network files, and a build that never imports pyvis's module (jsonpickle, IPython)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyvis.network

from output.vis_network import Network, vis_asset

ROOT = Path(__file__).parent.parent


def test_the_template_gets_what_pyvis_would_give_it() -> None:
    ours = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    theirs = pyvis.network.Network(
        height="100%", width="100%", directed=True, cdn_resources="in_line"
    )
    for net in (ours, theirs):
        net.nodes = [{"id": "办公室", "label": "市教育局</script>", "x": 1.5, "y": -2.0}]
        net.edges = [{"from": "办公室", "to": "任务1", "arrows": "to"}]
        net.options = {"physics": {"enabled": False}, "nodes": {"shape": "box"}}
    assert ours.get_network_data() == theirs.get_network_data()


def test_vis_network_comes_from_pyvis_s_own_files() -> None:
    shipped = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    assert vis_asset("vis-network.min.js") == shipped.read_text(encoding="utf-8")
    assert "vis-network" in vis_asset("vis-network.css")


def test_a_build_with_a_map_imports_no_pyvis_module(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from policykg.pipeline import build;"
        "from policykg.config import BuildConfig;"
        f"build([Path({str(ROOT / 'examples' / 'ningbo-edu-2024.txt')!r})],"
        f" Path({str(tmp_path)!r}), BuildConfig());"
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('pyvis', 'IPython', 'jsonpickle')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert (tmp_path / "graph.html").is_file()
    assert done.stdout.strip().splitlines()[-1] == "[]"
