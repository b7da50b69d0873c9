// The web page of the TAP service: examples, TAP_SCHEMA browser, ADQL editor, results with downloads, async jobs.
import { Editor } from './editor.js';
import { fill, h, renderResult } from './render.js';
import { FORMATS, TapClient } from './tap.js';

/** The most rows the page itself shows; downloads and async jobs use MAXREC. */
const DISPLAY_ROWS = 100;
const ACTIVE_PHASES = new Set(['QUEUED', 'EXECUTING']);
const STORAGE_KEY = 'rucio-ivoa.query';

const $ = (id) => document.getElementById(id);
const client = new TapClient(document.body.dataset.root || './');
const editor = new Editor($('query'), $('editor-backdrop'), $('query-error'));
let limits = { default: null, hard: null };
let running = null;
let jobTimer = null;
/** The job this page submitted last: its run id, query, and whether its error was shown. */
let submitted = null;

function setStatus(el, text, kind) {
  el.textContent = text;
  el.dataset.kind = kind || '';
}

function errorText(e) {
  return e && e.message ? e.message : String(e);
}

// ---- service --------------------------------------------------------------------------------------------

async function showAvailability() {
  const el = $('availability');
  try {
    const a = await client.availability();
    setStatus(el, a.available ? 'available' : `not available${a.note ? `: ${a.note}` : ''}`, a.available ? 'ok' : 'error');
    el.title = a.note || '';
  } catch (e) {
    setStatus(el, `availability unknown: ${errorText(e)}`, 'error');
  }
}

async function loadLimits() {
  try {
    limits = await client.limits();
  } catch (e) {
    return;
  }
  const input = $('maxrec');
  if (limits.default !== null && input.value === '') input.value = String(limits.default);
  if (limits.hard !== null) input.max = String(limits.hard);
  const parts = [];
  if (limits.default !== null) parts.push(`MAXREC is ${limits.default} rows unless you ask for more`);
  if (limits.hard !== null) parts.push(`at most ${limits.hard}`);
  const uploads = limits.uploadBytes === null ? 'Table uploads are not offered.'
    : 'Tables uploaded with a query (pyvo uploads=, TOPCAT) are TAP_UPLOAD.name'
      + (Number.isFinite(limits.uploadBytes) ? `, up to ${(limits.uploadBytes / 1e6).toFixed(0)} MB per query.` : '.');
  if (parts.length) $('limits').textContent = `${parts.join(', ')}. ${uploads}`;
}

function setUpCopy() {
  const button = $('copy-tap-url');
  if (!navigator.clipboard || !window.isSecureContext) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(document.body.dataset.tapUrl);
      button.textContent = 'Copied';
    } catch (e) {
      button.textContent = 'Copy failed';
    }
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  });
}

// ---- query and result -----------------------------------------------------------------------------------

/** MAXREC from the form: a non-negative integer, or '' for the service default; throws for anything else. */
function maxrec() {
  const raw = $('maxrec').value.trim();
  if (raw === '') return '';
  if (!/^\d+$/.test(raw)) throw new Error('MAXREC must be a whole number of rows (0 or more)');
  return Number(raw);
}

/**
 * The query and MAXREC to send, or null after saying in the status line what is wrong; with focusMaxrec,
 * a bad MAXREC also gets the focus.
 */
function request(focusMaxrec) {
  const query = editor.value;
  if (!query.trim()) {
    setStatus($('status'), 'Write a query first.', 'error');
    return null;
  }
  try {
    return { query, max: maxrec() };
  } catch (e) {
    setStatus($('status'), errorText(e), 'error');
    if (focusMaxrec) $('maxrec').focus();
    return null;
  }
}

async function run() {
  const req = request(true);
  if (!req) return;
  const { query, max } = req;
  const limit = max === '' ? (limits.default ?? DISPLAY_ROWS) : max;
  const shown = Math.min(DISPLAY_ROWS, limit);
  if (running) running.abort();
  const controller = new AbortController();
  running = controller;
  editor.clearError();
  try {
    localStorage.setItem(STORAGE_KEY, query);
  } catch (e) {
    // private mode or storage off: nothing to keep
  }
  $('result-section').setAttribute('aria-busy', 'true');
  $('cancel').hidden = false;
  setStatus($('status'), 'Running…', 'busy');
  const started = performance.now();
  try {
    const result = await client.query(query, shown, controller.signal);
    if (running !== controller) return;
    showResult(result, query, max, limit, shown, (performance.now() - started) / 1000);
    setStatus($('status'), '', '');
  } catch (e) {
    if (running !== controller) return;
    if (e.name === 'AbortError') {
      setStatus($('status'), 'Cancelled.', '');
      return;
    }
    clearResult('The query failed; see the message under the editor.');
    editor.showError(errorText(e), query);
    setStatus($('status'), 'The query failed.', 'error');
  } finally {
    if (running === controller) {
      running = null;
      $('cancel').hidden = true;
      $('result-section').removeAttribute('aria-busy');
    }
  }
}

function clearResult(message) {
  const summary = $('result-summary');
  summary.textContent = message;
  delete summary.dataset.rows;
  delete summary.dataset.overflow;
  $('result-wrap').hidden = true;
  $('result-table').replaceChildren();
  $('downloads').hidden = true;
  $('downloads').replaceChildren();
}

function showResult(result, query, max, limit, shown, seconds) {
  const rows = result.data.length;
  const overflow = result.status === 'OVERFLOW';
  const summary = $('result-summary');
  summary.dataset.rows = String(rows);
  summary.dataset.overflow = String(overflow);
  const time = `${seconds.toFixed(2)} s`;
  let text;
  if (!overflow) {
    text = rows === 0 ? `No rows match (${time}).` : `${rows} row${rows === 1 ? '' : 's'} (${time}).`;
  } else if (shown < limit) {
    text = `The first ${rows} rows (${time}); the query has more. The downloads return up to ${limit} rows`
      + ` (MAXREC${max === '' ? ', the service default' : ''}).`;
  } else {
    text = `The result was cut at MAXREC=${limit} rows (${time}), as it has more; raise MAXREC to get more.`;
  }
  summary.textContent = text;
  summary.classList.toggle('overflow', overflow);
  renderResult($('result-table'), result);
  $('result-wrap').hidden = false;
  const links = FORMATS.map((f) => h('a', {
    href: client.syncUrl(query, f.value, max),
    download: `result.${f.ext}`,
    className: 'download',
    'data-format': f.value,
    title: `the whole result (up to MAXREC rows) as ${f.label}`,
  }, f.label));
  fill($('downloads'), h('span', { className: 'label' }, `Download${max === '' ? '' : ` (MAXREC=${max})`}:`), links);
  $('downloads').hidden = false;
}

// ---- examples -------------------------------------------------------------------------------------------

async function loadExamples() {
  const list = $('examples');
  try {
    const examples = await client.examples();
    fill(list, examples.map((ex) => h('li', {},
      h('button', {
        type: 'button',
        className: 'example',
        'data-example': ex.id,
        title: ex.explanation,
        onclick: () => useExample(ex),
      }, ex.name))));
    if (examples.length === 0) fill(list, h('li', { className: 'note' }, 'The service lists no examples.'));
  } catch (e) {
    fill(list, h('li', { className: 'error' }, `The examples could not be loaded: ${errorText(e)}`));
  } finally {
    list.removeAttribute('aria-busy');
  }
}

function useExample(ex) {
  editor.value = ex.query;
  const note = $('example-note');
  fill(note, h('strong', {}, ex.name), ex.explanation ? `: ${ex.explanation}` : '');
  note.hidden = false;
  run();
}

// ---- TAP_SCHEMA browser ---------------------------------------------------------------------------------

async function loadSchema() {
  const box = $('schema');
  try {
    const tables = await client.schema();
    fill(box, tables.map(renderTable));
    filterSchema();
  } catch (e) {
    fill(box, h('p', { className: 'error' }, `TAP_SCHEMA could not be read: ${errorText(e)}`));
  } finally {
    box.removeAttribute('aria-busy');
  }
}

function renderTable(t) {
  const columns = t.columns.map((c) => {
    const type = `${c.datatype || ''}${c.arraysize && c.arraysize !== '1' ? `[${c.arraysize}]` : ''}${c.xtype ? ` ${c.xtype}` : ''}`;
    return h('li', { className: 'column', 'data-column': c.column_name },
      h('div', { className: 'column-head' },
        h('button', {
          type: 'button',
          className: 'link column-name',
          title: `insert ${c.column_name} into the query`,
          onclick: () => editor.insert(c.column_name),
        }, c.column_name),
        h('span', { className: 'type' }, type),
        c.unit ? h('span', { className: 'unit', title: 'unit' }, c.unit) : null),
      c.ucd ? h('div', { className: 'ucd', title: 'UCD' }, c.ucd) : null,
      c.description ? h('div', { className: 'description' }, c.description) : null);
  });
  const name = t.table_name;
  return h('details', { className: 'table', 'data-table': name },
    h('summary', {}, h('span', { className: 'table-name' }, name),
      h('span', { className: 'count' }, ` ${t.columns.length} columns`)),
    t.description ? h('p', { className: 'description' }, t.description) : null,
    h('button', {
      type: 'button',
      className: 'small',
      onclick: () => { editor.value = `SELECT TOP 100 *\nFROM ${name}`; $('example-note').hidden = true; run(); },
    }, `Query ${name}`),
    h('ul', { className: 'columns' }, columns));
}

function filterSchema() {
  const q = $('schema-filter').value.trim().toLowerCase();
  for (const table of $('schema').querySelectorAll('details.table')) {
    let matches = 0;
    for (const li of table.querySelectorAll('li.column')) {
      const hit = !q || li.textContent.toLowerCase().includes(q);
      li.hidden = !hit;
      if (hit) matches++;
    }
    table.hidden = q !== '' && matches === 0 && !table.dataset.table.toLowerCase().includes(q);
    if (q) table.open = matches > 0;
  }
}

// ---- async jobs -----------------------------------------------------------------------------------------

function utc(iso) {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso || '');
  return m ? `${m[1]} ${m[2]}` : iso || '';
}

async function refreshJobs() {
  clearTimeout(jobTimer);
  jobTimer = null;
  const body = $('jobs-body');
  let jobs;
  try {
    jobs = await client.jobs();
  } catch (e) {
    setStatus($('jobs-status'), `The job list could not be read: ${errorText(e)}`, 'error');
    return;
  }
  if (jobs.length === 0) {
    fill(body, h('tr', {}, h('td', { colSpan: 6, className: 'note' }, 'No jobs yet. "Submit as async job" starts one.')));
  } else {
    fill(body, jobs.map(jobRow));
  }
  const active = jobs.some((j) => ACTIVE_PHASES.has(j.phase));
  if (active) jobTimer = setTimeout(refreshJobs, document.hidden ? 10000 : 1500);
  const mine = submitted && jobs.find((j) => j.runId === submitted.runId);
  if (mine) {
    setStatus($('jobs-status'), `Job ${mine.id} is ${mine.phase}.`, mine.phase === 'ERROR' ? 'error' : 'ok');
    if (mine.phase === 'ERROR' && !submitted.errorShown) {
      submitted.errorShown = true;
      showJobError(mine, submitted.query);
    }
  }
}

/** The error of the page's own failed job: in the job status, and at its position when the query is unchanged. */
async function showJobError(job, query) {
  let message;
  try {
    message = await client.jobError(job.id);
  } catch (e) {
    return;
  }
  setStatus($('jobs-status'), `Job ${job.id} failed: ${message}`, 'error');
  if (editor.value === query) editor.showError(message, query);
}

function jobRow(j) {
  const links = [];
  if (j.phase === 'COMPLETED') links.push(h('a', { href: client.jobUrl(j.id, 'results/result'), className: 'result' }, 'result'));
  if (j.phase === 'ERROR') links.push(h('a', { href: client.jobUrl(j.id, 'error'), className: 'job-error' }, 'error'));
  links.push(h('a', { href: client.jobUrl(j.id, 'parameters') }, 'parameters'));
  const row = h('tr', { 'data-job': j.id, className: submitted && j.runId === submitted.runId ? 'mine' : '' },
    h('td', {}, h('a', { href: client.jobUrl(j.id), className: 'job-id' }, j.id)),
    h('td', {}, h('span', { className: `phase phase-${j.phase.toLowerCase()}` }, j.phase)),
    h('td', { title: j.creationTime }, utc(j.creationTime)),
    h('td', {}, j.runId),
    h('td', { className: 'links' }, links.flatMap((a, i) => (i ? [' · ', a] : [a]))),
    h('td', {}, h('button', {
      type: 'button',
      className: 'small',
      'aria-label': `Delete job ${j.id}`,
      onclick: () => deleteJob(j.id),
    }, 'Delete')));
  return row;
}

async function deleteJob(id) {
  try {
    await client.deleteJob(id);
    setStatus($('jobs-status'), `Job ${id} deleted.`, 'ok');
  } catch (e) {
    setStatus($('jobs-status'), `Job ${id} could not be deleted: ${errorText(e)}`, 'error');
  }
  refreshJobs();
}

async function submitAsync() {
  const req = request(false);
  if (!req) return;
  const { query, max } = req;
  const runId = `web-${Math.random().toString(36).slice(2, 10)}`;
  setStatus($('jobs-status'), 'Submitting…', 'busy');
  try {
    await client.submit(query, max, $('async-format').value, runId);
    submitted = { runId, query, errorShown: false };
    setStatus($('jobs-status'), 'Job submitted.', 'ok');
  } catch (e) {
    setStatus($('jobs-status'), `The job could not be created: ${errorText(e)}`, 'error');
    return;
  }
  await refreshJobs();
  $('jobs-section').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

// ---- wiring ---------------------------------------------------------------------------------------------

function restoreQuery() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && saved.trim()) editor.value = saved;
  } catch (e) {
    // storage off
  }
}

$('run').addEventListener('click', run);
$('cancel').addEventListener('click', () => { if (running) running.abort(); });
$('submit-async').addEventListener('click', submitAsync);
$('refresh-jobs').addEventListener('click', refreshJobs);
$('schema-filter').addEventListener('input', filterSchema);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run();
  }
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && jobTimer) refreshJobs();
});

// on a phone the endpoint list would push the editor a screen down: start with it folded
if (window.matchMedia('(max-width: 900px)').matches) $('endpoints').open = false;
restoreQuery();
setUpCopy();
document.body.classList.add('ready');
showAvailability();
loadLimits();
loadExamples();
loadSchema();
refreshJobs();
