// The ADQL editor: a textarea over a backdrop that mirrors its text, so an error position can be marked in
// place; and the error panel with the offending line and a caret under the column.
import { fill, h } from './render.js';

/**
 * The position an ADQL error message states ("line 2, column 8: ..."), 1-based, or null. Columns count
 * UTF-16 code units from the start of the line, as the service's lexer and JavaScript strings both do.
 */
export function errorPosition(message) {
  const m = /\bline (\d+), column (\d+)\b/.exec(message || '');
  if (!m) return null;
  const line = Number(m[1]);
  const column = Number(m[2]);
  return line > 0 && column > 0 ? { line, column } : null;
}

/** The offset in text of a 1-based line and column (clamped to the line's end), or null without that line. */
export function offsetOf(text, line, column) {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return null;
    start = nl + 1;
  }
  const nl = text.indexOf('\n', start);
  const end = nl < 0 ? text.length : nl;
  return Math.min(start + column - 1, end);
}

const TOKEN = /"(?:[^"]|"")*"|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|<>|<=|>=|!=|\|\||\S/y;

/** The length of the token at offset (0 at a line end or at the end of the text). */
export function tokenLength(text, offset) {
  TOKEN.lastIndex = offset;
  const m = TOKEN.exec(text);
  if (!m) return 0;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? m[0].length : Math.min(m[0].length, nl - offset);
}

export class Editor {
  constructor(textarea, backdrop, errorPanel) {
    this.textarea = textarea;
    this.backdrop = backdrop;
    this.errorPanel = errorPanel;
    this.mark = null;
    textarea.addEventListener('input', () => this.clearError());
    textarea.addEventListener('scroll', () => this.syncScroll());
    this.paint();
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.clearError();
  }

  /** Inserts text at the caret (or over the selection) and keeps the editor focused. */
  insert(text) {
    const t = this.textarea;
    t.focus();
    t.setRangeText(text, t.selectionStart, t.selectionEnd, 'end');
    this.clearError();
  }

  syncScroll() {
    this.backdrop.scrollTop = this.textarea.scrollTop;
    this.backdrop.scrollLeft = this.textarea.scrollLeft;
  }

  /** Redraws the backdrop: the text, with the error range (if any) in a mark element. */
  paint() {
    const text = this.textarea.value;
    if (!this.mark) {
      fill(this.backdrop, `${text}\n`);
    } else {
      const { start, end } = this.mark;
      // an error at the end of a line or of the text marks one blank cell there
      const marked = end > start ? text.slice(start, end) : ' ';
      fill(this.backdrop, text.slice(0, start),
        h('mark', { className: 'error-mark', id: 'error-mark', title: this.mark.title }, marked),
        end > start ? text.slice(end) : text.slice(start), '\n');
    }
    this.syncScroll();
  }

  clearError() {
    const had = this.mark !== null || !this.errorPanel.hidden;
    this.mark = null;
    this.errorPanel.hidden = true;
    this.errorPanel.replaceChildren();
    this.textarea.removeAttribute('aria-invalid');
    if (had || this.backdrop.textContent !== `${this.textarea.value}\n`) this.paint();
  }

  /**
   * Shows an error message; when it states a line and column in this query, marks that place in the editor,
   * selects the offending token, and shows the line with a caret under the column.
   */
  showError(message, queryText) {
    const text = this.textarea.value;
    const pos = queryText === text ? errorPosition(message) : null;
    const offset = pos ? offsetOf(text, pos.line, pos.column) : null;
    const children = [h('p', { className: 'error-message' }, h('strong', {}, 'Error: '), message)];
    if (offset !== null) {
      const length = tokenLength(text, offset);
      this.mark = { start: offset, end: offset + length, title: message };
      const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
      const lineEndAt = text.indexOf('\n', offset);
      const lineText = text.slice(lineStart, lineEndAt < 0 ? text.length : lineEndAt);
      const gutter = `${pos.line} | `;
      // the caret line repeats tabs so that it lines up under a tab-indented query
      const pad = lineText.slice(0, offset - lineStart).replace(/[^\t]/g, ' ');
      children.push(
        h('p', { className: 'error-position', id: 'error-position' }, `Line ${pos.line}, column ${pos.column}`),
        h('pre', { className: 'error-frame', 'aria-hidden': 'true' },
          h('span', { className: 'frame-line' }, gutter + lineText), '\n',
          h('span', { className: 'caret', id: 'error-caret' },
            ' '.repeat(gutter.length) + pad + '^'.repeat(Math.max(1, length)))),
        h('button', { type: 'button', className: 'small', onclick: () => this.select() }, 'Show in the editor'));
      this.textarea.setAttribute('aria-invalid', 'true');
      this.paint();
      this.select();
    } else {
      this.mark = null;
      this.paint();
    }
    fill(this.errorPanel, children);
    this.errorPanel.hidden = false;
  }

  /** Selects the marked range in the textarea and scrolls it into view. */
  select() {
    if (!this.mark) return;
    const t = this.textarea;
    t.focus();
    t.setSelectionRange(this.mark.start, Math.max(this.mark.end, this.mark.start));
    // bring the line into view: the selection does not scroll a textarea that is not focused in every browser
    const mark = this.backdrop.querySelector('mark');
    if (mark) {
      const top = mark.offsetTop - t.clientHeight / 2;
      t.scrollTop = Math.max(0, top);
      if (mark.offsetLeft < t.scrollLeft || mark.offsetLeft > t.scrollLeft + t.clientWidth - 40) {
        t.scrollLeft = Math.max(0, mark.offsetLeft - 40);
      }
      this.syncScroll();
    }
  }
}
