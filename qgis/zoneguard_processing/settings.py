# SPDX-License-Identifier: MIT
"""The settings several commands share (threads, codes, rings, plane CRS,
hazard class...): their types, ranges, words and defaults, as the command
states them (`zoneguard --help-settings=json`, the engine's one table).

The plugin writes none of them by hand: each parameter that stands for a
setting takes its range and default from here. FALLBACK is used only when
the command cannot be asked (not installed yet, too old); the plugin's
test compares it with the command's table, so that it cannot drift.
"""

import json
import subprocess

from . import command

# key: (type, min, max, values, default), as --help-settings=json says.
FALLBACK = {
    'threads': ('int', 1, 1024, [], ''),
    'codes': ('codes', 0, 0, ['tt08_2024', 'tt27_2018'], 'tt08_2024'),
    'code_field': ('text', 0, 0, [], ''),
    'residential_code_field': ('text', 0, 0, [], ''),
    'plane_crs': ('crs', 0, 0, [], 'EPSG:5897'),
    'declared_field': ('text', 0, 0, [], ''),
    'min_overlap_m2': ('real', 0, 0, [], '1'),
    'rings': ('rings', 1, 32, [], '50,100,300,500,1000'),
    'unbuildable': ('list_of', 0, 0,
                    ['residential', 'protected_agri', 'agri', 'industrial',
                     'water', 'infrastructure', 'sensitive', 'unused',
                     'other', 'unknown'], 'residential,water,sensitive'),
    'rules': ('file', 0, 0, [], ''),
    'hazard_class': ('one_of', 0, 0, ['I', 'II', 'III', 'IV', 'V'], 'I'),
}

_cache = {}


def read_table(cmd):
    """The command's table {key: (type, min, max, values, default)}, or
    None when it cannot say (missing, failing, older than the JSON)."""
    try:
        out = subprocess.run([cmd, '--help-settings=json'],
                             stdin=subprocess.DEVNULL,
                             capture_output=True, timeout=20, check=True,
                             encoding='utf-8').stdout
        return {r['key']: (r['type'], r['min'], r['max'], list(r['values']),
                           r['default'])
                for r in json.loads(out)['settings']}
    except (OSError, ValueError, KeyError, TypeError,
            subprocess.SubprocessError):
        return None


def table():
    """The installed command's table, else FALLBACK; asked once per
    command path."""
    try:
        cmd = command.find_command()
    except Exception:  # not installed: QgsProcessingException
        return FALLBACK
    if cmd not in _cache:
        _cache[cmd] = read_table(cmd) or FALLBACK
    return _cache[cmd]


def setting(key):
    """(type, min, max, values, default) of one setting."""
    return table().get(key, FALLBACK[key])


def default_first(key):
    """The words of a one_of or codes setting, its default first (the
    plugin's Enum leaves its first choice to the command's default)."""
    _, _, _, values, default = setting(key)
    return [default] + [v for v in values if v != default] \
        if default in values else list(values)
