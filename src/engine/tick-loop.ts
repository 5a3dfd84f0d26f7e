/**
 * A drift-corrected real-time loop. Tick n is due at start + n * period,
 * measured from one fixed origin, so timer jitter never accumulates into
 * drift. A tick that finishes late does not queue the ticks it missed: the
 * next tick runs at once and covers every period owed ("merged"), up to
 * `maxMerge` periods; game time owed beyond that is dropped, so a stalled
 * process catches up with one bounded tick instead of a burst. Both are
 * counted.
 */
export interface TickLoopOptions {
  readonly hz: number;
  /** Most tick periods one tick may cover. */
  readonly maxMerge: number;
  /** Runs one tick covering `quanta` periods. Rejections go to `onError`; the loop goes on. */
  readonly run: (quanta: number) => Promise<unknown>;
  readonly onError: (error: unknown) => void;
}

export interface TickLoopCounters {
  readonly ticks: number;
  /** Periods that were folded into a later tick. */
  readonly merged: number;
  /** Periods of game time given up because more than maxMerge were owed. */
  readonly dropped: number;
  readonly failed: number;
}

export class TickLoop {
  readonly #options: TickLoopOptions;
  #hz: number;
  #origin = 0;
  #periodsDone = 0;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #inFlight: Promise<void> | undefined;
  #ticks = 0;
  #merged = 0;
  #dropped = 0;
  #failed = 0;

  constructor(options: TickLoopOptions) {
    this.#options = options;
    this.#hz = options.hz;
  }

  get hz(): number {
    return this.#hz;
  }

  get counters(): TickLoopCounters {
    return {
      ticks: this.#ticks,
      merged: this.#merged,
      dropped: this.#dropped,
      failed: this.#failed,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#origin = performance.now();
    this.#periodsDone = 0;
    this.#schedule();
  }

  /** Change the rate from the next tick on, without a gap: the origin moves to now. */
  setHz(hz: number): void {
    if (!(hz > 0 && hz <= 1000)) throw new RangeError(`tick rate must be in (0, 1000], got ${hz}`);
    this.#hz = hz;
    this.#origin = performance.now();
    this.#periodsDone = 0;
  }

  /** Stop scheduling; resolves when a tick in flight has finished. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  #schedule(): void {
    if (!this.#running) return;
    const period = 1000 / this.#hz;
    const due = this.#origin + (this.#periodsDone + 1) * period;
    const delay = Math.max(0, due - performance.now());
    this.#timer = setTimeout(() => {
      this.#inFlight = this.#fire().finally(() => {
        this.#inFlight = undefined;
        this.#schedule();
      });
    }, delay);
  }

  async #fire(): Promise<void> {
    const period = 1000 / this.#hz;
    const owed = Math.floor((performance.now() - this.#origin) / period) - this.#periodsDone;
    if (owed < 1) return; // the timer fired early: go back to sleep until due
    const quanta = Math.min(owed, this.#options.maxMerge);
    this.#merged += quanta - 1;
    this.#dropped += owed - quanta;
    this.#periodsDone += owed;
    this.#ticks++;
    try {
      await this.#options.run(quanta);
    } catch (error) {
      this.#failed++;
      this.#options.onError(error);
    }
  }
}
