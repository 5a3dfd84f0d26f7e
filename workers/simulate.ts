/**
 * The Piscina task entry: advances one batch of slots by one tick.
 *
 * It imports the rules and the catalog and nothing else heavy: no sockets, no
 * database, no LLM. It writes only its own batch's slots (columns and dirty
 * masks), so batches never race. Ordering with the main thread needs no
 * locks: the main thread touches the columns only between ticks, and the
 * task hand-off (postMessage out, result message back) orders the memory on
 * both sides of a phase.
 */
import { workerData } from 'node:worker_threads';
import { defaultCatalog } from '../src/content/default-catalog.ts';
import type { SimulateResult, SimulateTask, SimulateWorkerData } from '../src/engine/messages.ts';
import { simulateRange } from '../src/sim/advance.ts';
import { microsPerQuantum } from '../src/sim/clock.ts';
import type { FiredEvents } from '../src/sim/events.ts';
import { type Columns, viewColumns } from '../src/world/columns.ts';

const { buffers } = workerData as SimulateWorkerData;
const catalog = defaultCatalog();
let columns: Columns | undefined;
let tickHz = 0;
let timeScale = 0;
let micros: Float64Array = new Float64Array(0);
// One events buffer per thread, reused by every task.
const fired: FiredEvents = [];

export default function simulate(task: SimulateTask): SimulateResult {
  if (columns?.capacity !== task.capacity) columns = viewColumns(buffers, task.capacity);
  if (task.tickHz !== tickHz || task.timeScale !== timeScale) {
    tickHz = task.tickHz;
    timeScale = task.timeScale;
    micros = microsPerQuantum(tickHz, timeScale);
  }
  fired.length = 0;
  const minutes = simulateRange(columns, task.start, task.end, task.quanta, micros, catalog, fired);
  return { minutes, events: Int32Array.from(fired) };
}
