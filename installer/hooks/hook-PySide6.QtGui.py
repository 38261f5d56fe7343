# Leadkeeper's override of PyInstaller's PySide6.QtGui hook: the same collection, minus
# the Qt plugins and translations that leadkeeper.spec lists in hooksconfig (dropped here,
# before PyInstaller follows their library dependencies into the bundle).
import re

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

_collected = add_qt6_dependencies(__file__)


def hook(hook_api):
    patterns = get_hook_config(hook_api, "leadkeeper_qt", "drop") or []
    drop = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    def keep(entries):
        return [e for e in entries if drop is None or not drop.search(e[0].replace("\\", "/"))]

    hiddenimports, binaries, datas = _collected
    hook_api.add_imports(*hiddenimports)
    hook_api.add_binaries(keep(binaries))
    hook_api.add_datas(keep(datas))
