# SPDX-License-Identifier: MIT
"""One Processing algorithm per zoneguard command.

They share ZoneguardAlgorithm: it builds the command line from the typed
parameters (args.py), runs the installed command (command.py) and, in the
main thread once the command has finished, opens the result layers of the
database it wrote; QGIS applies their default style from layer_styles on
opening, and Processing adds them to the project.
"""

import os
import sqlite3

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingContext,
                       QgsProcessingFeedback,
                       QgsProcessingOutputMultipleLayers,
                       QgsProcessingParameterFileDestination,
                       QgsProcessingParameterFolderDestination,
                       QgsVectorLayer)

from . import command
from .args import (Codes, Crs, Enum, Field, File, Flag, Number, Source,
                   Sources, Text)

# Result tables without geometry that are worth a look in QGIS.
ATTRIBUTE_TABLES = ('landuse_composition', 'proposal_checks')


def result_layers(db_path):
    """(table, geometry column or None) of the result layers in db_path:
    every table in geometry_columns, then the attribute tables above."""
    con = sqlite3.connect('file:%s?mode=ro' % db_path, uri=True)
    try:
        geo = con.execute("SELECT f_table_name, f_geometry_column FROM"
                          " geometry_columns ORDER BY rowid").fetchall()
        names = {r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()
    return geo + [(t, None) for t in ATTRIBUTE_TABLES if t in names]


class ZoneguardAlgorithm(QgsProcessingAlgorithm):
    COMMAND = ''
    TITLE = ''
    HELP = ''
    GROUP = ('analyses', 'Analyses')
    ARGS = ()           # Arg objects, in command-line order
    OUTPUT_KIND = 'db'  # db: -o FILE.sqlite; dir: run's folder; file

    def __init__(self):
        super().__init__()
        self._db = None   # the results database to load, once written
        self._out = None  # the output path given to -o

    # -- identity -------------------------------------------------------
    def name(self):
        return self.COMMAND

    def displayName(self):  # noqa: N802
        return self.TITLE

    def group(self):
        return self.GROUP[1]

    def groupId(self):  # noqa: N802
        return self.GROUP[0]

    def shortHelpString(self):  # noqa: N802
        return self.HELP + (
            '\n\nRuns the installed command `zoneguard %s` (README.md); '
            'layers that are not files are written to a temporary '
            'GeoPackage first.' % self.COMMAND)

    def createInstance(self):  # noqa: N802
        return type(self)()

    # -- parameters -----------------------------------------------------
    def initAlgorithm(self, config=None):  # noqa: N802
        for a in self.ARGS:
            a.define(self)
        self.define_output()

    def define_output(self):
        self.addParameter(QgsProcessingParameterFileDestination(
            'OUTPUT', 'Results database', 'SpatiaLite (*.sqlite)'))
        self.addParameter(Flag(
            'APPEND', 'Add this run to an existing database (--append)',
            '--append').param())
        self.addOutput(QgsProcessingOutputMultipleLayers(
            'LAYERS', 'Result layers'))

    def output_argv(self, parameters, context):
        """-o PATH and how an existing output is treated: a destination
        chosen in QGIS's file dialog was confirmed there, so it is
        replaced (--overwrite) unless APPEND asks to add to it."""
        path = self.parameterAsFileOutput(parameters, 'OUTPUT', context)
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        words = ['-o', path]
        if self.parameterAsBool(parameters, 'APPEND', context):
            words.append('--append')
        elif os.path.exists(path):
            words.append('--overwrite')
        self._db = self._out = path
        return words

    def build_argv(self, parameters, context, feedback):
        words = [self.COMMAND]
        for a in self.ARGS:
            words += a.argv(self, parameters, context, feedback)
        return words + self.output_argv(parameters, context) + ['-q']

    # -- running --------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        if feedback is None:  # alg.run() from a script may give none
            feedback = QgsProcessingFeedback()
        argv = self.build_argv(parameters, context, feedback)
        feedback.setProgressText('zoneguard ' + self.COMMAND)
        command.run(argv, feedback)
        return {'OUTPUT': self._out}

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        """Open the results (main thread) and hand them to Processing,
        which adds them to the project when the algorithm is run from the
        Toolbox. Their style is the database's default (layer_styles),
        applied by QGIS as the layer opens."""
        # What this returns replaces processAlgorithm's results.
        if not self._db:
            return {'OUTPUT': self._out}
        ids = []
        for table, geom in result_layers(self._db):
            uri = '%s|layername=%s' % (self._db, table)
            layer = QgsVectorLayer(uri, table, 'ogr')
            if not layer.isValid():
                feedback.reportError('cannot open %s in %s' % (table,
                                                               self._db))
                continue
            context.temporaryLayerStore().addMapLayer(layer)
            context.addLayerToLoadOnCompletion(
                layer.id(), QgsProcessingContext.LayerDetails(
                    table, context.project(), 'LAYERS'))
            ids.append(layer.id())
        return {'OUTPUT': self._out, 'LAYERS': ids}


def plane_crs():
    return Crs('PLANE_CRS', 'Official plane (default {default})',
               '--plane-crs', advanced=True, key='plane_crs')


def rings(desc):
    return Text('RINGS', desc + ' in m (default {default})', '--rings',
                advanced=True, key='rings')


# Options shared by the commands that read CLUSTERS ('as for areas').
def clusters_args(layer=True, s_srs=True, declared=True, plane=True):
    a = [Source('INPUT', 'Clusters (cụm công nghiệp)',
                layer_option='--layer' if layer else None,
                encoding='--encoding'),
         Field('ID_FIELD', 'Id field', '--id-field', 'INPUT'),
         Field('NAME_FIELD', 'Name field', '--name-field', 'INPUT')]
    if declared:
        a.append(Field('DECLARED_FIELD', 'Declared area field (ha)',
                       '--declared-field', 'INPUT'))
    if s_srs:
        a.append(Crs('S_SRS', 'CRS to assume when the source has none',
                     '--s-srs', advanced=True))
    if plane:
        a.append(plane_crs())
    return a


def threads():
    return Number('THREADS', 'Worker threads (0: all cores)', '--threads',
                  integer=True, unset=0, advanced=True, key='threads')


class Areas(ZoneguardAlgorithm):
    COMMAND = 'areas'
    TITLE = 'Cluster areas (ellipsoidal and VN-2000 plane)'
    HELP = ('How large is each cluster, really: area_ha on the WGS 84 '
            'ellipsoid and area_plane_ha in the official plane; invalid '
            'polygons repaired and logged in qa_log.')
    ARGS = clusters_args()


class Overlaps(ZoneguardAlgorithm):
    COMMAND = 'overlaps'
    TITLE = 'Overlapping clusters'
    HELP = ('Which clusters overlap each other, and by how much '
            '(cluster_overlaps; slivers under the threshold apart).')
    ARGS = clusters_args() + [
        Number('MIN_OVERLAP_M2', 'Sliver threshold (m²)', '--min-overlap-m2',
               minimum=None, key='min_overlap_m2')]


class Landuse(ZoneguardAlgorithm):
    COMMAND = 'landuse'
    TITLE = 'Land use inside each cluster'
    HELP = ('What land lies inside each cluster: landuse_composition, one '
            'row per cluster and land-use code, plus NONE.')
    ARGS = clusters_args() + [
        Source('LANDUSE', 'Land-use parcels', '--landuse',
               layer_option='--landuse-layer', encoding='--landuse-encoding'),
        Field('CODE_FIELD', 'Land-use code field', '--code-field',
              'LANDUSE'),
        Codes(), threads()]


class Encroach(ZoneguardAlgorithm):
    COMMAND = 'encroach'
    TITLE = 'Housing in and around each cluster (encroachment)'
    HELP = ('Housing inside each cluster and in rings around it at each '
            'date, and where it grew: encroachment, encroachment_new, '
            'encroachment_lost. Residential layers oldest date first.')
    ARGS = clusters_args(declared=False) + [
        Sources('RESIDENTIAL', 'Residential layers (oldest date first)',
                '--residential', encoding='--residential-encoding'),
        Text('EPOCHS', 'Date labels (e.g. 2020,2025)', '--epochs'),
        rings('Ring distances'),
        Text('CODE_FIELD', 'Land-use code field of the residential layers '
             '(they are land-use maps)', '--code-field'),
        Codes(), threads()]


class Check(ZoneguardAlgorithm):
    COMMAND = 'check'
    TITLE = 'Check proposed clusters against the rules'
    HELP = ('The verdict on each proposed cluster, rule by rule (Decree '
            '32/2024, QCVN 01:2021, TCVN 4449:1987): proposals styled by '
            'verdict, proposal_checks, proposal_evidence. Several '
            'proposal layers are judged together (ids unique across them; '
            'each row\'s source names its file). Every input but '
            'the proposals is optional; rules that need a missing one are '
            'skipped.')
    # Several proposal files are judged together (ids unique across
    # them); their id and name fields are named, as they are the same in
    # each.
    ARGS = [
        Sources('INPUT', 'Proposed clusters (one or several layers)', None,
                encoding='--encoding'),
        Text('ID_FIELD', 'Id field (default: found by name)', '--id-field'),
        Text('NAME_FIELD', 'Name field (default: found by name)',
             '--name-field'),
        Source('CLUSTERS', 'Existing clusters', '--clusters', optional=True,
               encoding='--clusters-encoding'),
        Source('PARKS', 'Existing industrial parks', '--parks',
               optional=True, encoding='--parks-encoding'),
        Source('LANDUSE', 'Land-use parcels', '--landuse', optional=True,
               encoding='--landuse-encoding'),
        Field('CODE_FIELD', 'Land-use code field', '--code-field',
              'LANDUSE'),
        Sources('RESIDENTIAL', 'Housing layers (oldest date first)',
                '--residential', optional=True,
                encoding='--residential-encoding'),
        Text('RESIDENTIAL_CODE_FIELD', 'Land-use code field of the housing '
             'layers (they are land-use maps)', '--residential-code-field'),
        File('RULES', 'Rules (CSV; default: the bundled Hanoi rules)',
             '--rules', 'csv', advanced=True),
        Enum('HAZARD_CLASS', 'Hazard class of proposals without one',
             '--hazard-class', key='hazard_class'),
        rings('Bands for housing growth'),
        Codes(), threads(), plane_crs()]


class Reserve(ZoneguardAlgorithm):
    COMMAND = 'reserve'
    TITLE = 'Free land in each cluster'
    HELP = ('The land still available for industry inside each cluster: '
            'the cluster minus housing, water, other unbuildable land and '
            'existing parks (reserve).')
    ARGS = clusters_args(declared=False, plane=False) + [
        Source('PARKS', 'Existing industrial parks', '--parks',
               optional=True, encoding='--parks-encoding'),
        Source('LANDUSE', 'Land-use parcels', '--landuse', optional=True,
               encoding='--landuse-encoding'),
        Field('CODE_FIELD', 'Land-use code field', '--code-field',
              'LANDUSE'),
        Sources('RESIDENTIAL', 'Housing (the last layer is used)',
                '--residential', optional=True,
                encoding='--residential-encoding'),
        Text('RESIDENTIAL_CODE_FIELD', 'Land-use code field of the housing '
             'layer (it is a land-use map)', '--residential-code-field'),
        Text('UNBUILDABLE', 'Unbuildable land-use roles (default '
             '{default})', '--unbuildable', advanced=True, key='unbuildable'),
        Codes(), threads()]


class Run(ZoneguardAlgorithm):
    COMMAND = 'run'
    TITLE = 'Run a scenario (every analysis)'
    HELP = ('Every analysis a scenario file has inputs for, into one '
            'folder: results.sqlite (loaded, styled), geojson/, csv/, '
            'map.png, map.pdf, report.html and atlas.pdf (its pages: the '
            'scenario\'s key atlas, or the choice here). Without a '
            'scenario, the bundled Hanoi demo.')
    GROUP = ('analyses', 'Analyses')
    ARGS = [File('SCENARIO', 'Scenario file', None, 'scenario'),
            Enum('ATLAS', 'Atlas pages (atlas.pdf)', '--atlas',
                 [None, 'flagged', 'all', 'none'],
                 labels=['as the scenario says (default: flagged)',
                         'flagged: proposals, clusters with housing inside '
                         'or growth in a ring',
                         'all: every proposal and cluster',
                         'none: no atlas']),
            Text('TITLE', 'Title (the map\'s, the report\'s; replaces the '
                 'scenario\'s)', '--title', advanced=True),
            Enum('REPORT_LAYOUT', 'Printed form of the report',
                 '--report-layout', [None, 'standard', 'official'],
                 labels=['as the scenario says (default: standard)',
                         'standard',
                         'official: Decree 30/2020/NĐ-CP (Times New Roman '
                         '13 pt, its margins, national heading)'],
                 advanced=True),
            Text('ISSUING_BODY', 'Issuing body (top left of the official '
                 'form)', '--issuing-body', advanced=True),
            ]

    def define_output(self):
        self.addParameter(QgsProcessingParameterFolderDestination(
            'OUTPUT', 'Output folder'))
        self.addParameter(Flag(
            'APPEND', 'Add this run to the folder\'s results.sqlite '
            '(--append)', '--append').param())
        self.addOutput(QgsProcessingOutputMultipleLayers(
            'LAYERS', 'Result layers'))

    def output_argv(self, parameters, context):
        path = self.parameterAsFileOutput(parameters, 'OUTPUT', context)
        words = ['-o', path]
        if self.parameterAsBool(parameters, 'APPEND', context):
            words.append('--append')
        elif os.path.isdir(path) and os.listdir(path):
            words.append('--overwrite')
        else:
            os.makedirs(path, exist_ok=True)
        self._out = path
        self._db = os.path.join(path, 'results.sqlite')
        return words


class _Drawn(ZoneguardAlgorithm):
    """map, report and atlas: a file drawn from a results database."""
    GROUP = ('outputs', 'Map, report and atlas')
    FILTER = ''

    def define_output(self):
        self.addParameter(QgsProcessingParameterFileDestination(
            'OUTPUT', self.TITLE, self.FILTER))

    def output_argv(self, parameters, context):
        path = self.parameterAsFileOutput(parameters, 'OUTPUT', context)
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self._out = path
        return ['-o', path] + (['--overwrite'] if os.path.exists(path)
                               else [])


RESULTS = File('RESULTS', 'Results database (written by zoneguard)', None,
               'sqlite', optional=False)
RUN_N = Number('RUN', 'Run to show, of a database that holds several '
               '(0: the latest)', '--run', integer=True, unset=0)


class Map(_Drawn):
    COMMAND = 'map'
    TITLE = 'Overview map'
    HELP = ('The overview map of a results database (PNG, PDF or SVG, A4 '
            'or A3): clusters, overlaps, new housing, free land, proposals '
            'by verdict; legend, scale bar, north arrow.')
    FILTER = 'PNG (*.png);;PDF (*.pdf);;SVG (*.svg)'
    ARGS = [RESULTS,
            Text('TITLE', 'Title', '--title'),
            Enum('LANG', 'Language', '--lang', ['vi', 'en']),
            Enum('PAGE', 'Page', '--page', ['A4', 'A3']),
            Source('DISTRICTS', 'District boundaries (drawn under '
                   'everything)', '--districts', optional=True,
                   encoding='--districts-encoding'),
            Text('DATE', 'Date under the title (default: today)', '--date'),
            RUN_N]


class Report(_Drawn):
    COMMAND = 'report'
    TITLE = 'Planner\'s report (HTML)'
    HELP = ('The planner\'s report of a results database: one HTML file '
            'that needs nothing else, in Vietnamese or English.')
    FILTER = 'HTML (*.html)'
    ARGS = [RESULTS, Enum('LANG', 'Language', '--lang', ['vi', 'en']),
            Text('TITLE', 'Title of its map', '--title'),
            Enum('LAYOUT', 'Printed form', '--layout',
                 ['standard', 'official'],
                 labels=['standard',
                         'official: Decree 30/2020/NĐ-CP (Times New Roman '
                         '13 pt, its margins, national heading)']),
            Text('ISSUING_BODY', 'Issuing body (top left of the official '
                 'form)', '--issuing-body'),
            RUN_N]


class Atlas(_Drawn):
    COMMAND = 'atlas'
    TITLE = 'Atlas (PDF, a page per proposal and cluster)'
    HELP = ('The atlas of a results database: an A4 landscape PDF with one '
            'page per proposal, then one per cluster (flagged: with '
            'housing inside or growth in its rings; or all): a zoom map '
            'in the plane CRS with its grid and scale bar, the figures, '
            'the verdicts and the housing per ring and date.')
    FILTER = 'PDF (*.pdf)'
    ARGS = [RESULTS,
            Enum('ATLAS', 'Clusters that get a page', '--atlas',
                 ['flagged', 'all'],
                 labels=['flagged: housing inside or growth in a ring',
                         'all']),
            Enum('LANG', 'Language', '--lang', ['vi', 'en']),
            Text('TITLE', 'Running head', '--title'),
            RUN_N]


ALGORITHMS = (Run, Areas, Overlaps, Landuse, Encroach, Check, Reserve, Map,
              Report, Atlas)
