// The TAP service as the page talks to it: sync queries as JSON, DALI error documents, the DALI examples,
// TAP_SCHEMA, VOSI capabilities and availability, and UWS jobs. Every URL is relative to the page, so the
// page works under any base path and behind a proxy.

const UWS = 'http://www.ivoa.net/xml/UWS/v1.0';
const XLINK = 'http://www.w3.org/1999/xlink';

/** The formats /sync writes, in the order the download links show them. */
export const FORMATS = [
  { value: 'votable', label: 'VOTable', ext: 'vot' },
  { value: 'votable/b2', label: 'VOTable BINARY2', ext: 'b2.vot' },
  { value: 'csv', label: 'CSV', ext: 'csv' },
  { value: 'tsv', label: 'TSV', ext: 'tsv' },
  { value: 'json', label: 'JSON', ext: 'json' },
];

/** A failed request; message is what the service said (the QUERY_STATUS text of a DALI error document). */
export class TapError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'TapError';
    this.status = status;
  }
}

/** The message of a DALI error VOTable, or null when the text is not one. */
export function daliErrorMessage(text) {
  if (!text || !text.includes('QUERY_STATUS')) return null;
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return null;
  for (const info of doc.getElementsByTagNameNS('*', 'INFO')) {
    if (info.getAttribute('name') === 'QUERY_STATUS' && info.getAttribute('value') === 'ERROR') {
      return info.textContent.trim() || 'the service reported an error without a message';
    }
  }
  return null;
}

function xml(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new TapError('the service sent malformed XML');
  return doc;
}

function rowsAsObjects(result) {
  const names = result.columns.map((c) => c.name.toLowerCase());
  return result.data.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
}

export class TapClient {
  /** root: the relative path from the page to the service root (the server fills it in, e.g. "./"). */
  constructor(root) {
    this.base = new URL(`${root}tap/`, document.baseURI);
  }

  /** The absolute URL of an endpoint below the TAP URL, with optional query parameters. */
  url(path, params) {
    const u = new URL(path, this.base);
    if (params) for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
    return u.href;
  }

  /** The GET /sync URL for a query in a format (what the download links point to). */
  syncUrl(query, format, maxrec) {
    return this.url('sync', { LANG: 'ADQL', RESPONSEFORMAT: format, MAXREC: maxrec, QUERY: query });
  }

  async fetchText(url, init) {
    let response;
    try {
      response = await fetch(url, init);
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new TapError(`the service did not answer (${e.message})`, 0);
    }
    const text = await response.text();
    if (!response.ok) {
      const message = daliErrorMessage(text) || text.trim().slice(0, 2000) || `HTTP ${response.status}`;
      throw new TapError(message, response.status);
    }
    return text;
  }

  /**
   * Runs a query on /sync as JSON: {columns, data, status: "OK"|"OVERFLOW"}. A DALI error (HTTP 400 with an
   * error VOTable) or an error after the first rows (status "ERROR") becomes a TapError.
   */
  async query(adql, maxrec, signal) {
    const body = new URLSearchParams({ LANG: 'ADQL', RESPONSEFORMAT: 'json', QUERY: adql });
    if (maxrec !== undefined && maxrec !== null && maxrec !== '') body.set('MAXREC', String(maxrec));
    const text = await this.fetchText(this.url('sync'), { method: 'POST', body, signal });
    let result;
    try {
      result = JSON.parse(text);
    } catch (e) {
      throw new TapError(`the service sent no JSON document: ${text.slice(0, 200)}`);
    }
    if (result.status === 'ERROR') throw new TapError(result.message || 'the query failed while it ran');
    return result;
  }

  /** The DALI examples: [{id, name, explanation, query, table}] in document order. */
  async examples() {
    const text = await this.fetchText(this.url('examples'));
    let doc = new DOMParser().parseFromString(text, 'application/xhtml+xml');
    if (doc.getElementsByTagName('parsererror').length > 0) doc = new DOMParser().parseFromString(text, 'text/html');
    const property = (el, name) => {
      const found = el.querySelector(`[property~="${name}"]`);
      return found ? found.textContent.trim() : '';
    };
    const out = [];
    for (const el of doc.querySelectorAll('[typeof]')) {
      if (!el.getAttribute('typeof').split(/\s+/).includes('example')) continue;
      const query = property(el, 'query');
      if (!query) continue;
      const explanation = [...el.querySelectorAll('p')].find((p) => !p.querySelector('[property]'));
      out.push({
        id: el.getAttribute('id') || (el.getAttribute('resource') || '').replace(/^#/, ''),
        name: property(el, 'name') || query.slice(0, 60),
        explanation: explanation ? explanation.textContent.trim().replace(/\s+/g, ' ') : '',
        query,
        table: property(el, 'table'),
      });
    }
    return out;
  }

  /** TAP_SCHEMA: [{schema_name, table_name, table_type, description, columns: [...]}]. */
  async schema(signal) {
    const [tables, columns] = await Promise.all([
      this.query('SELECT schema_name, table_name, table_type, description FROM TAP_SCHEMA.tables'
        + ' ORDER BY schema_name, table_name', 100000, signal),
      this.query('SELECT table_name, column_name, datatype, arraysize, xtype, unit, ucd, utype, description,'
        + ' principal, indexed, std FROM TAP_SCHEMA.columns ORDER BY table_name, column_index', 100000, signal),
    ]);
    const byTable = new Map();
    for (const c of rowsAsObjects(columns)) {
      if (!byTable.has(c.table_name)) byTable.set(c.table_name, []);
      byTable.get(c.table_name).push(c);
    }
    const rank = (t) => (t.schema_name === 'ivoa' ? 0 : t.schema_name.toLowerCase() === 'tap_schema' ? 2 : 1);
    return rowsAsObjects(tables)
      .map((t) => ({ ...t, columns: byTable.get(t.table_name) || [] }))
      .sort((a, b) => rank(a) - rank(b) || a.table_name.localeCompare(b.table_name));
  }

  /**
   * VOSI capabilities: the output limits in rows ({default, hard}, either may be null), and the upload limit
   * in bytes (uploadBytes; null when the service takes no uploads).
   */
  async limits() {
    const doc = xml(await this.fetchText(this.url('capabilities')));
    const limit = doc.getElementsByTagNameNS('*', 'outputLimit')[0];
    const rows = (name) => {
      if (!limit) return null;
      const el = limit.getElementsByTagNameNS('*', name)[0];
      if (!el || (el.getAttribute('unit') || 'row') !== 'row') return null;
      const n = Number.parseInt(el.textContent.trim(), 10);
      return Number.isFinite(n) ? n : null;
    };
    const methods = doc.getElementsByTagNameNS('*', 'uploadMethod').length;
    const uploadLimit = doc.getElementsByTagNameNS('*', 'uploadLimit')[0];
    const hardUpload = uploadLimit ? uploadLimit.getElementsByTagNameNS('*', 'hard')[0] : null;
    const uploadBytes = methods === 0 ? null
      : (hardUpload ? Number.parseInt(hardUpload.textContent.trim(), 10) : Number.NaN);
    return { default: rows('default'), hard: rows('hard'), uploadBytes };
  }

  /** VOSI availability: {available, note}. */
  async availability() {
    const doc = xml(await this.fetchText(this.url('availability')));
    const available = doc.getElementsByTagNameNS('*', 'available')[0];
    const notes = [...doc.getElementsByTagNameNS('*', 'note')].map((n) => n.textContent.trim()).filter(Boolean);
    return { available: available ? available.textContent.trim() === 'true' : false, note: notes.join('; ') };
  }

  /** The most recent UWS jobs: [{id, href, phase, runId, creationTime}], newest first. */
  async jobs(last = 50) {
    const doc = xml(await this.fetchText(this.url('async', { LAST: last })));
    const text = (el, name) => {
      const c = el.getElementsByTagNameNS(UWS, name)[0];
      return c ? c.textContent.trim() : '';
    };
    return [...doc.getElementsByTagNameNS(UWS, 'jobref')].map((j) => ({
      id: j.getAttribute('id'),
      href: j.getAttributeNS(XLINK, 'href'),
      phase: text(j, 'phase'),
      runId: text(j, 'runId'),
      creationTime: text(j, 'creationTime'),
    })).sort((a, b) => b.creationTime.localeCompare(a.creationTime));
  }

  /** The URL of a job (or of one of its children, e.g. "results/result"). */
  jobUrl(id, child) {
    return this.url(`async/${encodeURIComponent(id)}${child ? `/${child}` : ''}`);
  }

  /**
   * Creates and starts an async job (PHASE=RUN). The 303 to the job is not followed; the job is found
   * again in the list by its run id.
   */
  async submit(adql, maxrec, format, runId) {
    const body = new URLSearchParams({ LANG: 'ADQL', QUERY: adql, RESPONSEFORMAT: format, PHASE: 'RUN', RUNID: runId });
    if (maxrec !== undefined && maxrec !== null && maxrec !== '') body.set('MAXREC', String(maxrec));
    let response;
    try {
      response = await fetch(this.url('async'), { method: 'POST', body, redirect: 'manual' });
    } catch (e) {
      throw new TapError(`the service did not answer (${e.message})`, 0);
    }
    if (response.type !== 'opaqueredirect' && !response.ok) {
      const text = await response.text();
      throw new TapError(daliErrorMessage(text) || text.trim() || `HTTP ${response.status}`, response.status);
    }
  }

  /** The message of a failed job (its DALI error document). */
  async jobError(id) {
    const text = await this.fetchText(this.jobUrl(id, 'error'));
    return daliErrorMessage(text) || text.trim();
  }

  /** Deletes a job (UWS: POST ACTION=DELETE to the job). */
  async deleteJob(id) {
    const response = await fetch(this.jobUrl(id), {
      method: 'POST', body: new URLSearchParams({ ACTION: 'DELETE' }), redirect: 'manual',
    });
    if (response.type !== 'opaqueredirect' && !response.ok) {
      const text = await response.text();
      throw new TapError(text.trim() || `HTTP ${response.status}`, response.status);
    }
  }
}
