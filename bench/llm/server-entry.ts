/**
 * The server under test in the `llm` bench: the probe (bench/llm/probe.ts)
 * first, then `npm start`'s own entry, unchanged. An entry rather than a
 * second `--import`, because worker threads inherit the exec arguments and
 * the server's workers have no use for the probe.
 */
import './probe.ts';
import '../../src/cli/start.ts';
