/**
 * The `load` suite's tables: a row is too wide for one line, so each row
 * prints as four one-line tables (connecting, commands, updates, the two
 * processes) and its counters by code.
 */
import type { LoadRow } from '../row.ts';
import {
  type Column,
  column,
  counts,
  f1,
  f2,
  int,
  type TableSpec,
  table,
  text,
  theRow,
} from './table.ts';

export const LOAD_CONNECT_COLUMNS: readonly Column<LoadRow>[] = [
  column('clients', (r) => int(r.clients)),
  column('workers', (r) => int(r.workers)),
  column('tick Hz', (r) => int(r.tickHz)),
  column('attempted', (r) => int(r.connectAttempted)),
  column('connected', (r) => int(r.connectSucceeded)),
  column('failed', (r) => int(r.connectFailed)),
  column('ramp s', (r) => f1(r.rampSeconds)),
  column('welcome p50 ms', (r) => f1(r.welcomeP50Ms)),
  column('welcome p99 ms', (r) => f1(r.welcomeP99Ms)),
  column('welcome max ms', (r) => f1(r.welcomeMaxMs)),
];

export const LOAD_COMMAND_COLUMNS: readonly Column<LoadRow>[] = [
  column('window s', (r) => int(r.seconds)),
  column('cmds sent', (r) => int(r.commandsSent)),
  column('acked', (r) => int(r.commandsAcked)),
  column('errors', (r) => int(r.commandErrors)),
  column('unanswered', (r) => int(r.commandsUnanswered)),
  column('rtt p50 ms', (r) => f2(r.rttP50Ms)),
  column('rtt p95 ms', (r) => f2(r.rttP95Ms)),
  column('rtt p99 ms', (r) => f2(r.rttP99Ms)),
  column('rtt max ms', (r) => f2(r.rttMaxMs)),
];

export const LOAD_UPDATE_COLUMNS: readonly Column<LoadRow>[] = [
  column('updates/s', (r) => f1(r.updatesPerSec)),
  column('updates/s/client', (r) => f2(r.updatesPerSecPerClient)),
  column('B/update', (r) => f1(r.bytesPerUpdate)),
  column('max updates/player/tick', (r) => int(r.maxUpdatesPerPlayerTick)),
  column('out of order', (r) => int(r.updatesOutOfOrder)),
  column('events', (r) => int(r.eventsReceived)),
  column('unexpected closes', (r) => int(r.unexpectedCloses)),
];

export const LOAD_PROCESS_COLUMNS: readonly Column<LoadRow>[] = [
  column('server CPU %', (r) => f1(r.serverCpuPct)),
  column('CPU max %', (r) => f1(r.serverCpuMaxPct)),
  column('RSS MB', (r) => int(r.serverRssMB)),
  column('RSS max MB', (r) => int(r.serverRssMaxMB)),
  column('bots CPU %', (r) => f1(r.botsCpuPct)),
  column('bots loop p99 ms', (r) => f2(r.botsLoopDelayP99Ms)),
  column('tick p99 ms', (r) => f2(r.serverTickP99Ms)),
  column('late ticks', (r) => int(r.serverLateTicks)),
  column('updates skipped', (r) => int(r.serverUpdatesSkipped)),
  column('rate limited', (r) => int(r.serverRateLimited)),
  column('log warn+', (r) => int(r.serverLogWarnings)),
  column('shutdown s', (r) => f2(r.shutdownSeconds)),
  column('exit', (r) => int(r.serverExitCode)),
];

export const LOAD_TABLES: TableSpec<LoadRow> = {
  per: 'row',
  sections: [
    table(LOAD_CONNECT_COLUMNS, theRow),
    table(LOAD_COMMAND_COLUMNS, theRow),
    table(LOAD_UPDATE_COLUMNS, theRow),
    table(LOAD_PROCESS_COLUMNS, theRow),
    text((r) => [
      `close codes: ${counts(r.closeCodes)}`,
      `error codes: ${counts(r.errorCodes)}`,
      `connect failures: ${counts(r.connectFailures)}`,
    ]),
  ],
};
