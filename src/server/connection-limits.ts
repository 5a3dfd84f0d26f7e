/** Why a connection was turned away. */
export const ConnectionRefusal = {
  /** The server holds its total limit of connections. */
  total: 'total',
  /** The client's address (an IPv6 /64) holds its limit. */
  address: 'address',
} as const;
export type ConnectionRefusal = (typeof ConnectionRefusal)[keyof typeof ConnectionRefusal];

/**
 * Counts open connections in all and per address key (address-key.ts), and
 * says whether one more may open. The per-address map holds only keys with an
 * open connection, so it never grows past the total limit.
 */
export class ConnectionLimits {
  readonly #total: number;
  readonly #perAddress: number;
  readonly #byAddress = new Map<string, number>();
  #open = 0;

  constructor(total: number, perAddress: number) {
    this.#total = total;
    this.#perAddress = perAddress;
  }

  /** Count one more connection from `key`, or say why not (and count nothing). */
  admit(key: string): ConnectionRefusal | undefined {
    if (this.#open >= this.#total) return ConnectionRefusal.total;
    const fromKey = this.#byAddress.get(key) ?? 0;
    if (fromKey >= this.#perAddress) return ConnectionRefusal.address;
    this.#byAddress.set(key, fromKey + 1);
    this.#open++;
    return undefined;
  }

  /** A connection that `admit` counted has closed. */
  release(key: string): void {
    const fromKey = this.#byAddress.get(key);
    if (fromKey === undefined) return;
    if (fromKey <= 1) this.#byAddress.delete(key);
    else this.#byAddress.set(key, fromKey - 1);
    this.#open--;
  }

  /** Open connections counted now. */
  get open(): number {
    return this.#open;
  }

  /** Open connections counted for `key`. */
  from(key: string): number {
    return this.#byAddress.get(key) ?? 0;
  }
}
