import type { CommandServices } from '../commands/context.ts';
import type { Config } from '../config.ts';
import type { Engine } from '../engine/engine.ts';
import type { ChatService } from '../llm/chat-service.ts';
import type { CommandLog } from '../ops/command-log.ts';
import type { Logger } from '../ops/log.ts';
import type { ServerMetrics } from '../ops/metrics.ts';
import type { ChatLog } from '../persistence/chat-log.ts';
import type { PlayerStore } from '../persistence/player-store.ts';
import type { WriteBehindWriter } from '../persistence/writer.ts';
import type { ColdStates } from './cold-states.ts';
import type { PlayerDirectory } from './players.ts';
import type { PurchaseSaver } from './purchase-saver.ts';
import type { Session } from './session.ts';

/** What the server's parts share: one object, built once in server.ts. */
export interface ServerContext {
  readonly config: Config;
  readonly engine: Engine;
  readonly players: PlayerDirectory;
  readonly writer: WriteBehindWriter;
  readonly store: PlayerStore;
  readonly chatLog: ChatLog;
  readonly chat: ChatService;
  /** Resident players' cold state, by slot. */
  readonly cold: ColdStates;
  /** Purchases saved before they are acknowledged, one at a time per player. */
  readonly purchases: PurchaseSaver;
  /** What command handlers reach beyond the player's state. */
  readonly services: CommandServices;
  /** Wall-clock ms (a test clock in tests): daily rewards, quests, deletion grace. */
  readonly clock: () => number;
  readonly metrics: ServerMetrics;
  /** One line per answered command (and the command latency histogram). */
  readonly commandLog: CommandLog;
  readonly logger: Logger;
  /** HS256 key of the token secret. */
  readonly key: Uint8Array;
  /** Every open connection. */
  readonly sessions: Set<Session>;
  /** The live session of each connected player. */
  readonly live: Map<string, Session>;
  /** The live session by slot, for publishing; undefined where nobody is connected. */
  readonly liveBySlot: (Session | undefined)[];
  closing: boolean;
  ready: boolean;
}
