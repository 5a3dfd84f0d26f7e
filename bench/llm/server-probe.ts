/**
 * The bench's side of the probe preloaded into the `llm` bench's server
 * (bench/llm/probe.ts): asks over the IPC channel for the tick and memory
 * figures only the server's own process can see.
 */
import type { ChildProcess } from 'node:child_process';
import { withTimeout } from '../child-process.ts';
import type { ProbeReply, ProbeRequest } from './messages.ts';

const PROBE_TIMEOUT_MS = 10_000;

/** Asks the probe inside the server (bench/llm/probe.ts) over IPC. */
export class Probe {
  #seq = 0;
  readonly #pending = new Map<number, (reply: ProbeReply) => void>();

  constructor(private readonly server: ChildProcess) {
    server.on('message', (message: ProbeReply) => {
      if (message?.type !== 'probe') return;
      this.#pending.get(message.seq)?.(message);
      this.#pending.delete(message.seq);
    });
  }

  ask(reset: boolean, gc = false): Promise<ProbeReply> {
    const seq = ++this.#seq;
    const reply = new Promise<ProbeReply>((resolve, reject) => {
      if (!this.server.connected) {
        reject(new Error('the server is gone (its IPC channel is closed)'));
        return;
      }
      this.#pending.set(seq, resolve);
      this.server.send({ type: 'probe', seq, reset, gc } satisfies ProbeRequest, (error) => {
        if (error) reject(error);
      });
    });
    return withTimeout(reply, PROBE_TIMEOUT_MS, 'the probe in the server did not answer').finally(
      () => this.#pending.delete(seq),
    );
  }
}
