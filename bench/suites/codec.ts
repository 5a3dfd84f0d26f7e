import { isDeepStrictEqual } from 'node:util';
import { Unpackr } from 'msgpackr';
import { Bench } from 'tinybench';
import { decodeFrame, encodeFrame, FrameDecodeError } from '../../protocol/codec.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';
import { SPEED_MINUTES_PER_SECOND } from '../../src/sim/clock.ts';
import { CLIENT_FIELDS } from '../../src/world/schema.ts';
import type { CodecRow } from '../row.ts';

export interface CodecSuiteOptions {
  /** Time budget per measured task, in milliseconds (8 tasks per frame). */
  readonly taskMs: number;
}

/** Operations per tinybench sample: one call is far below the timer's resolution. */
const BATCH = 200;

/**
 * A client-side decoder, configured as protocol/client.ts configures its own:
 * used only for frames that decodeFrame (the server's inbound decoder) refuses
 * by design, i.e. `update`, whose `d` has integer keys.
 */
const clientUnpackr = new Unpackr({
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: 'number',
});

interface Sample {
  readonly name: string;
  /** The frame as the server or client hands it to encodeFrame. */
  readonly msgpack: unknown;
  /** The same frame as JSON can carry it (a Map becomes an object with string keys). */
  readonly json: unknown;
}

/** Values of a mid-life adult, by field name; a client field not listed here is 0. */
const STATE_VALUES: Readonly<Record<string, number>> = {
  minuteOfDay: 735,
  dayOfYear: 201,
  year: 2031,
  ageDays: 11_315,
  energy: 72,
  money: 15_340,
  happiness: 64,
  health: 88,
  speed: 1,
  weekday: 3,
  peakEnergy: 95,
  diamonds: 12,
  stress: 23,
  hunger: 41,
  social: 55,
  stage: 2,
  activity: 1,
  alive: 1,
  pendingEvent: 0,
  job: 7,
  salary: 3_200,
  jobPerformance: 61,
  schoolPerformance: 74,
  flags: 37,
};

function fieldId(name: string): number {
  const id = CLIENT_FIELDS.indexOf(name as (typeof CLIENT_FIELDS)[number]);
  if (id < 0) throw new Error(`codec bench: no client field ${name}`);
  return id;
}

/** The four representative frames. */
function samples(): Sample[] {
  // An update: the clock's minute plus five stats that moved this tick.
  const changed: [string, number][] = [
    ['minuteOfDay', 736],
    ['energy', 71],
    ['money', 15_362],
    ['happiness', 65],
    ['stress', 24],
    ['hunger', 43],
  ];
  const d = new Map<number, number>(changed.map(([name, value]) => [fieldId(name), value]));
  const update = { t: 'update', tick: 184_233, d };
  const updateJson = { t: 'update', tick: 184_233, d: Object.fromEntries(d) };

  const event = {
    t: 'event',
    event: {
      id: 'adult.side_project',
      kind: 'question',
      title: 'A side project',
      text: 'A friend wants help building a small online shop on weekends. It pays nothing yet.',
      options: [
        { id: 'join', label: 'Join in', cost: { energy: 10 } },
        { id: 'invest', label: 'Put some money in', cost: { money: 500 } },
        { id: 'decline', label: 'Politely decline' },
      ],
    },
  };

  const cmd = {
    t: 'cmd',
    id: 48_211,
    name: 'answer',
    args: { eventId: 'adult.side_project', optionId: 'join' },
  };

  const state: Record<string, unknown> = {};
  for (const name of CLIENT_FIELDS) state[name] = STATE_VALUES[name] ?? 0;
  state.playerId = 'bot-1234';
  state.npcs = [
    { id: 0, role: 'mother', affinity: 62, familiarity: 90, age: 61 },
    { id: 1, role: 'father', affinity: 48, familiarity: 85, age: 63 },
    { id: 2, role: 'friend', affinity: 35, familiarity: 40, age: 31 },
  ];
  state.pending = null;
  const welcome = {
    t: 'welcome',
    v: PROTOCOL_VERSION,
    playerId: 'bot-1234',
    tickHz: 20,
    fields: [...CLIENT_FIELDS],
    state,
    serverTime: 1_795_000_000_000,
    speeds: [...SPEED_MINUTES_PER_SECOND],
  };

  return [
    { name: 'update', msgpack: update, json: updateJson },
    { name: 'event', msgpack: event, json: event },
    { name: 'cmd', msgpack: cmd, json: cmd },
    { name: 'welcome', msgpack: welcome, json: welcome },
  ];
}

const jsonEncode = (frame: unknown): Buffer => Buffer.from(JSON.stringify(frame), 'utf8');
const jsonDecode = (bytes: Buffer): unknown => JSON.parse(bytes.toString('utf8'));

/** decodeFrame where it accepts the frame, otherwise the client decoder. */
function pickDecoder(bytes: Uint8Array): {
  kind: CodecRow['msgpackDecoder'];
  decode: (b: Uint8Array) => unknown;
} {
  try {
    decodeFrame(bytes);
    return { kind: 'decodeFrame', decode: decodeFrame };
  } catch (error) {
    if (!(error instanceof FrameDecodeError)) throw error;
    return { kind: 'client', decode: (b) => clientUnpackr.unpack(b) };
  }
}

/** Operations a second of a task that ran BATCH operations per call. */
function opsPerSec(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (!result || !('period' in result) || !(result.period > 0)) {
    const error = result && 'error' in result ? `: ${result.error.message}` : '';
    throw new Error(`codec bench: task ${name} did not complete${error}`);
  }
  return (BATCH * 1000) / result.period;
}

/**
 * Suite `codec`: encode and decode of four representative frames with the
 * wire codec (plain MessagePack, protocol/codec.ts) against JSON, side by
 * side in one tinybench run: operations a second, bytes, and msgpack/json
 * ratios of both.
 */
export async function codecSuite(options: CodecSuiteOptions) {
  const frames = samples();
  let sink = 0;
  const bench = new Bench({ time: options.taskMs, warmupTime: Math.min(250, options.taskMs) });
  const decoders = new Map<string, CodecRow['msgpackDecoder']>();
  const sizes = new Map<string, { msgpack: number; json: number }>();

  for (const f of frames) {
    const mpBytes = encodeFrame(f.msgpack);
    const jsonBytes = jsonEncode(f.json);
    const decoder = pickDecoder(mpBytes);
    // Both codecs must carry the same content, or the comparison means nothing.
    const viaMsgpack = JSON.parse(JSON.stringify(decoder.decode(mpBytes)));
    if (!isDeepStrictEqual(viaMsgpack, jsonDecode(jsonBytes))) {
      throw new Error(
        `codec bench: ${f.name} does not round-trip to the same value in both codecs`,
      );
    }
    decoders.set(f.name, decoder.kind);
    sizes.set(f.name, { msgpack: mpBytes.byteLength, json: jsonBytes.byteLength });

    bench.add(`${f.name} msgpack encode`, () => {
      for (let i = 0; i < BATCH; i++) sink += encodeFrame(f.msgpack).byteLength;
    });
    bench.add(`${f.name} json encode`, () => {
      for (let i = 0; i < BATCH; i++) sink += jsonEncode(f.json).byteLength;
    });
    const decode = decoder.decode;
    bench.add(`${f.name} msgpack decode`, () => {
      for (let i = 0; i < BATCH; i++) if (decode(mpBytes) !== null) sink++;
    });
    bench.add(`${f.name} json decode`, () => {
      for (let i = 0; i < BATCH; i++) if (jsonDecode(jsonBytes) !== null) sink++;
    });
  }
  await bench.run();
  if (sink === 0) throw new Error('codec bench: nothing was measured');

  const rows: CodecRow[] = [];
  const ratios: Record<string, number> = {};
  for (const f of frames) {
    const size = sizes.get(f.name)!;
    const mpEnc = opsPerSec(bench, `${f.name} msgpack encode`);
    const jsonEnc = opsPerSec(bench, `${f.name} json encode`);
    const mpDec = opsPerSec(bench, `${f.name} msgpack decode`);
    const jsonDec = opsPerSec(bench, `${f.name} json decode`);
    const row: CodecRow = {
      frame: f.name,
      msgpackDecoder: decoders.get(f.name)!,
      msgpackEncodeOpsPerSec: Math.round(mpEnc),
      jsonEncodeOpsPerSec: Math.round(jsonEnc),
      msgpackDecodeOpsPerSec: Math.round(mpDec),
      jsonDecodeOpsPerSec: Math.round(jsonDec),
      msgpackBytes: size.msgpack,
      jsonBytes: size.json,
      encodeOpsRatio: mpEnc / jsonEnc,
      decodeOpsRatio: mpDec / jsonDec,
      bytesRatio: size.msgpack / size.json,
    };
    rows.push(row);
    ratios[`msgpackOverJsonEncodeOps@${f.name}`] = row.encodeOpsRatio;
    ratios[`msgpackOverJsonDecodeOps@${f.name}`] = row.decodeOpsRatio;
    ratios[`msgpackOverJsonBytes@${f.name}`] = row.bytesRatio;
  }
  return { rows, ratios };
}
