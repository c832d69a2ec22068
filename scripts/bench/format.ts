/** Number formats of the report. */

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export const mebibytes = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;

export const ratio = (value: number): string => `${value.toFixed(2)}×`;

export const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

export const signedPercent = (fraction: number): string => `${fraction >= 0 ? '+' : '−'}${(Math.abs(fraction) * 100).toFixed(2)}%`;

export const bytes = (count: number): string => `${count.toLocaleString('en-US')} B`;

/** Left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
