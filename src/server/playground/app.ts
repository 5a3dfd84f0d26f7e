/// <reference lib="dom" />
/**
 * The playground in the browser (bundled by bundle.ts, served as
 * /playground/app.js): get a token, connect with the client SDK, and hand
 * each frame to its panel: stats-panel (clock, speed, fields), event-panel
 * (the pending question, `answer`) and people-panel (NPCs, `talk`, chat).
 */
import { connect, type LifetickClient } from '../../../protocol/client.ts';
import { closeMeaning, isFinalClose } from '../../../protocol/close-codes.ts';
import { byId } from './dom.ts';
import { onEventFrame, pendingEventId, showPending } from './event-panel.ts';
import { errorText } from './format.ts';
import { log, setStatus } from './log.ts';
import { addChat, npcName, setNpcs, showPeople } from './people-panel.ts';
import { applyUpdate, showStats, stopClock } from './stats-panel.ts';

const ui = {
  mintForm: document.getElementById('mint-form') as HTMLFormElement | null,
  mintPlayer: document.getElementById('mint-player') as HTMLInputElement | null,
  connectForm: byId<HTMLFormElement>('connect-form'),
  token: byId<HTMLInputElement>('token'),
  disconnect: byId<HTMLButtonElement>('disconnect'),
  game: byId('game'),
  logUpdates: byId<HTMLInputElement>('log-updates'),
  updateCount: byId('update-count'),
};

let client: LifetickClient | undefined;
/** Bumped by every Connect and Disconnect, so a slow connect that lost the race is dropped. */
let attempts = 0;
let updates = 0;
let refreshing = false;
let refreshAgain = false;

// -- tokens and sessions -----------------------------------------------------------

async function mint(playerId: string): Promise<void> {
  const response = await fetch('/playground/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ playerId }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(body.error ?? `HTTP ${response.status}`);
  ui.token.value = body.token;
  log('info', `minted a development token for ${playerId}`);
}

function wsUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

async function startSession(token: string): Promise<void> {
  endSession();
  const attempt = attempts;
  setStatus('connecting', 'Connecting…');
  try {
    const c = await connect(wsUrl(), token, {
      reconnect: { maxAttempts: 20 },
      // Fleet mode: the SDK follows redirects itself; the log shows each hop.
      onRedirect: (to, hop) =>
        log(
          'frame',
          to.url !== undefined
            ? `redirect ${hop}: to ${to.url}`
            : `redirect ${hop}: shard moving, retry in ${to.retryAfterMs ?? 0} ms`,
        ),
    });
    if (attempt !== attempts) {
      c.close();
      return;
    }
    client = c;
    listen(c);
    showSession(c);
    log('frame', `welcome: ${c.playerId}, ${c.fields.length} fields, ${c.tickHz} ticks/s`);
  } catch (error) {
    if (attempt !== attempts) return;
    setStatus('error', `Could not connect: ${errorText(error)}`);
    log('error', `connect: ${errorText(error)}`);
  }
}

function endSession(): void {
  attempts++;
  client?.close();
  client = undefined;
  stopClock();
  ui.disconnect.disabled = true;
  setStatus('offline', 'Not connected');
}

/** Everything from the client's latest welcome (the first one, or after a reconnect). */
function showSession(c: LifetickClient): void {
  setStatus('online', `Playing as ${c.playerId}`);
  ui.game.hidden = false;
  ui.disconnect.disabled = false;
  showStats(c);
  showPeople(c, c.snapshot!);
  showPending(c, c.snapshot!.pending);
}

/**
 * Fetch the full snapshot: the NPC table, and the pending event, which the
 * server's `pendingEvent` field names only by number. One request at a
 * time; a call while one is out asks for one more after it.
 */
async function refreshState(c: LifetickClient): Promise<void> {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    do {
      refreshAgain = false;
      const snapshot = await c.command('getState', {});
      if (client !== c) return;
      setNpcs(snapshot.npcs);
      if (snapshot.pending?.id !== pendingEventId()) showPending(c, snapshot.pending);
    } while (refreshAgain);
  } catch (error) {
    log('error', `getState: ${errorText(error)}`);
  } finally {
    refreshing = false;
  }
}

// -- frames ----------------------------------------------------------------------

function listen(c: LifetickClient): void {
  // Frames of a session the page has left behind are ignored.
  const live =
    <A extends unknown[]>(f: (...args: A) => void) =>
    (...args: A) => {
      if (client === c) f(...args);
    };
  c.on(
    'welcome',
    live(() => {
      showSession(c);
      log('frame', 'welcome (reconnected)');
    }),
  );
  c.on(
    'update',
    live((changed, tick) => onUpdate(c, changed, tick)),
  );
  c.on(
    'event',
    live((event) => onEventFrame(c, event)),
  );
  c.on(
    'chat',
    live((npcId, message) => {
      addChat(npcId, message);
      const why = message.fallback ? ` (template: ${message.fallback})` : '';
      log('frame', `chat from ${npcName(npcId)}${why}`);
      void refreshState(c); // the reply moved affinity and familiarity
    }),
  );
  c.on(
    'disconnect',
    live((code, reason) => {
      // The SDK gives up after the same codes (close-codes.ts).
      const final = isFinalClose(code);
      setStatus(
        final ? 'offline' : 'connecting',
        final ? `Disconnected: ${closeMeaning(code)}` : 'Reconnecting…',
      );
      log('error', `disconnected (${code}${reason ? `: ${reason}` : ''})`);
    }),
  );
  c.on(
    'reconnect',
    live((attempt) => log('info', `reconnected (try ${attempt})`)),
  );
}

function onUpdate(c: LifetickClient, changed: Readonly<Record<string, number>>, tick: number) {
  updates++;
  ui.updateCount.textContent = String(updates);
  applyUpdate(changed);
  if (changed.pendingEvent === 0) {
    if (pendingEventId()) showPending(c, null);
  } else if (changed.pendingEvent !== undefined) {
    // Another question is waiting: the server's word, whatever event frames came.
    void refreshState(c);
  }
  if (ui.logUpdates.checked) log('frame', `update ${tick}: ${JSON.stringify(changed)}`);
}

// -- wiring ----------------------------------------------------------------------

function randomPlayerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `player-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

if (ui.mintForm && ui.mintPlayer) {
  const input = ui.mintPlayer;
  input.value = randomPlayerId();
  ui.mintForm.addEventListener('submit', (e) => {
    e.preventDefault();
    mint(input.value.trim()).catch((error: unknown) => log('error', `mint: ${errorText(error)}`));
  });
}

ui.connectForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void startSession(ui.token.value.trim());
});

ui.disconnect.addEventListener('click', () => {
  endSession();
  log('info', 'disconnected');
});

window.addEventListener('error', (e) => log('error', `page: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => log('error', `page: ${errorText(e.reason)}`));
showPending(undefined, null);
log('info', 'ready: mint or paste a token, then Connect');
