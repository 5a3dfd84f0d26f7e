import mysql, { type Connection, type RowDataPacket } from 'mysql2/promise';

/** Samples kept per player at most (an hour at one a second). */
const SAMPLES_KEPT = 3600;

/**
 * Reads every player's saved version every `everyMs` on a connection of its
 * own (not through any process's relay), so "a saved version went
 * backwards" is also seen from outside, not only by the audit triggers.
 */
export class VersionSampler {
  /** [at, version] per player, oldest first. */
  readonly samples = new Map<string, [number, number][]>();
  readonly #url: string;
  readonly #everyMs: number;
  #connection: Connection | undefined;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #stopped = false;
  failures = 0;

  constructor(databaseUrl: string, everyMs = 1000) {
    this.#url = databaseUrl;
    this.#everyMs = everyMs;
  }

  async start(): Promise<void> {
    this.#connection = await mysql.createConnection({ uri: this.#url, connectTimeout: 5000 });
    this.#timer = setInterval(() => void this.#sample(), this.#everyMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    while (this.#busy) await new Promise((resolve) => setTimeout(resolve, 20));
    await this.#connection?.end().catch(() => {});
  }

  /** Samples where a player's version was lower than in an earlier sample. */
  backwards(): string[] {
    const out: string[] = [];
    for (const [player, list] of this.samples) {
      for (let i = 1; i < list.length; i++) {
        if (list[i]![1] < list[i - 1]![1])
          out.push(`${player}: version ${list[i - 1]![1]} then ${list[i]![1]} at ${list[i]![0]}`);
      }
    }
    return out;
  }

  async #sample(): Promise<void> {
    if (this.#busy || this.#stopped || !this.#connection) return;
    this.#busy = true;
    try {
      const [rows] = await this.#connection.query<RowDataPacket[]>(
        'SELECT id, version FROM players',
      );
      const at = Date.now();
      for (const r of rows) {
        const id = String(r.id);
        let list = this.samples.get(id);
        if (!list) {
          list = [];
          this.samples.set(id, list);
        }
        list.push([at, Number(r.version)]);
        if (list.length > SAMPLES_KEPT) list.splice(0, list.length - SAMPLES_KEPT);
      }
    } catch {
      this.failures++;
    } finally {
      this.#busy = false;
    }
  }
}
