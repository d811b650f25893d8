# SPDX-License-Identifier: MIT
"""Typed Processing parameters, each knowing the command-line option it
stands for (the options documented in README.md and each command's --help).

An Arg adds its parameter to an algorithm (define) and turns the value the
user gave into command-line words (argv); an argument left empty gives no
words, so the command's own default applies.
"""

import os

from osgeo import gdal
from qgis.core import (QgsProcessing, QgsProcessingException,
                       QgsProcessingParameterBoolean,
                       QgsProcessingParameterCrs, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField,
                       QgsProcessingParameterFile,
                       QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterNumber,
                       QgsProcessingParameterDefinition,
                       QgsProcessingParameterString, QgsProcessingUtils)

from . import settings

# Extensions of sources the command reads as they are (any GDAL vector
# format would do; these are the ones planners use). Anything else (a
# memory layer, a database table, a layer with a filter or a selection)
# is written to a temporary GeoPackage by QGIS first.
COMPATIBLE = ['shp', 'gpkg', 'geojson', 'json', 'kml', 'sqlite', 'fgb',
              'gml', 'zip', 'tab', 'mif', 'gdb', 'osm', 'pbf']

ENCODINGS = ['auto', 'tcvn3', 'vni', 'cp1258', 'utf8', 'latin1']
POLYGONS = [QgsProcessing.TypeVectorPolygon]


def _advanced(param, advanced):
    if advanced:
        param.setFlags(param.flags()
                       | QgsProcessingParameterDefinition.FlagAdvanced)
    return param


def _layer_count(path):
    ds = gdal.OpenEx(path, gdal.OF_VECTOR)
    return ds.GetLayerCount() if ds is not None else 0


class Arg:
    advanced = False
    key = None  # the shared setting it stands for (settings.py)

    def described(self):
        """desc, its {default} the setting's default as the command
        states it."""
        if not self.key:
            return self.desc
        return self.desc.format(default=settings.setting(self.key)[4])

    def define(self, alg):
        alg.addParameter(_advanced(self.param(), self.advanced))

    def given(self, alg, parameters):
        v = parameters.get(self.name)
        return v is not None and v != ''


class Source(Arg):
    """A vector layer from the project (or a file): positional when option
    is None. layer_option: the command's option naming a layer of a
    multi-layer file; without one such a file is written out first.
    encoding: the option for its text encoding (advanced)."""

    def __init__(self, name, desc, option=None, optional=False,
                 layer_option=None, encoding=None):
        self.name, self.desc, self.option = name, desc, option
        self.optional, self.layer_option = optional, layer_option
        self.encoding = encoding

    def param(self):
        return QgsProcessingParameterFeatureSource(
            self.name, self.desc, POLYGONS, optional=self.optional)

    def define(self, alg):
        super().define(alg)
        if self.encoding:
            alg.addParameter(_advanced(QgsProcessingParameterEnum(
                self.name + '_ENCODING',
                self.desc + ': text encoding (shapefile .dbf)', ENCODINGS,
                defaultValue=0, optional=True), True))

    def argv(self, alg, parameters, context, feedback):
        if not self.given(alg, parameters):
            return []
        path, layer = alg.parameterAsCompatibleSourceLayerPathAndLayerName(
            parameters, self.name, context, COMPATIBLE, 'gpkg', feedback)
        words = fit_layer(path, layer, self.layer_option, context, feedback,
                          lambda: alg.parameterAsVectorLayer(
                              parameters, self.name, context), self.name)
        words = ([self.option] if self.option else []) + words
        return words + encoding_argv(alg, parameters, context,
                                     self.name + '_ENCODING', self.encoding)


def encoding_argv(alg, parameters, context, name, option):
    if not option or parameters.get(name) is None:
        return []
    enc = ENCODINGS[alg.parameterAsEnum(parameters, name, context)]
    return [] if enc == 'auto' else [option, enc]


def fit_layer(path, layer, layer_option, context, feedback, get_layer,
              base):
    """Command-line words for one input: PATH [LAYER_OPTION NAME]. A file
    of several layers whose input has no layer option is written out as a
    GeoPackage of that one layer."""
    if not layer or _layer_count(path) <= 1:
        return [path]
    if layer_option:
        return [path, layer_option, layer]
    vl = get_layer()
    if vl is None:
        raise QgsProcessingException('%s: cannot read %s' % (base, path))
    path, _ = QgsProcessingUtils.convertToCompatibleFormatAndLayerName(
        vl, False, base, [], 'gpkg', context, feedback)
    return [path]


class Sources(Arg):
    """Several layers, in the order given (oldest date first): the option
    repeated for each."""

    def __init__(self, name, desc, option, optional=False, encoding=None):
        self.name, self.desc, self.option = name, desc, option
        self.optional, self.encoding = optional, encoding

    def param(self):
        return QgsProcessingParameterMultipleLayers(
            self.name, self.desc, QgsProcessing.TypeVectorPolygon,
            optional=self.optional)

    def define(self, alg):
        super().define(alg)
        if self.encoding:
            alg.addParameter(_advanced(QgsProcessingParameterEnum(
                self.name + '_ENCODING',
                self.desc + ': text encoding (shapefile .dbf)', ENCODINGS,
                defaultValue=0, optional=True), True))

    def argv(self, alg, parameters, context, feedback):
        words = []
        for i, vl in enumerate(alg.parameterAsLayerList(
                parameters, self.name, context) or []):
            path, layer = \
                QgsProcessingUtils.convertToCompatibleFormatAndLayerName(
                    vl, False, '%s_%d' % (self.name, i), COMPATIBLE, 'gpkg',
                    context, feedback)
            words += ([self.option] if self.option else []) + fit_layer(
                path, layer, None, context, feedback, lambda vl=vl: vl,
                '%s_%d' % (self.name, i))
        if words:
            words += encoding_argv(alg, parameters, context,
                                   self.name + '_ENCODING', self.encoding)
        return words


class Field(Arg):
    def __init__(self, name, desc, option, parent, advanced=False):
        self.name, self.desc, self.option = name, desc, option
        self.parent, self.advanced = parent, advanced

    def param(self):
        return QgsProcessingParameterField(
            self.name, self.desc, parentLayerParameterName=self.parent,
            optional=True)

    def argv(self, alg, parameters, context, feedback):
        fields = alg.parameterAsFields(parameters, self.name, context)
        return [self.option, fields[0]] if fields else []


class Text(Arg):
    def __init__(self, name, desc, option, advanced=False, key=None):
        self.name, self.desc, self.option = name, desc, option
        self.advanced, self.key = advanced, key

    def param(self):
        return QgsProcessingParameterString(self.name, self.described(),
                                            optional=True)

    def argv(self, alg, parameters, context, feedback):
        v = alg.parameterAsString(parameters, self.name, context).strip()
        return [self.option, v] if v else []


class Crs(Arg):
    def __init__(self, name, desc, option, advanced=False, key=None):
        self.name, self.desc, self.option = name, desc, option
        self.advanced, self.key = advanced, key

    def param(self):
        return QgsProcessingParameterCrs(self.name, self.described(),
                                         optional=True)

    def argv(self, alg, parameters, context, feedback):
        if not self.given(alg, parameters):
            return []
        crs = alg.parameterAsCrs(parameters, self.name, context)
        if not crs.isValid():
            return []
        return [self.option, crs.authid() or crs.toProj()]


class Enum(Arg):
    """A choice; the first value is the command's default and is not
    passed (None: a choice that passes nothing). labels: what the user
    sees, when not the values. key: a shared setting, whose words (its
    default first) are the values."""

    def __init__(self, name, desc, option, values=None, advanced=False,
                 labels=None, key=None):
        self.name, self.desc, self.option = name, desc, option
        self.values, self.advanced = values, advanced
        self.labels, self.key = labels, key

    def param(self):
        if self.key:
            self.values = settings.default_first(self.key)
        return QgsProcessingParameterEnum(
            self.name, self.desc, self.labels or self.values,
            defaultValue=0, optional=True)

    def argv(self, alg, parameters, context, feedback):
        if not self.given(alg, parameters):
            return []
        i = alg.parameterAsEnum(parameters, self.name, context)
        v = self.values[i] if 0 < i < len(self.values) else None
        return [self.option, v] if v is not None else []


class Codes(Arg):
    """--codes: a bundled table (the command's list, its default first),
    or a CSV file of one's own."""
    name = 'CODES'
    advanced = True
    key = 'codes'

    def define(self, alg):
        self.tables = settings.default_first(self.key)
        alg.addParameter(_advanced(QgsProcessingParameterEnum(
            'CODES', 'Land-use code table', self.tables, defaultValue=0,
            optional=True), True))
        alg.addParameter(_advanced(QgsProcessingParameterFile(
            'CODES_FILE', 'Land-use code table (CSV file, instead)',
            extension='csv', optional=True), True))

    def argv(self, alg, parameters, context, feedback):
        f = alg.parameterAsFile(parameters, 'CODES_FILE', context)
        if f:
            return ['--codes', f]
        if parameters.get('CODES') is None:
            return []
        i = alg.parameterAsEnum(parameters, 'CODES', context)
        return ['--codes', self.tables[i]] if i > 0 else []


class Number(Arg):
    """A number; `unset` (the command's default) is not passed. key: a
    shared setting, whose type, range and default (when it has one) the
    command states; `minimum` given still wins (threads: 0, all cores)."""

    def __init__(self, name, desc, option, integer=False, unset=None,
                 minimum=0, advanced=False, key=None):
        self.name, self.desc, self.option = name, desc, option
        self.integer, self.unset = integer, unset
        self.minimum, self.advanced = minimum, advanced
        self.maximum, self.key = None, key

    def param(self):
        if self.key:
            typ, lo, hi, _, default = settings.setting(self.key)
            self.integer = typ == 'int'
            if self.integer:
                self.maximum = hi
            if self.minimum is None:
                self.minimum = lo
            if default != '':
                self.unset = (int if self.integer else float)(default)
        p = QgsProcessingParameterNumber(
            self.name, self.desc,
            QgsProcessingParameterNumber.Integer if self.integer
            else QgsProcessingParameterNumber.Double,
            defaultValue=self.unset, optional=True, minValue=self.minimum)
        if self.maximum is not None:
            p.setMaximum(self.maximum)
        return p

    def argv(self, alg, parameters, context, feedback):
        if not self.given(alg, parameters):
            return []
        if self.integer:
            v = alg.parameterAsInt(parameters, self.name, context)
        else:
            v = alg.parameterAsDouble(parameters, self.name, context)
        if self.unset is not None and v == self.unset:
            return []
        return [self.option, repr(v)]


class File(Arg):
    def __init__(self, name, desc, option, extension, optional=True,
                 advanced=False):
        self.name, self.desc, self.option = name, desc, option
        self.extension, self.optional = extension, optional
        self.advanced = advanced

    def param(self):
        return QgsProcessingParameterFile(self.name, self.desc,
                                          extension=self.extension,
                                          optional=self.optional)

    def argv(self, alg, parameters, context, feedback):
        f = alg.parameterAsFile(parameters, self.name, context)
        if f and not os.path.exists(f):
            raise QgsProcessingException('%s: no such file: %s' % (
                self.desc, f))
        return ([self.option] if self.option else []) + [f] if f else []


class Flag(Arg):
    def __init__(self, name, desc, option, advanced=False):
        self.name, self.desc, self.option = name, desc, option
        self.advanced = advanced

    def param(self):
        return QgsProcessingParameterBoolean(self.name, self.desc,
                                             defaultValue=False,
                                             optional=True)

    def argv(self, alg, parameters, context, feedback):
        return [self.option] if alg.parameterAsBool(
            parameters, self.name, context) else []
