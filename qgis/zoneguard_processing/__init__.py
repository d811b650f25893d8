# SPDX-License-Identifier: MIT
"""zoneguard's commands as a QGIS Processing provider.

QGIS loads this package as a plugin and calls classFactory; the plugin only
registers the provider (nothing in the menus: the algorithms are in the
Processing Toolbox under "zoneguard").
"""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import ZoneguardPlugin
    return ZoneguardPlugin(iface)
