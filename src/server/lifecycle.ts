/** Where the server is in its life, as `/health` reports it. */
export const ServerPhase = {
  /** Building and binding: not ready for players yet. */
  starting: 'starting',
  ready: 'ready',
  /** Closing: no new connections; players are being saved. */
  stopping: 'stopping',
} as const;
export type ServerPhase = (typeof ServerPhase)[keyof typeof ServerPhase];

/**
 * The server's phase, moved forward only by the server itself (ready once
 * everything runs, stopping when close starts) and read by the gateway and
 * the health route. It never goes back.
 */
export class ServerLifecycle {
  #phase: ServerPhase = ServerPhase.starting;

  get phase(): ServerPhase {
    return this.#phase;
  }

  /** Whether new connections are taken: not once stopping has begun. */
  get accepting(): boolean {
    return this.#phase !== ServerPhase.stopping;
  }

  /** Everything runs. A server already stopping stays stopping. */
  ready(): void {
    if (this.#phase === ServerPhase.starting) this.#phase = ServerPhase.ready;
  }

  stopping(): void {
    this.#phase = ServerPhase.stopping;
  }
}
