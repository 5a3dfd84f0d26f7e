import { describe, expect, it } from 'vitest';
import type { ReportDoc } from '../../../bench/report/doc.ts';
import { escapeHtml, html, raw } from '../../../bench/report/html.ts';
import { reportHtml } from '../../../bench/report/html-report.ts';
import { redact } from '../../../bench/report/stderr-capture.ts';
import { TEST_MACHINE as MACHINE } from '../../helpers/bench-machine.ts';

describe('HTML escaping', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes every interpolated string but keeps nested markup', () => {
    const hostile = '"><script>alert(1)</script>';
    const out = html`<p title="${hostile}">${hostile}${html`<i>${'a&b'}</i>`}${raw('&nbsp;')}</p>`;
    expect(out.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;<i>a&amp;b</i>&nbsp;</p>',
    );
    expect(html`${[1, '<', null, undefined, false]}`.value).toBe('1&lt;');
  });

  it('escapes hostile text from a report everywhere it shows up', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const doc: ReportDoc = {
      machine: { ...MACHINE, cpu: evil },
      startedAt: evil,
      suites: {
        sim: { suite: 'sim', machine: MACHINE, rows: [], ratios: {}, skipped: evil, log: [evil] },
        codec: {
          suite: 'codec',
          machine: MACHINE,
          ranWith: evil,
          notes: [evil],
          ratios: { [evil]: 1 },
          rows: [
            {
              frame: evil,
              msgpackDecoder: 'client',
              msgpackEncodeOpsPerSec: 1,
              jsonEncodeOpsPerSec: 1,
              msgpackDecodeOpsPerSec: 1,
              jsonDecodeOpsPerSec: 1,
              msgpackBytes: 1,
              jsonBytes: 1,
              encodeOpsRatio: 1,
              decodeOpsRatio: 1,
              bytesRatio: 1,
            },
          ],
        },
      },
    };
    const page = reportHtml(doc);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps URL passwords out of suite logs', () => {
    expect(redact('no MySQL at mysql://root:hunter2@db:3306 (refused)')).toBe(
      'no MySQL at mysql://root:***@db:3306 (refused)',
    );
    expect(redact('no MySQL at mysql://root@127.0.0.1:3306')).toBe(
      'no MySQL at mysql://root@127.0.0.1:3306',
    );
  });
});
