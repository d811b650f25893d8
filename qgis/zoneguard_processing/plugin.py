# SPDX-License-Identifier: MIT
"""The plugin object QGIS keeps: it adds the provider and removes it."""

from qgis.core import QgsApplication

from .provider import ZoneguardProvider


class ZoneguardPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    # QGIS calls initProcessing (hasProcessingProvider=yes) also when the
    # plugin runs headless (qgis_process), initGui only with a window.
    def initProcessing(self):  # noqa: N802
        if self.provider is None:
            self.provider = ZoneguardProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
