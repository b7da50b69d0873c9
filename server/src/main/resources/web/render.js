// Building DOM from data: every value goes in as text (textContent, attributes set one by one), never as HTML.

/**
 * h('a', {href: url, className: 'x', title: 't'}, 'text', child): an element. Properties whose name starts
 * with "data-" or "aria-" become attributes, "on..." functions become listeners; children are nodes or text.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (/html$/i.test(key)) throw new Error(`h() sets text only, not ${key}`);
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'scope') {
      el.setAttribute(key, String(value));
    } else {
      el[key] = value;
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of an element. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Only http(s) URLs become links (no javascript: or data: from a table cell). */
export function safeHref(value) {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value).href;
  } catch (e) {
    return null;
  }
}

const fmt = (x) => (x === null || x === undefined ? '?' : String(x));

function pairs(a) {
  const out = [];
  for (let i = 0; i + 1 < a.length; i += 2) out.push(`(${fmt(a[i])}, ${fmt(a[i + 1])})`);
  return out;
}

/**
 * A geometry value (a DALI number array) as astronomers read it: {short, full}. xtype tells point, circle
 * or polygon; a region column holds circles (3 numbers) and polygons (an even count of at least 6).
 */
export function geometryText(a, xtype) {
  const x = (xtype || '').toLowerCase();
  if (x === 'point' || (a.length === 2 && x !== 'polygon')) {
    const t = `POINT ${pairs(a)[0] || ''}`;
    return { short: t, full: t };
  }
  if (x === 'circle' || a.length === 3) {
    const t = `CIRCLE (${fmt(a[0])}, ${fmt(a[1])}) r=${fmt(a[2])}°`;
    return { short: t, full: t };
  }
  if (x === 'polygon' || x === 'adql:region' || x === 'shape' || a.length % 2 === 0) {
    const p = pairs(a);
    const full = `POLYGON ${p.length} vertices: ${p.join(' ')}`;
    const short = p.length > 3 ? `POLYGON ${p.length} vertices: ${p.slice(0, 3).join(' ')} …` : full;
    return { short, full };
  }
  const t = a.map(fmt).join(' ');
  return { short: t, full: t };
}

const GEOMETRY = new Set(['point', 'circle', 'polygon', 'region', 'adql:region', 'shape', 'moc']);
const NUMERIC = new Set(['short', 'int', 'long', 'float', 'double', 'unsignedByte']);

/** Whether a result column holds scalar numbers (right-aligned). */
export function isNumeric(column) {
  return NUMERIC.has(column.datatype) && !column.xtype && (!column.arraysize || column.arraysize === '1');
}

/** A table cell for one value of a column. */
export function cell(value, column) {
  const td = document.createElement('td');
  if (value === null || value === undefined) {
    td.className = 'null';
    td.textContent = 'NULL';
    td.title = 'no value (NULL)';
    return td;
  }
  if (Array.isArray(value)) {
    const g = geometryText(value, column.xtype);
    td.className = 'geometry';
    td.textContent = g.short;
    td.title = g.full;
    return td;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    td.className = 'num';
    td.textContent = String(value);
    return td;
  }
  const text = String(value);
  if (GEOMETRY.has((column.xtype || '').toLowerCase())) {
    // a region as STC-S text (e.g. s_region: "POLYGON ICRS 40 -40 ..."), shown whole on hover
    td.className = 'geometry';
    td.textContent = text;
    td.title = text;
    return td;
  }
  const href = safeHref(text);
  if (href) {
    td.className = 'url';
    td.append(h('a', { href, title: text, rel: 'noopener noreferrer', target: '_blank' }, text));
    return td;
  }
  if (text.length > 80) td.title = text;
  td.textContent = text;
  return td;
}

/** The tooltip of a column header: datatype, unit, UCD, utype, description. */
export function columnTitle(c) {
  const type = c.datatype ? `${c.datatype}${c.arraysize && c.arraysize !== '1' ? `[${c.arraysize}]` : ''}` : '';
  return [
    c.name,
    type && `datatype ${type}${c.xtype ? ` (${c.xtype})` : ''}`,
    c.unit && `unit ${c.unit}`,
    c.ucd && `UCD ${c.ucd}`,
    c.utype && `utype ${c.utype}`,
    c.description,
  ].filter(Boolean).join('\n');
}

/** Fills a table with the columns and rows of a JSON result. */
export function renderResult(table, result) {
  const head = h('tr', {}, h('th', { scope: 'col', className: 'rownum' }, '#'),
    result.columns.map((c) => h('th', { scope: 'col', title: columnTitle(c), 'data-column': c.name },
      h('span', { className: 'colname' }, c.name),
      c.unit ? h('span', { className: 'unit' }, c.unit) : null)));
  const body = document.createElement('tbody');
  result.data.forEach((row, i) => {
    const tr = h('tr', {}, h('th', { scope: 'row', className: 'rownum' }, String(i + 1)));
    row.forEach((v, j) => tr.append(cell(v, result.columns[j] || {})));
    body.append(tr);
  });
  fill(table, h('thead', {}, head), body);
}
