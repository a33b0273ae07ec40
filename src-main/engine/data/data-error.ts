import { describeRow, type RowPlace, type SourceWord } from '../spec';
/**
 * A problem with the user's data that they can fix: says what is wrong, where (file, row, column)
 * and how to fix it. `code` is stable so callers (CLI exit codes, UI highlighting) can branch on it.
 */
export type DataErrorCode =
  | 'unreadable-file'
  | 'empty-file'
  | 'no-columns'
  | 'unsupported-format'
  | 'aborted'
  | 'unknown-column'
  | 'too-short'
  | 'constant-column'
  | 'non-finite'
  | 'non-positive'
  | 'non-numeric'
  | 'bad-date-column'
  | 'bad-window'
  | 'too-large'
  | 'not-a-table'
  | 'unterminated-quote'
  | 'too-deep'
  | 'conflicting-columns';

export interface DataErrorLocation extends RowPlace {
  file?: string;
  column?: string;
  hint?: string;
  /** The run-config field a person would change to fix it, where the engine knows it (`series.transforms`). */
  field?: string;
}

export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly file?: string;
  readonly row?: number;
  readonly date?: string;
  readonly line?: number;
  readonly sourceWord?: SourceWord;
  readonly column?: string;
  readonly hint?: string;
  readonly field?: string;

  constructor(code: DataErrorCode, problem: string, where: DataErrorLocation = {}) {
    super(formatMessage(problem, where));
    this.name = 'DataError';
    this.code = code;
    this.file = where.file;
    this.row = where.row;
    this.date = where.date;
    this.line = where.line;
    this.sourceWord = where.sourceWord;
    this.column = where.column;
    this.hint = where.hint;
    this.field = where.field;
  }

  /** "file, row 17 (2020-05, file line 18), column 'units'" — for ApiError.where. */
  get where(): string | undefined {
    const parts = locationParts(this);
    return parts.length ? parts.join(', ') : undefined;
  }
}

function locationParts(where: DataErrorLocation): string[] {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  const row = describeRow(where);
  if (row) parts.push(row);
  if (where.column !== undefined) parts.push(`column '${where.column}'`);
  return parts;
}

function formatMessage(problem: string, where: DataErrorLocation): string {
  const parts = locationParts(where);
  const located = parts.length ? `${parts.join(', ')}: ${problem}` : problem;
  return where.hint ? `${located}. ${where.hint}` : located;
}
