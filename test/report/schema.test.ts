/** docs/report.schema.json is the JSON Schema of report.json as report/schema.ts declares it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from '../../report/schema.ts';

describe('the JSON Schema of report.json', () => {
  it('is the committed docs/report.schema.json (npm run report-schema writes it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
  });
});
