"""The yardsticks live in the top-level `evaluation/` folder, which is no installed package: import it from the
repository root. The fixtures are a CoNLL-U + rs4 pair we wrote in GUM's formats (data/, our own text)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).with_name("data")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"


@pytest.fixture
def gum_root(tmp_path: Path) -> Path:
    """A folder laid out like ../shared/gum, holding the hand-written toolmaker document."""
    conllu = tmp_path / "gum" / "coref" / "ontogum" / "conllu"
    rst = tmp_path / "gum" / "rst" / "rstweb"
    conllu.mkdir(parents=True)
    rst.mkdir(parents=True)
    shutil.copy(DATA / "GUM_news_toolmaker.conllu", conllu)
    shutil.copy(DATA / "GUM_news_toolmaker.rs4", rst)
    return tmp_path / "gum"
