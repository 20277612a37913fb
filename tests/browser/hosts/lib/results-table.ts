// Collects each check's outcome per host and prints them as the "Works with" table, so the
// table in the docs is copied from a run, not written from memory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class ResultsTable {
  private readonly rows = new Map<string, Map<string, string>>();
  private readonly columns: string[];

  /** `columns`: the order to print them in; others are added as they first appear. */
  constructor(columns: string[] = []) {
    this.columns = [...columns];
  }

  set(row: string, column: string, outcome: string): void {
    if (!this.columns.includes(column)) this.columns.push(column);
    if (!this.rows.has(row)) this.rows.set(row, new Map());
    this.rows.get(row)!.set(column, outcome);
  }

  /** Wraps a test body so its outcome lands in the table (the error is rethrown). */
  recorded(row: string, column: string, body: () => Promise<void> | void): () => Promise<void> {
    return async () => {
      try {
        await body();
        this.set(row, column, 'works');
      } catch (error) {
        this.set(row, column, `FAILS: ${String(error instanceof Error ? error.message : error).split('\n')[0]!.slice(0, 400)}`);
        throw error;
      }
    };
  }

  markdown(): string {
    const header = `| host | ${this.columns.join(' | ')} |\n|---|${this.columns.map(() => '---').join('|')}|\n`;
    const body = [...this.rows].map(([row, cells]) => `| ${row} | ${this.columns.map((c) => (cells.get(c) ?? '').replaceAll('|', '\\|')).join(' | ')} |`);
    return header + body.join('\n') + '\n';
  }

  write(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, this.markdown());
  }
}
