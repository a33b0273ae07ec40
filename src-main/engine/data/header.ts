import type { DatasetIssue } from '../spec';
import { parseDate } from './dates';
import { parseNumber } from './numbers';

function looksLikeValue(cell: string, decimalComma: boolean): boolean {
  const text = cell.trim();
  if (!Number.isNaN(parseNumber(text, decimalComma))) return true;
  return (['ymd', 'year-month', 'dmy'] as const).some((format) => !Number.isNaN(parseDate(text, format)));
}

/** A first row is a header when it has names and none of its cells is a number or a date (blank names are filled in later). */
export function isHeaderRow(record: string[], decimalComma: boolean): boolean {
  const named = record.filter((cell) => cell.trim() !== '');
  return named.length > 0 && named.every((cell) => !looksLikeValue(cell, decimalComma));
}

export function generatedNames(width: number): string[] {
  return Array.from({ length: width }, (_, i) => `column_${i + 1}`);
}

/** Trims names, names blank ones after their position and makes duplicates unique, reporting each change. */
export function normalizeNames(names: string[]): { names: string[]; issues: DatasetIssue[] } {
  const issues: DatasetIssue[] = [];
  const used = new Set<string>();
  const result = names.map((raw, index) => {
    let name = raw.trim();
    if (name === '') {
      name = `column_${index + 1}`;
      issues.push({ severity: 'warning', code: 'empty-column-name', message: `column ${index + 1} has no name in the header; it is called '${name}'`, column: name });
    }
    if (used.has(name)) {
      let n = 2;
      while (used.has(`${name}_${n}`)) n++;
      const unique = `${name}_${n}`;
      issues.push({ severity: 'warning', code: 'duplicate-column-name', message: `the header names '${name}' more than once; column ${index + 1} is called '${unique}'`, column: unique });
      name = unique;
    }
    used.add(name);
    return name;
  });
  return { names: result, issues };
}
