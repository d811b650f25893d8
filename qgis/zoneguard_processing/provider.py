# SPDX-License-Identifier: MIT
"""The zoneguard Processing provider: one algorithm per command."""

from qgis.core import QgsProcessingProvider

from . import algorithms
from .command import SETTING


class ZoneguardProvider(QgsProcessingProvider):
    def id(self):
        return 'zoneguard'

    def name(self):
        return 'zoneguard'

    def longName(self):  # noqa: N802
        return 'zoneguard: Hanoi industrial clusters'

    def load(self):
        # The command's path, under Settings > Options > Processing >
        # Providers (Processing's own settings store, as SAGA's and
        # GRASS's providers do). Absent when Processing is not loaded.
        try:
            from processing.core.ProcessingConfig import (ProcessingConfig,
                                                           Setting)
            ProcessingConfig.settingIcons[self.name()] = self.icon()
            ProcessingConfig.addSetting(Setting(
                self.name(), SETTING,
                'zoneguard command (empty: $ZONEGUARD, then PATH)', '',
                valuetype=Setting.FILE))
            ProcessingConfig.readSettings()
        except ImportError:
            pass
        self.refreshAlgorithms()
        return True

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig
            ProcessingConfig.removeSetting(SETTING)
        except ImportError:
            pass

    def loadAlgorithms(self):  # noqa: N802
        for cls in algorithms.ALGORITHMS:
            self.addAlgorithm(cls())
