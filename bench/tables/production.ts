/**
 * The `production` suite's tables: the load suite's four tables for the
 * bots, then what the resident million adds (the server's own ticks, the
 * writer's oldest unsaved change).
 */
import type { ProductionRow } from '../suites/production.ts';
import { LOAD_TABLES } from './load.ts';
import {
  type Column,
  column,
  f1,
  f2,
  int,
  type Section,
  type TableSpec,
  table,
  theRow,
} from './table.ts';

export const PRODUCTION_COLUMNS: readonly Column<ProductionRow>[] = [
  column('residents', (r) => int(r.residents)),
  column('tick p50 ms', (r) => f2(r.tickP50Ms)),
  column('tick max ms', (r) => f2(r.tickMaxMs)),
  column('late in window', (r) => int(r.lateTicksInWindow)),
  column('oldest unsaved max s', (r) => f1(r.oldestUnsavedMaxMs / 1000)),
];

// A production row is a load row with more: the load sections print it as they are.
const loadSections = LOAD_TABLES.sections as readonly Section<ProductionRow>[];

export const PRODUCTION_TABLES: TableSpec<ProductionRow> = {
  per: 'row',
  sections: [...loadSections, table(PRODUCTION_COLUMNS, theRow)],
};
