# SPDX-License-Identifier: MIT
"""Open every geometry layer of a zoneguard results database through
QGIS's OGR and SpatiaLite providers and check that the style QGIS loads by
default is the one stored in layer_styles: renderer type, classification
attribute, categories (value, label, fill colour), single symbol fill
colour, and the field aliases. Prints one 'ok ...' or 'FAIL ...' line per
layer, route and aspect. Usage: qgis_styles.py RESULTS.sqlite"""

import os
import sqlite3
import sys
import xml.etree.ElementTree as ET

from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer


def stored(db, table):
    """The stored default QML of TABLE, parsed: (renderer element, aliases)."""
    rows = db.execute(
        "SELECT DISTINCT styleQML FROM layer_styles WHERE f_table_name = ?"
        " AND useAsDefault", (table,)).fetchall()
    assert len(rows) == 1, (table, len(rows))
    root = ET.fromstring(rows[0][0].split('>', 1)[1])  # after the DOCTYPE
    aliases = {a.get('field'): a.get('name')
               for a in root.iter('alias') if a.get('name')}
    return root.find('renderer-v2'), aliases


def fill_of(renderer_el, symbol_name):
    sym = next(s for s in renderer_el.iter('symbol')
               if s.get('name') == symbol_name)
    opt = next(o for o in sym.iter('Option') if o.get('name') == 'color')
    return tuple(int(v) for v in opt.get('value').split(','))


def rgba(color):
    return (color.red(), color.green(), color.blue(), color.alpha())


def renderer_diff(layer, el):
    r = layer.renderer()
    if r is None:
        return 'no renderer'
    if r.type() != el.get('type'):
        return 'renderer %s, stored %s' % (r.type(), el.get('type'))
    if r.type() == 'singleSymbol':
        got, want = rgba(r.symbol().symbolLayer(0).color()), fill_of(el, '0')
        return None if got == want else 'fill %s, stored %s' % (got, want)
    if r.type() == 'categorizedSymbol':
        if r.classAttribute() != el.get('attr'):
            return 'attribute %s, stored %s' % (r.classAttribute(),
                                                el.get('attr'))
        got = [(c.value(), c.label(), rgba(c.symbol().symbolLayer(0).color()))
               for c in r.categories()]
        want = [(c.get('value'), c.get('label'), fill_of(el, c.get('symbol')))
                for c in el.iter('category')]
        return None if got == want else 'categories %s, stored %s' % (got,
                                                                      want)
    return 'unexpected renderer ' + r.type()


def main(path):
    app = QgsApplication([], False)
    app.initQgis()
    db = sqlite3.connect(path)
    tables = [r for r in db.execute(
        "SELECT f_table_name, f_geometry_column FROM geometry_columns"
        " ORDER BY f_table_name")]
    for table, geom in tables:
        el, aliases = stored(db, table)
        uri = QgsDataSourceUri()
        uri.setDatabase(path)
        uri.setDataSource('', table, geom)
        routes = (('ogr', QgsVectorLayer(path + '|layername=' + table,
                                         table, 'ogr')),
                  ('spatialite', QgsVectorLayer(uri.uri(), table,
                                                'spatialite')))
        for route, layer in routes:
            what = '%s via %s' % (table, route)
            if not layer.isValid():
                print('FAIL %s: layer not valid' % what)
                print('FAIL %s: (aliases not checked)' % what)
                continue
            d = renderer_diff(layer, el)
            extra = ''
            if layer.renderer().type() == 'categorizedSymbol':
                extra = ' (categorised by %s: %s)' % (
                    layer.renderer().classAttribute(),
                    ', '.join(c.value() for c in layer.renderer().categories()))
            print(('ok %s: the stored renderer%s' % (what, extra)) if d is None
                  else 'FAIL %s: %s' % (what, d))
            fields = [f.name() for f in layer.fields()]
            want = {f: a for f, a in aliases.items() if f in fields}
            got = {f: layer.attributeAlias(layer.fields().indexOf(f))
                   for f in want}
            if want and got == want:
                print('ok %s: %d Vietnamese field aliases (%s = %s)' % (
                    what, len(want), 'run_id', got.get('run_id')))
            else:
                print('FAIL %s: aliases %s, stored %s' % (what, got, want))
            del layer
        del routes
    # Leave without QGIS's teardown, which crashes (SIGSEGV) in 3.22 when
    # providers were used from Python; the output is complete by now.
    sys.stdout.flush()
    os._exit(0)


if __name__ == '__main__':
    main(sys.argv[1])
