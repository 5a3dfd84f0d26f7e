/**
 * The plain tables `bench <suite>` prints, drawn from column specs: a
 * column is a header and how one item of the table shows in it, a table is
 * columns over the items it picks from the rows, and a suite's tables are a
 * list of sections laid out once for the run or once per row. The cell
 * formats below are the ones every suite shares.
 */

/** One column: its header, and one item's cell in it. */
export interface Column<I> {
  readonly header: string;
  readonly cell: (item: I) => string;
}

/** A column from its header and cell (the item's type comes from where the column goes). */
export const column = <I>(header: string, cell: (item: I) => string): Column<I> => ({
  header,
  cell,
});

/** Part of a suite's output: a table or a few lines of text, drawn from `S` (the rows, or one row). */
export interface Section<S> {
  readonly render: (source: S) => string;
}

/**
 * How a suite's rows are printed. `run`: each section once, over all the
 * rows (a table with a line per row). `row`: the sections again for each
 * row, each over that row alone (a row too wide for one line).
 */
export type TableSpec<R> =
  | { readonly per: 'run'; readonly sections: readonly Section<readonly R[]>[] }
  | { readonly per: 'row'; readonly sections: readonly Section<R>[] };

/** Right-aligned columns under a header, two spaces apart. */
export function renderTable<I>(columns: readonly Column<I>[], items: readonly I[]): string {
  const lines = [
    columns.map((c) => c.header),
    ...items.map((item) => columns.map((c) => c.cell(item))),
  ];
  const widths = columns.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((cell, i) => cell.padStart(widths[i]!)).join('  ')).join('\n');
}

/** A table of `columns` over the items `items` picks from the section's source. */
export function table<S, I>(
  columns: readonly Column<I>[],
  items: (source: S) => readonly I[],
): Section<S> {
  return { render: (source) => renderTable(columns, items(source)) };
}

/** Lines of text under the tables (notes, counters too varied for columns). */
export function text<S>(lines: (source: S) => readonly string[]): Section<S> {
  return { render: (source) => lines(source).join('\n') };
}

/** A suite's rows as the plain tables people read, sections a blank line apart. */
export function renderRows<R>(spec: TableSpec<R>, rows: readonly R[]): string {
  const parts =
    spec.per === 'run'
      ? spec.sections.map((s) => s.render(rows))
      : rows.flatMap((row) => spec.sections.map((s) => s.render(row)));
  return parts.join('\n\n');
}

/** Every row of the run: the items of a `per: 'run'` table with a line per row. */
export const allRows = <R>(rows: readonly R[]): readonly R[] => rows;
/** The row itself: the one item of a `per: 'row'` table. */
export const theRow = <R>(row: R): readonly R[] => [row];

// -- cell formats ---------------------------------------------------------------------------------

export const int = (n: number | null): string => String(n);
export const f0 = (n: number): string => n.toFixed(0);
export const f1 = (n: number): string => n.toFixed(1);
export const f2 = (n: number): string => n.toFixed(2);
/** An optional figure: "-" where the run did not measure it. */
export const orDash =
  <T>(format: (value: T) => string) =>
  (value: T | undefined): string =>
    value === undefined ? '-' : format(value);
/** Thousands, no decimals (operations a second). */
export const kilo0 = (n: number): string => (n / 1000).toFixed(0);
/** Thousands to one place (rows a second). */
export const kilo1 = (n: number): string => (n / 1000).toFixed(1);
/** Counters by name, "name=count" apart by spaces; "-" when there are none. */
export const counts = (record: Readonly<Record<string, number>>): string =>
  Object.entries(record)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ') || '-';
