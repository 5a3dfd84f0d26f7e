/** The `codec` suite's table: one line per frame, MessagePack beside JSON. */
import type { CodecRow } from '../row.ts';
import { allRows, type Column, column, f2, int, kilo0, type TableSpec, table } from './table.ts';

export const CODEC_COLUMNS: readonly Column<CodecRow>[] = [
  column('frame', (r) => r.frame),
  column('mp enc kops/s', (r) => kilo0(r.msgpackEncodeOpsPerSec)),
  column('json enc kops/s', (r) => kilo0(r.jsonEncodeOpsPerSec)),
  column('enc x', (r) => f2(r.encodeOpsRatio)),
  column('mp dec kops/s', (r) => kilo0(r.msgpackDecodeOpsPerSec)),
  column('json dec kops/s', (r) => kilo0(r.jsonDecodeOpsPerSec)),
  column('dec x', (r) => f2(r.decodeOpsRatio)),
  column('mp B', (r) => int(r.msgpackBytes)),
  column('json B', (r) => int(r.jsonBytes)),
  column('bytes x', (r) => f2(r.bytesRatio)),
  column('mp decoder', (r) => r.msgpackDecoder),
];

export const CODEC_TABLES: TableSpec<CodecRow> = {
  per: 'run',
  sections: [table(CODEC_COLUMNS, allRows)],
};
