# SPDX-License-Identifier: MIT
"""Run every algorithm of the zoneguard Processing provider (qgis/) headless
on demo_subset.py's copy of the demo scene with processing.run, run the command line with the same
inputs, and compare: every result table the command wrote (all columns,
geometry as WKB hex, in row order), map and report byte for byte. Then an
algorithm fed a memory layer (the provider writes it to a temporary
GeoPackage), a cancelled run, and a command setting that names no file.
Prints one 'ok ...' or 'FAIL ...' line per check.

Usage: qgis_processing.py ZG GEODATA WORKDIR SUBSET (the provider finds
the command through $ZONEGUARD, which the caller sets to ZG; SUBSET is
demo_subset.py's folder: its 6 clusters and the parcels around them, with
the demo's parks and proposals, a seventh of the demo's overlay work; what
is checked is the plugin's handing over, not the demo's size. The
cancelled run is the whole demo's, which lasts well past the cancel).
"""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time

from qgis.core import (QgsApplication, QgsFeature, QgsProcessingException,
                       QgsProcessingFeedback, QgsProject, QgsVectorLayer)

ZG, GEO, WORK, SUB = sys.argv[1:5]
DEMO = os.path.join(GEO, 'demo')
# The subset's scenario as the demo's, atlas and all (demo_subset.py
# leaves the atlas out).
SCENARIO = os.path.join(SUB, 'subset_atlas.scenario')


T0 = time.monotonic()


def say(good, what):
    print(('ok ' if good else 'FAIL ') + what +
          (' [%.1f s]' % (time.monotonic() - T0)
           if os.environ.get('ZG_TEST_TIMES') else ''))
    sys.stdout.flush()


def demo(name):
    return os.path.join(DEMO, name)


def sub(name):
    return os.path.join(SUB, name)


def cli(*args):
    subprocess.run([ZG] + [str(a) for a in args] + ['-q'], check=True)


def cli_start(*args):
    """The command line's run, started now (beside QGIS's) and waited for
    when its result is compared: the test takes half the time."""
    return subprocess.Popen([ZG] + [str(a) for a in args] + ['-q'])


def cli_wait(proc):
    if proc.wait() != 0:
        raise RuntimeError('%s: exit %d' % (proc.args, proc.returncode))


def table_rows(db, table):
    con = sqlite3.connect(db)
    cols = [r[1] for r in con.execute('PRAGMA table_info("%s")' % table)]
    # runs' provenance (paths, times) aside, every column must agree.
    sel = ', '.join('hex("%s")' % c if c == 'geom' else '"%s"' % c
                    for c in cols)
    rows = con.execute('SELECT %s FROM "%s" ORDER BY rowid' % (sel, table)
                       ).fetchall()
    con.close()
    return rows


def written_tables(db):
    con = sqlite3.connect(db)
    t = con.execute('SELECT table_name, row_count FROM run_tables'
                    ' ORDER BY table_name').fetchall()
    con.close()
    return t


def compare_db(what, got_db, want_db, main_table):
    want_t, got_t = written_tables(want_db), written_tables(got_db)
    say(want_t == got_t, '%s: the same tables and row counts as the CLI'
        ' (%s)' % (what, ', '.join('%s %d' % r for r in want_t)))
    counts = dict(want_t)
    say(counts.get(main_table, 0) > 0, '%s: %s has rows' % (what, main_table))
    diff = [t for t, _ in want_t if t not in ('qa_log',)
            and table_rows(got_db, t) != table_rows(want_db, t)]
    say(not diff, '%s: every result table equal to the CLI\'s, column by'
        ' column%s' % (what, (' (differ: %s)' % diff) if diff else ''))


def main():
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing
    Processing.initialize()
    import processing
    # As QGIS starts a plugin that declares hasProcessingProvider, headless
    # (qgis_process does the same): classFactory, then initProcessing.
    import qgis.utils
    started = qgis.utils.loadPlugin('zoneguard_processing') and \
        qgis.utils.startProcessingPlugin('zoneguard_processing')
    provider = QgsApplication.processingRegistry().providerById('zoneguard')
    say(started and provider is not None and
        sorted(a.name() for a in provider.algorithms()) == sorted(
            ['run', 'areas', 'overlaps', 'landuse', 'encroach', 'check',
             'reserve', 'map', 'report', 'atlas']),
        'the plugin starts and registers one algorithm per command')

    project = QgsProject.instance()

    def layer(name, path):
        lyr = QgsVectorLayer(path, name, 'ogr')
        assert lyr.isValid(), file
        project.addMapLayer(lyr)
        return lyr

    cl = layer('clusters', sub('clusters.shp'))
    parks = layer('parks', demo('hanoi_parks_vn2000.gpkg'))
    lu20 = layer('landuse 2020', sub('hanoi_landuse_2020.gpkg.zip'))
    lu25 = layer('landuse 2025', sub('hanoi_landuse_2025.gpkg.zip'))
    prop = layer('proposals', demo('hanoi_proposals_vn2000.gpkg'))
    q = os.path.join(WORK, 'qgis')
    c = os.path.join(WORK, 'cli')
    os.makedirs(q)
    os.makedirs(c)
    CL, PARKS = sub('clusters.shp'), demo('hanoi_parks_vn2000.gpkg')
    LU20, LU25 = sub('hanoi_landuse_2020.gpkg.zip'), sub(
        'hanoi_landuse_2025.gpkg.zip')
    PROP = demo('hanoi_proposals_vn2000.gpkg')

    # (algorithm, Processing parameters, the same as CLI words, table)
    cases = [
        ('areas', {'INPUT': cl, 'DECLARED_FIELD': 'dien_tich'},
         ['areas', CL, '--declared-field', 'dien_tich'], 'clusters'),
        ('overlaps', {'INPUT': cl.id(), 'MIN_OVERLAP_M2': 5},
         ['overlaps', CL, '--min-overlap-m2', 5], 'cluster_overlaps'),
        ('landuse', {'INPUT': cl, 'LANDUSE': lu25, 'CODE_FIELD': 'ma_ldat',
                     'THREADS': 1},
         ['landuse', CL, '--landuse', LU25, '--code-field', 'ma_ldat'],
         'landuse_composition'),
        ('encroach', {'INPUT': cl, 'RESIDENTIAL': [lu20, lu25],
                      'EPOCHS': '2020,2025', 'CODE_FIELD': 'ma_ldat'},
         ['encroach', CL, '--residential', LU20, '--residential', LU25,
          '--epochs', '2020,2025', '--code-field', 'ma_ldat'],
         'encroachment_new'),
        ('check', {'INPUT': prop, 'CLUSTERS': cl, 'PARKS': parks,
                   'LANDUSE': lu25, 'CODE_FIELD': 'ma_ldat',
                   'RESIDENTIAL': [lu20, lu25],
                   'RESIDENTIAL_CODE_FIELD': 'ma_ldat'},
         ['check', PROP, '--clusters', CL, '--parks', PARKS, '--landuse',
          LU25, '--code-field', 'ma_ldat', '--residential', LU20,
          '--residential', LU25, '--residential-code-field', 'ma_ldat'],
         'proposal_checks'),
        ('reserve', {'INPUT': cl, 'PARKS': parks, 'LANDUSE': lu25,
                     'CODE_FIELD': 'ma_ldat', 'RESIDENTIAL': [lu25],
                     'RESIDENTIAL_CODE_FIELD': 'ma_ldat'},
         ['reserve', CL, '--parks', PARKS, '--landuse', LU25,
          '--code-field', 'ma_ldat', '--residential', LU25,
          '--residential-code-field', 'ma_ldat'], 'reserve'),
    ]
    refs = {alg: cli_start(*(words + ['-o', os.path.join(c, alg + '.sqlite')]))
            for alg, _, words, _ in cases}
    refs['run'] = cli_start('run', SCENARIO, '-o',
                            os.path.join(c, 'run'))
    for alg, params, words, main_table in cases:
        fb = Progress()
        params = dict(params, OUTPUT=os.path.join(q, alg + '.sqlite'))
        res = processing.run('zoneguard:' + alg, params, feedback=fb)
        cli_wait(refs[alg])
        compare_db(alg, res['OUTPUT'], os.path.join(c, alg + '.sqlite'),
                   main_table)
        say(fb.texts[:1] == ['zoneguard ' + alg] and fb.seen[-1:] == [100],
            '%s: start ("%s") and end (%s %%) reported'
            % (alg, ''.join(fb.texts[:1]), fb.seen[-1:]))
        if alg == 'landuse':
            # The command's own progress (ZG_PROGRESS=lines) moves the bar.
            mid = [v for v in fb.seen if 0 < v < 100]
            staged = [t for t in fb.texts if t.startswith('zoneguard landuse: ')]
            say(len(mid) > 0 and len(staged) > 0,
                'landuse: the command\'s progress reaches the bar (%d values'
                ' between 0 and 100, stages %s)'
                % (len(mid), sorted(set(t.split(': ')[1] for t in staged))))
        if alg == 'check':
            props = [lyr for lyr in res['LAYERS'] if lyr.name() ==
                     'proposals']
            r = props[0].renderer() if props else None
            say(r is not None and r.type() == 'categorizedSymbol' and
                r.classAttribute() == 'verdict',
                'check: the proposals layer handed to QGIS is styled by'
                ' verdict (%s)' % (r.type() if r else 'missing'))

    # run: the scenario into a folder; all its layers come back styled.
    fb = Progress()
    res = processing.run('zoneguard:run', {
        'SCENARIO': SCENARIO,
        'OUTPUT': os.path.join(q, 'run')}, feedback=fb)
    cli_wait(refs['run'])
    cdb = os.path.join(c, 'run', 'results.sqlite')
    compare_db('run', os.path.join(res['OUTPUT'], 'results.sqlite'), cdb,
               'proposals')
    names = sorted(lyr.name() for lyr in res['LAYERS'])
    con = sqlite3.connect(cdb)
    want = sorted([r[0] for r in con.execute(
        'SELECT f_table_name FROM geometry_columns')] +
        ['landuse_composition', 'proposal_checks'])
    con.close()
    say(names == want, 'run: every result layer handed to QGIS (%s)'
        % ', '.join(names))
    props = [lyr for lyr in res['LAYERS'] if lyr.name() == 'proposals']
    r = props[0].renderer() if props else None
    say(r is not None and r.type() == 'categorizedSymbol' and
        r.classAttribute() == 'verdict', 'run: proposals styled by verdict')

    # map and report of the CLI's database: the same bytes.
    for alg, ext, words in (
            ('map', 'png', ['--date', '2026-01-01', '--lang', 'en']),
            ('report', 'html', ['--lang', 'en'])):
        out = os.path.join(q, alg + '.' + ext)
        params = {'RESULTS': cdb, 'OUTPUT': out, 'LANG': 1}
        if alg == 'map':
            params['DATE'] = '2026-01-01'
        processing.run('zoneguard:' + alg, params, feedback=Progress())
        ref = os.path.join(c, alg + '.' + ext)
        cli(alg, cdb, '-o', ref, *words)
        with open(out, 'rb') as a, open(ref, 'rb') as b:
            da, db = a.read(), b.read()
        say(da == db and len(da) > 1000, '%s: the same %d bytes as the CLI'
            % (alg, len(db)))

    settings_from_the_command(provider)
    check_two_files(processing, q)
    atlas_and_report(processing, q, c, cdb)

    # A memory layer (nothing on disk): written to a temporary GeoPackage.
    mem = QgsVectorLayer('MultiPolygon?crs=EPSG:5897', 'drawn', 'memory')
    mem.dataProvider().addAttributes(cl.fields().toList())
    mem.updateFields()
    feats = []
    for f in cl.getFeatures():
        g = QgsFeature(mem.fields())
        g.setAttributes(f.attributes())
        g.setGeometry(f.geometry())
        feats.append(g)
    mem.dataProvider().addFeatures(feats)
    project.addMapLayer(mem)
    res = processing.run('zoneguard:areas', {
        'INPUT': mem.id(), 'OUTPUT': os.path.join(q, 'mem.sqlite')},
        feedback=Progress())
    rows = {}
    for key, db in (('qgis', res['OUTPUT']),
                    ('cli', os.path.join(c, 'areas.sqlite'))):
        con = sqlite3.connect(db)
        rows[key] = con.execute('SELECT id, name, area_ha, area_plane_ha'
                                ' FROM clusters ORDER BY id').fetchall()
        if key == 'qgis':
            src = con.execute("SELECT path FROM run_inputs").fetchall()
        con.close()
    say(len(rows['cli']) == mem.featureCount() and
        rows['qgis'] == rows['cli'],
        'memory layer: the same %d clusters, ids, names and areas as the'
        ' CLI on the shapefile' % len(rows['cli']))
    say(len(src) == 1 and src[0][0].endswith('.gpkg') and
        not src[0][0].startswith((DEMO, SUB)),
        'memory layer: read from a temporary GeoPackage (%s)' % src)

    # Cancel: the command is stopped, nothing is written.
    fb = Progress()
    target = os.path.join(q, 'cancelled')
    threading.Timer(1.0, fb.cancel).start()
    t0 = time.monotonic()
    try:
        processing.run('zoneguard:run', {
            'SCENARIO': demo('hanoi.scenario'), 'OUTPUT': target},
            feedback=fb)
        say(False, 'cancel: the run was not stopped')
    except QgsProcessingException as e:
        left = os.listdir(target) + [n for n in os.listdir(q)
                                     if 'zoneguard-tmp' in n]
        say('canceled' in str(e) and not left,
            'cancel: stopped after %.1f s, "%s", nothing left (%s)'
            % (time.monotonic() - t0, e, left))

    # A setting that names no file: a clear error, no silent fallback.
    from processing.core.ProcessingConfig import ProcessingConfig
    notexe = demo('hanoi.scenario')
    ProcessingConfig.setSettingValue('ZONEGUARD_COMMAND', notexe)
    try:
        processing.run('zoneguard:areas', {
            'INPUT': cl, 'OUTPUT': os.path.join(q, 'x.sqlite')},
            feedback=Progress())
        say(False, 'a bad command setting was not reported')
    except QgsProcessingException as e:
        say('Processing setting' in str(e) and notexe in str(e),
            'a command setting that names no program: "%s"' % e)
    ProcessingConfig.setSettingValue('ZONEGUARD_COMMAND', '')


def settings_from_the_command(provider):
    """The plugin's ranges and defaults of the shared settings are the
    command's (--help-settings=json); its fallback table equals it."""
    from zoneguard_processing import settings
    out = subprocess.run([ZG, '--help-settings=json'], check=True,
                         capture_output=True, encoding='utf-8').stdout
    rows = {r['key']: r for r in json.loads(out)['settings']}
    cmd = {k: (r['type'], r['min'], r['max'], r['values'], r['default'])
           for k, r in rows.items()}
    say(settings.FALLBACK == cmd,
        'settings: the plugin\'s fallback table equals --help-settings=json'
        '%s' % ('' if settings.FALLBACK == cmd else ' (%s vs %s)' % (
            settings.FALLBACK, cmd)))
    say(settings.read_table('/bin/false') is None and
        settings.read_table(ZG) == cmd,
        'settings: read from the command, none from one that cannot say')

    # Every setting the command takes as an option is offered by its
    # algorithm (encroach's --code-field is its residential_code_field).
    missing = []
    for r in rows.values():
        for c in r['used_by']:
            opts = {getattr(a, 'option', None) or
                    ('--codes' if a.name == 'CODES' else None)
                    for a in type(provider.algorithm(c)).ARGS}
            if r['option'] not in opts and not (
                    c == 'encroach' and r['key'] == 'residential_code_field'
                    and '--code-field' in opts):
                missing.append('%s %s' % (c, r['option']))
    say(not missing, 'settings: each algorithm offers every setting its '
        'command takes (missing: %s)' % (missing or 'none'))

    def par(alg, name):
        return provider.algorithm(alg).parameterDefinition(name)
    th = par('landuse', 'THREADS')
    mo = par('overlaps', 'MIN_OVERLAP_M2')
    hz = par('check', 'HAZARD_CLASS')
    codes = par('landuse', 'CODES')
    rings = par('encroach', 'RINGS')
    hzr, cr = rows['hazard_class'], rows['codes']
    got = (th.maximum(), mo.defaultValue(), mo.minimum(), hz.options()[0],
           sorted(hz.options()), codes.options()[0], sorted(codes.options()),
           rows['rings']['default'] in rings.description())
    want = (rows['threads']['max'], float(rows['min_overlap_m2']['default']),
            rows['min_overlap_m2']['min'], hzr['default'],
            sorted(hzr['values']), cr['default'], sorted(cr['values']), True)
    say(got == want, 'settings: threads\' maximum, the sliver threshold\'s '
        'default and minimum, hazard classes, code tables, rings\' default '
        'as the command states them (%s)' % (got,))


def ogr_areas(path):
    """{id: plane area in ha} of a layer in EPSG:5897, by OGR/GEOS."""
    from osgeo import ogr
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    return {f.GetField('ma'): f.GetGeometryRef().GetArea() / 1e4
            for f in lyr}


def check_two_files(processing, q):
    """Two proposal files judged together: every proposal of both, each
    with its file, its plane area as OGR measures it."""
    from osgeo import ogr
    src = ogr.Open(demo('hanoi_proposals_vn2000.gpkg'))
    lyr = src.GetLayer(0)
    files = [os.path.join(WORK, 'props_a.gpkg'),
             os.path.join(WORK, 'props_b.shp')]
    drivers = ['GPKG', 'ESRI Shapefile']
    outs = []
    for f, d in zip(files, drivers):
        ds = ogr.GetDriverByName(d).CreateDataSource(f)
        out = ds.CreateLayer('proposals', lyr.GetSpatialRef(),
                             ogr.wkbPolygon)
        defn = lyr.GetLayerDefn()
        for i in range(defn.GetFieldCount()):
            out.CreateField(defn.GetFieldDefn(i))
        outs.append((ds, out))
    for n, feat in enumerate(lyr):
        ds, out = outs[n % 2]
        g = ogr.Feature(out.GetLayerDefn())
        for i in range(feat.GetFieldCount()):
            g.SetField(i, feat.GetField(i))
        g.SetGeometry(feat.GetGeometryRef())
        out.CreateFeature(g)
    # GDAL writes a data source out when its last reference goes.
    del ds, out, outs, feat, g, lyr, src
    want = {}
    for f in files:
        for k, a in ogr_areas(f).items():
            want[k] = (os.path.basename(f), a)
    db = os.path.join(q, 'check2.sqlite')
    processing.run('zoneguard:check', {
        'INPUT': files, 'ID_FIELD': 'ma', 'OUTPUT': db}, feedback=Progress())
    con = sqlite3.connect(db)
    rows = con.execute('SELECT proposal_id, source, area_plane_ha'
                       ' FROM proposals').fetchall()
    con.close()
    got = {r[0]: (os.path.basename(r[1] or ''), r[2]) for r in rows}
    bad = [k for k in want if k not in got or got[k][0] != want[k][0] or
           abs(got[k][1] - want[k][1]) > 1e-7 * want[k][1]]
    say(len(rows) == len(want) == 8 and set(got) == set(want) and not bad,
        'check, two proposal files (GeoPackage, shapefile): the %d '
        'proposals of both, each with its file and its plane area as OGR '
        'measures it (differ: %s)' % (len(want), bad or 'none'))


def pdf_pages(path):
    out = subprocess.run(['pdfinfo', path], check=True, capture_output=True,
                         encoding='utf-8').stdout
    return int([line.split()[1] for line in out.splitlines()
                if line.startswith('Pages:')][0])


def atlas_and_report(processing, q, c, cdb):
    """The atlas algorithm (pages as the database's proposals and flagged
    clusters count them), the run's atlas choice, the report's options."""
    con = sqlite3.connect(cdb)
    nprop = con.execute('SELECT count(*) FROM proposals').fetchone()[0]
    ncl = con.execute('SELECT count(*) FROM clusters').fetchone()[0]
    # README: a cluster is flagged with housing inside at any date or new
    # housing in a ring.
    nflag = con.execute(
        "SELECT count(*) FROM (SELECT cluster_id FROM encroachment WHERE "
        "zone = 'inside' AND residential_ha > 0 UNION SELECT cluster_id "
        "FROM encroachment_new WHERE zone <> 'inside' AND new_ha > 0)"
    ).fetchone()[0]
    con.close()
    for choice, i, want in (('flagged', 0, nprop + nflag),
                            ('all', 1, nprop + ncl)):
        out = os.path.join(q, 'atlas_%s.pdf' % choice)
        processing.run('zoneguard:atlas', {
            'RESULTS': cdb, 'OUTPUT': out, 'ATLAS': i, 'LANG': 1,
            'TITLE': 'Atlas test'}, feedback=Progress())
        ref = os.path.join(c, 'atlas_%s.pdf' % choice)
        cli('atlas', cdb, '-o', ref, '--atlas', choice, '--lang', 'en',
            '--title', 'Atlas test')
        with open(out, 'rb') as a, open(ref, 'rb') as b:
            same = a.read() == b.read()
        n = pdf_pages(out)
        say(n == want and same, 'atlas %s: %d pages (%d proposals + %d '
            'clusters by sqlite3: %d), the same bytes as the CLI'
            % (choice, n, nprop, want - nprop, want))

    # run's atlas choice, on a scenario of clusters alone (no housing:
    # flagged would give no page).
    sc = os.path.join(WORK, 'clusters.scenario')
    with open(sc, 'w') as f:
        f.write('clusters = %s\n' % sub('clusters.shp'))
    nogr = ogr_count(sub('clusters.shp'))
    got = []
    for i, name in ((2, 'all'), (3, 'none')):
        res = processing.run('zoneguard:run', {
            'SCENARIO': sc, 'ATLAS': i,
            'OUTPUT': os.path.join(q, 'run_atlas_' + name)},
            feedback=Progress())
        pdf = os.path.join(res['OUTPUT'], 'atlas.pdf')
        got.append(pdf_pages(pdf) if os.path.exists(pdf) else 0)
    say(got == [nogr, 0], 'run: atlas all, a page per cluster (%d by OGR);'
        ' none, no atlas.pdf (pages %s)' % (nogr, got))

    # run's report options (scenario keys as options of run): the official
    # form, its issuing body and a title replace the scenario's.
    res = processing.run('zoneguard:run', {
        'SCENARIO': sc, 'ATLAS': 3, 'REPORT_LAYOUT': 2,
        'ISSUING_BODY': 'UBND thành phố Hà Nội', 'TITLE': 'Chạy thử',
        'OUTPUT': os.path.join(q, 'run_official')}, feedback=Progress())
    with open(os.path.join(res['OUTPUT'], 'report.html'),
              encoding='utf-8') as f:
        html = f.read()
    say('UBND thành phố Hà Nội' in html and 'Chạy thử' in html and
        'Times New Roman' in html,
        'run: the report\'s official form, issuing body and title')

    # The report's official layout, issuing body and title.
    out = os.path.join(q, 'report_official.html')
    body = 'Sở Công Thương Hà Nội'
    processing.run('zoneguard:report', {
        'RESULTS': cdb, 'OUTPUT': out, 'LAYOUT': 1, 'ISSUING_BODY': body,
        'TITLE': 'Báo cáo thử'}, feedback=Progress())
    ref = os.path.join(c, 'report_official.html')
    cli('report', cdb, '-o', ref, '--layout', 'official', '--issuing-body',
        body, '--title', 'Báo cáo thử')
    with open(out, encoding='utf-8') as a, open(ref, encoding='utf-8') as b:
        html, want_html = a.read(), b.read()
    say(html == want_html and body in html and 'Times New Roman' in html,
        'report: official layout, issuing body and title: the same bytes as'
        ' the CLI, the body and the form\'s font in it')


def ogr_count(path):
    from osgeo import ogr
    ds = ogr.Open(path)
    return ds.GetLayer(0).GetFeatureCount()


class Progress(QgsProcessingFeedback):
    """Records the progress values and texts the algorithm reports."""

    def __init__(self):
        super().__init__()
        self.seen, self.texts = [], []
        self.progressChanged.connect(lambda v: self.seen.append(int(v)))

    def setProgressText(self, text):  # noqa: N802
        self.texts.append(text)
        super().setProgressText(text)


if __name__ == '__main__':
    main()
    # QGIS 3.22's teardown crashes when providers were used from Python;
    # every line is printed by now.
    sys.stdout.flush()
    os._exit(0)
